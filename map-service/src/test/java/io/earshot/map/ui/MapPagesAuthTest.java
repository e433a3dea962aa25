package io.earshot.map.ui;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import io.earshot.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Sign-in and roles of the map pages with the session cookie: 303 to the sign-in page, 403 pages, CSRF, headers. */
@QuarkusTest
class MapPagesAuthTest {
    static final String COOKIE = "earshot_session";

    @ParameterizedTest
    @ValueSource(strings = {"/ui/maps", "/ui/maps/acme/default?version=2", "/ui/review"})
    void withoutASessionPagesLeadToTheSignInPageAndBack(String page) {
        String location = given().redirects().follow(false).get(page).then().statusCode(303)
                .extract().header("Location");
        org.assertj.core.api.Assertions.assertThat(java.net.URLDecoder.decode(location,
                java.nio.charset.StandardCharsets.UTF_8))
                .endsWith("/ui/login?next=" + page);
        given().redirects().follow(false).cookie(COOKIE, TestTokens.expired("analyst")).get(page).then().statusCode(303)
                .header("Location", containsString("/ui/login"));
    }

    @Test
    void aPostWithoutASessionIsSentToSignInAndDecidesNothing() {
        given().redirects().follow(false).contentType("application/x-www-form-urlencoded").formParam("reason", "x")
                .post("/ui/review/" + UUID.randomUUID() + "/reject").then().statusCode(303)
                .header("Location", endsWith("/ui/login"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"agent", "lead", "service"})
    void otherRolesGetA403Page(String role) {
        for (String page : new String[]{"/ui/maps", "/ui/maps/acme/default", "/ui/review"}) {
            given().cookie(COOKIE, TestTokens.token(role)).get(page).then().statusCode(403)
                    .contentType(containsString("text/html")).body(containsString("Not for your role"));
        }
    }

    @Test
    void commsReadsTheCanvasWithTheCookieButNotTheQueue() {
        given().cookie(COOKIE, TestTokens.token("comms")).get("/ui/maps/acme/default").then().statusCode(200)
                .contentType(containsString("text/html")).body(containsString("Empathy map: default"))
                .header("Content-Security-Policy", containsString("default-src 'self'"))
                .header("X-Content-Type-Options", equalTo("nosniff")).header("Cache-Control", equalTo("no-store"));
        given().cookie(COOKIE, TestTokens.token("comms")).get("/ui/review").then().statusCode(403);
        given().cookie(COOKIE, TestTokens.token("comms")).header("Sec-Fetch-Site", "same-origin")
                .contentType("application/x-www-form-urlencoded").post("/ui/maps/acme/default/versions")
                .then().statusCode(403);
    }

    @Test
    void aCookieOnlyPostFromAnotherSiteIsRefused() {
        given().cookie(COOKIE, TestTokens.token("analyst")).header("Origin", "https://evil.example")
                .contentType("application/x-www-form-urlencoded").formParam("reason", "csrf")
                .post("/ui/review/" + UUID.randomUUID() + "/reject").then().statusCode(403);
        // The same post from the page itself reaches the review service (unknown candidate: 404 page).
        given().cookie(COOKIE, TestTokens.token("analyst")).header("Sec-Fetch-Site", "same-origin")
                .contentType("application/x-www-form-urlencoded").formParam("reason", "fine")
                .post("/ui/review/" + UUID.randomUUID() + "/reject").then().statusCode(404)
                .contentType(containsString("text/html")).body(containsString("not found"));
    }

    @Test
    void theStylesheetIsServedWithTheSecurityHeaders() {
        given().get("/ui/map/map.css").then().statusCode(200).contentType(containsString("text/css"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .body(containsString(".canvas"));
    }
}
