package io.earshot.listener.security;

import static io.earshot.testing.SecurityMatrix.api;

import io.earshot.listener.ingest.MentionResource;
import io.earshot.testing.SecurityMatrix;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md "Roles" for the listener, endpoint by endpoint: ingest and imports are the machine clients' ({@code service})
 * and {@code admin}'s; sources, source health, erasures and opt-outs are {@code admin}'s; every role may read a mention.
 * Health and metrics are open, the OpenAPI document and Swagger UI need a token of any role.
 */
@QuarkusTest
class SecurityMatrixTest {
    static final String ID = "00000000-0000-0000-0000-00000000a001";
    static final SecurityMatrix MATRIX = new SecurityMatrix(List.of(
            api("POST", "/api/v1/mentions", "service", "admin").json("{}"),
            api("GET", "/api/v1/mentions/" + ID, SecurityMatrix.ROLES.toArray(String[]::new)),
            api("POST", "/api/v1/conversations/c1/turns", "service", "admin").json("{}"),
            api("GET", "/api/v1/conversations/c1", "service", "admin", "agent", "lead"),
            api("POST", "/api/v1/imports", "service", "admin").body("text/csv", ""),
            api("GET", "/api/v1/imports/" + ID, "service", "admin"),
            api("GET", "/api/v1/imports/" + ID + "/errors", "service", "admin"),
            api("POST", "/api/v1/sources", "admin").json("{}"),
            api("GET", "/api/v1/sources", "admin"),
            api("GET", "/api/v1/sources/" + ID, "admin"),
            api("PATCH", "/api/v1/sources/" + ID, "admin").json("{}"),
            api("POST", "/api/v1/sources/" + ID + "/pause", "admin"),
            api("POST", "/api/v1/sources/" + ID + "/resume", "admin"),
            api("DELETE", "/api/v1/sources/" + ID, "admin"),
            api("GET", "/api/v1/sources/" + ID + "/health", "admin"),
            api("POST", "/api/v1/erasures", "admin").json("{}"),
            api("GET", "/api/v1/erasures", "admin"),
            api("GET", "/api/v1/erasures/" + ID, "admin"),
            api("POST", "/api/v1/opt-outs", "admin").json("{}"),
            api("GET", "/api/v1/opt-outs", "admin"),
            api("GET", "/api/v1/opt-outs/" + ID, "admin"),
            api("DELETE", "/api/v1/opt-outs/" + ID, "admin")));

    @Test
    void everyEndpointAnswersOnlyTheRolesOfDesignMd() {
        MATRIX.check();
    }

    @Test
    void expiredTamperedForeignAndGarbageTokensAreRefusedEverywhere() {
        MATRIX.checkBadTokens("POST /api/v1/mentions", "GET /api/v1/mentions/" + ID, "GET /api/v1/sources",
                "GET /q/openapi");
    }

    @Test
    void everyEndpointOfTheServiceHasARow() {
        MATRIX.assertCovers("io.earshot.listener", MentionResource.class);
    }
}
