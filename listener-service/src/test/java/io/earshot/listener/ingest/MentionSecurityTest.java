package io.earshot.listener.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.earshot.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class MentionSecurityTest {
    static final String BODY = MentionResourceTest.mention("sec-1", "hello");

    @Test
    void noTokenIs401Problem() {
        given().contentType(ContentType.JSON).body(BODY).post("/api/v1/mentions").then()
                .statusCode(401).contentType("application/problem+json").header("WWW-Authenticate", "Bearer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"agent", "lead", "comms", "analyst"})
    void rolesOtherThanServiceAndAdminMayNotIngest(String role) {
        given().header("Authorization", TestTokens.bearer(role)).contentType(ContentType.JSON).body(BODY)
                .post("/api/v1/mentions").then().statusCode(403).contentType("application/problem+json")
                .body("status", equalTo(403));
    }

    @Test
    void expiredTamperedAndForeignTokensAre401() {
        for (String token : new String[]{TestTokens.expired("service"), TestTokens.tampered("service"),
                TestTokens.wrongIssuer("service"), TestTokens.wrongAudience("service"), "not.a.jwt"}) {
            given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON).body(BODY)
                    .post("/api/v1/mentions").then().statusCode(401).contentType("application/problem+json");
        }
    }

    @Test
    void readingMentionsNeedsAToken() {
        given().get("/api/v1/mentions/00000000-0000-0000-0000-000000000000").then().statusCode(401);
    }

    @Test
    void healthAndMetricsAreOpenButOpenApiIsNot() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(401);
        given().header("Authorization", TestTokens.bearer("agent")).get("/q/openapi").then().statusCode(200);
    }

    /**
     * Readiness is what serving needs: PostgreSQL. Redis is a disposable fast path and the outbox keeps accepted
     * mentions through a Kafka outage, so neither may take the listener out of its Service.
     */
    @Test
    void readinessReflectsTheDatabaseOnlyNotRedisOrKafka() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", org.hamcrest.Matchers.hasItem(org.hamcrest.Matchers.containsString(
                        "Reactive PostgreSQL")))
                .body("checks.name", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(org.hamcrest.Matchers
                        .containsString("Redis"))))
                .body("checks.name", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(org.hamcrest.Matchers
                        .containsString("Kafka"))));
    }
}
