package io.earshot.listener.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.testing.LogCapture;
import io.earshot.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Bearer tokens, good and bad, never reach the log, not even at DEBUG for Earshot's code and the JWT and security
 * layers (the levels someone turns on to find out why a token is refused).
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
    void tokensOfEveryKindStayOutOfTheLog() {
        String service = TestTokens.token("service");
        String analyst = TestTokens.token("analyst");
        String agent = TestTokens.token("agent");
        String[] bad = {TestTokens.expired("service"), TestTokens.tampered("service"), TestTokens.wrongIssuer(
                "service"),
                TestTokens.wrongAudience("service")};
        String run = UUID.randomUUID().toString().substring(0, 8);
        String mention = """
                {"source":"mastodon","externalId":"nosecret-%s","url":"https://mastodon.example/@ann/%s","brand":"Acme",
                 "author":{"id":"ann-42","handle":"@ann","displayName":"Ann","followers":1,"verified":false},
                 "text":"my card is 4111 1111 1111 1111","lang":"en","createdAt":"2026-11-20T10:00:00Z"}""".formatted(
                run, run);
        try (LogCapture log = LogCapture.start()) {
            String id = given().header("Authorization", "Bearer " + service).contentType(ContentType.JSON).body(mention)
                    .post("/api/v1/mentions").then().statusCode(202).extract().path("ids[0]");
            given().header("Authorization", "Bearer " + analyst).get("/api/v1/mentions/" + id).then().statusCode(200);
            given().header("Authorization", "Bearer " + agent).contentType(ContentType.JSON).body(mention)
                    .post("/api/v1/mentions").then().statusCode(403);
            given().header("Authorization", "Bearer " + service).header("Idempotency-Key", "k-" + run)
                    .contentType(ContentType.JSON).body("{\"text\":1}").post("/api/v1/mentions").then().statusCode(400);
            for (String token : bad) {
                given().header("Authorization", "Bearer " + token).get("/api/v1/mentions/" + id).then().statusCode(401);
            }
            given().header("Authorization", "Bearer " + agent).get("/q/openapi").then().statusCode(200);

            assertThat(log.size()).as("the capture saw the service's logging").isPositive();
            log.assertNoneOf(service, analyst, agent, bad[0], bad[1], bad[2], bad[3]);
        }
    }

    @Test
    void sourceCredentialsStayOutOfTheLog() {
        String admin = TestTokens.bearer("admin");
        String secret = "sk-" + UUID.randomUUID();
        String clientId = "cid-" + UUID.randomUUID().toString().substring(0, 8);
        // authUrl on a closed loopback port: the poll fails (and is logged) with the credentials in hand.
        String source = """
                {"kind":"reddit","brand":"Acme","pollInterval":"PT0.3S",
                 "config":{"baseUrl":"http://127.0.0.1:9","authUrl":"http://127.0.0.1:9"},
                 "credentials":{"clientId":"%s","clientSecret":"%s","username":"earshot_dev"}}""".formatted(clientId,
                secret);
        try (LogCapture log = LogCapture.start()) {
            String id = given().header("Authorization", admin).contentType(ContentType.JSON).body(source)
                    .post("/api/v1/sources").then().statusCode(201).extract().path("id");
            given().header("Authorization", admin).contentType(ContentType.JSON)
                    .body("{\"credentials\":{\"clientId\":\"" + clientId + "\",\"clientSecret\":\"" + secret
                            + "\\u0001\"}}")
                    .patch("/api/v1/sources/" + id).then().statusCode(400);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> given().header(
                    "Authorization", admin)
                    .get("/api/v1/sources/" + id).then().extract().jsonPath().getInt("counts.errors") >= 2);
            given().header("Authorization", admin).delete("/api/v1/sources/" + id).then().statusCode(204);
            log.assertNoneOf(secret, clientId);
        }
    }
}
