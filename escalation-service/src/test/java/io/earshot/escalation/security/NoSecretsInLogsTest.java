package io.earshot.escalation.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.earshot.testing.LogCapture;
import io.earshot.testing.TestTokens;
import io.earshot.web.Session;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the escalation service handles that must never be logged: bearer tokens (good and bad), the token pasted at
 * sign-in and the session cookie made of it, and webhook signing secrets, created, rotated and used to sign deliveries
 * that fail (the failures are logged). Earshot's code and the JWT and security layers log at DEBUG here.
 */
@QuarkusTest
@TestProfile(NoSecretsInLogsTest.Debug.class)
class NoSecretsInLogsTest {
    public static class Debug implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return LogCapture.SECURITY_DEBUG;
        }
    }

    @Test
    void tokensSessionsAndWebhookSecretsStayOutOfTheLog() {
        String agent = TestTokens.token("agent");
        String admin = TestTokens.token("admin");
        String expired = TestTokens.expired("agent");
        String tampered = TestTokens.tampered("agent");
        String origin = RestAssured.baseURI + ":" + RestAssured.port;
        try (LogCapture log = LogCapture.start()) {
            // Sign-in with a good token, then the console with the session cookie; bad tokens at sign-in and as Bearer.
            Response signIn = given().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                    .header("Origin", origin).formParam("token", agent).formParam("next", "/ui/console").post(
                            "/ui/login");
            assertThat(signIn.statusCode()).isEqualTo(303);
            String session = signIn.getCookie(Session.COOKIE);
            assertThat(session).isNotBlank();
            given().cookie(Session.COOKIE, session).redirects().follow(false).get("/ui/console").then().statusCode(200);
            for (String bad : List.of(expired, tampered)) {
                given().redirects().follow(false).contentType("application/x-www-form-urlencoded").header("Origin",
                        origin)
                        .formParam("token", bad).post("/ui/login").then().statusCode(400);
                given().header("Authorization", "Bearer " + bad).get("/api/v1/cases").then().statusCode(401);
            }
            given().header("Authorization", "Bearer " + agent).get("/api/v1/audit").then().statusCode(403);

            // A webhook endpoint that refuses connections: its signed deliveries fail and are retried, with log lines.
            Response created = given().header("Authorization", "Bearer " + admin).contentType(ContentType.JSON)
                    .body("{\"url\":\"http://127.0.0.1:9/earshot-hook\",\"format\":\"event\"}")
                    .post("/api/v1/webhooks/endpoints");
            created.then().statusCode(201);
            String id = created.path("id");
            String secret = created.path("secret");
            assertThat(secret).isNotBlank();
            String rotated = given().header("Authorization", "Bearer " + admin).contentType(ContentType.JSON)
                    .body("{\"rotateSecret\":true}").patch("/api/v1/webhooks/endpoints/" + id).then().statusCode(200)
                    .extract().path("secret");
            assertThat(rotated).isNotBlank().isNotEqualTo(secret);
            given().header("Authorization", "Bearer " + admin).post("/api/v1/webhooks/endpoints/" + id + "/ping")
                    .then().statusCode(202);
            await().atMost(Duration.ofSeconds(30)).until(() -> given().header("Authorization", "Bearer " + admin)
                    .get("/api/v1/webhooks/deliveries?endpoint=" + id).then().statusCode(200).extract()
                    .<List<Integer>>path("items.attempts").stream().anyMatch(a -> a >= 1));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> log.records().stream().anyMatch(r -> r.contains("webhook delivery")));
            given().header("Authorization", "Bearer " + admin).delete("/api/v1/webhooks/endpoints/" + id).then()
                    .statusCode(204);

            log.assertNoneOf(agent, admin, expired, tampered, session, secret, rotated);
        }
    }
}
