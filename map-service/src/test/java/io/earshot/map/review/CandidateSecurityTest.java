package io.earshot.map.review;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.earshot.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class CandidateSecurityTest {
    static final String PATH = "/api/v1/candidates";

    @Test
    void noTokenIs401Problem() {
        given().get(PATH).then().statusCode(401).contentType("application/problem+json").header("WWW-Authenticate",
                "Bearer");
        given().get(PATH + "/" + UUID.randomUUID()).then().statusCode(401).contentType("application/problem+json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"agent", "lead"})
    void rolesWithoutReviewRightsAre403Problem(String role) {
        given().header("Authorization", TestTokens.bearer(role)).get(PATH).then().statusCode(403)
                .contentType("application/problem+json").body("status", equalTo(403));
        given().header("Authorization", TestTokens.bearer(role)).get(PATH + "/" + UUID.randomUUID()).then().statusCode(
                403);
    }

    @ParameterizedTest
    @ValueSource(strings = {"analyst", "admin", "comms", "service"})
    void reviewRolesMayRead(String role) {
        given().header("Authorization", TestTokens.bearer(role)).queryParam("limit", 1).get(PATH).then().statusCode(
                200);
        given().header("Authorization", TestTokens.bearer(role)).get(PATH + "/" + UUID.randomUUID()).then().statusCode(
                404);
    }

    @Test
    void expiredTamperedAndForeignTokensAre401() {
        for (String token : new String[]{TestTokens.expired("analyst"), TestTokens.tampered("agent"),
                TestTokens.wrongIssuer("analyst"), TestTokens.wrongAudience("analyst"), "not.a.jwt"}) {
            given().header("Authorization", "Bearer " + token).get(PATH).then().statusCode(401)
                    .contentType("application/problem+json");
        }
    }

    @Test
    void healthAndMetricsAreOpenButOpenApiIsNot() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200).body(containsString("earshot_candidates_received"));
        given().get("/q/openapi").then().statusCode(401);
        given().header("Authorization", TestTokens.bearer("agent")).get("/q/openapi").then().statusCode(200)
                .body(containsString("/api/v1/candidates"));
    }

    @Test
    void readinessReflectsDatabaseAndKafka() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(containsString("Reactive PostgreSQL"), containsString("Kafka")));
    }
}
