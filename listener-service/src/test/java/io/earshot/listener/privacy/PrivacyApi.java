package io.earshot.listener.privacy;

import static io.restassured.RestAssured.given;

import io.earshot.testing.TestTokens;
import io.restassured.http.ContentType;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/** Test helpers for the privacy API, and a JDBC peek at the listener's own test database. */
public final class PrivacyApi {
    private PrivacyApi() {}

    /** Opts a subject out as admin; the opt-out's id. */
    public static String optOut(String source, String authorId, String handle) {
        return given().header("Authorization", TestTokens.bearer("admin")).contentType(ContentType.JSON)
                .body(subject(source, authorId, handle)).post("/api/v1/opt-outs").then().statusCode(201)
                .extract().path("id");
    }

    public static void removeOptOut(String id) {
        given().header("Authorization", TestTokens.bearer("admin")).delete("/api/v1/opt-outs/" + id).then().statusCode(
                204);
    }

    public static String subject(String source, String authorId, String handle) {
        StringBuilder sb = new StringBuilder("{\"subject\":{\"source\":\"").append(source).append('"');
        if (authorId != null) {
            sb.append(",\"authorId\":\"").append(authorId).append('"');
        }
        if (handle != null) {
            sb.append(",\"handle\":\"").append(handle).append('"');
        }
        return sb.append("}}").toString();
    }

    /** {@code select count(*) ...} with one string parameter, on the test database. */
    public static long count(String sql, String... params) {
        Config c = ConfigProvider.getConfig();
        try (Connection conn = DriverManager.getConnection(c.getValue("quarkus.datasource.jdbc.url", String.class),
                c.getValue("quarkus.datasource.username", String.class),
                c.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
                PreparedStatement st = conn.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setString(i + 1, params[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
