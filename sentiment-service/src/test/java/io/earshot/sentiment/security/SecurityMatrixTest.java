package io.earshot.sentiment.security;

import static io.earshot.testing.SecurityMatrix.ROLES;
import static io.earshot.testing.SecurityMatrix.api;

import io.earshot.sentiment.pipeline.ScoreResource;
import io.earshot.testing.SecurityMatrix;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md "Roles" for the sentiment service, endpoint by endpoint: the labelling queue is the analyst's; every role
 * reads scores and topics, analysts and admins edit topics; scoring a text on demand is for analysts, admins and
 * machine clients. Health and metrics are open, OpenAPI needs a token.
 */
@QuarkusTest
class SecurityMatrixTest {
    static final String ID = "00000000-0000-0000-0000-00000000b001";
    static final String[] EVERYONE = ROLES.toArray(String[]::new);
    static final SecurityMatrix MATRIX = new SecurityMatrix(List.of(
            api("GET", "/api/v1/reviews", "analyst"),
            api("GET", "/api/v1/reviews/" + ID, "analyst"),
            api("PUT", "/api/v1/reviews/" + ID + "/label", "analyst").json("{}"),
            api("GET", "/api/v1/reviews/export", "analyst"),
            api("GET", "/api/v1/reviews/agreement", "analyst"),
            api("GET", "/api/v1/brands/acme/topics", EVERYONE),
            api("GET", "/api/v1/brands/acme/topics/" + ID, EVERYONE),
            api("POST", "/api/v1/brands/acme/topics", "analyst", "admin").json("{}"),
            api("PUT", "/api/v1/brands/acme/topics/" + ID, "analyst", "admin").json("{}"),
            api("DELETE", "/api/v1/brands/acme/topics/" + ID, "analyst", "admin"),
            api("GET", "/api/v1/scores/" + ID, EVERYONE),
            api("POST", "/api/v1/scores/preview", "analyst", "service", "admin").json("{}")));

    @Test
    void everyEndpointAnswersOnlyTheRolesOfDesignMd() {
        MATRIX.check();
    }

    @Test
    void expiredTamperedForeignAndGarbageTokensAreRefusedEverywhere() {
        MATRIX.checkBadTokens("GET /api/v1/reviews", "POST /api/v1/brands/acme/topics", "GET /api/v1/scores/" + ID,
                "GET /q/openapi");
    }

    @Test
    void everyEndpointOfTheServiceHasARow() {
        MATRIX.assertCovers("io.earshot.sentiment", ScoreResource.class);
    }
}
