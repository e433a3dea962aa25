package io.earshot.map.security;

import static io.earshot.testing.SecurityMatrix.ROLES;
import static io.earshot.testing.SecurityMatrix.api;
import static io.earshot.testing.SecurityMatrix.open;
import static io.earshot.testing.SecurityMatrix.page;

import io.earshot.map.maps.MapResource;
import io.earshot.testing.SecurityMatrix;
import io.earshot.web.WebHome;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md "Roles" for the map service, endpoint by endpoint, its web pages included: analysts review insight
 * candidates and clusters and edit personas and maps (items, goals, versions, author tiers); comms read maps; admins read
 * everything and the erasure log; machine clients read through the APIs and keep author tiers. {@code /ui} pages answer
 * no session with a 303 to the sign-in page and a wrong role with the 403 page; sign-in and sign-out are open; health
 * and metrics are open, OpenAPI needs a token.
 */
@QuarkusTest
class SecurityMatrixTest {
    static final String ID = "00000000-0000-0000-0000-00000000d001";
    static final String MAP = "/api/v1/maps/acme/shopper";
    static final String[] EVERYONE = ROLES.toArray(String[]::new);
    static final String[] READERS = {"analyst", "admin", "comms", "service"};
    static final SecurityMatrix MATRIX = new SecurityMatrix(List.of(
            api("GET", "/api/v1/review", "analyst", "admin"),
            api("GET", "/api/v1/candidates", READERS),
            api("GET", "/api/v1/candidates/" + ID, READERS),
            api("POST", "/api/v1/candidates/" + ID + "/validate", "analyst").json("{}"),
            api("POST", "/api/v1/candidates/" + ID + "/merge", "analyst").json("{}"),
            api("POST", "/api/v1/candidates/" + ID + "/reject", "analyst").json("{}"),
            api("GET", "/api/v1/clusters", "analyst", "admin"),
            api("GET", "/api/v1/clusters/" + ID, "analyst", "admin", "comms"),
            api("PATCH", "/api/v1/clusters/" + ID, "analyst").json("{}"),
            api("POST", "/api/v1/clusters/" + ID + "/validate", "analyst").json("{}"),
            api("POST", "/api/v1/clusters/" + ID + "/merge", "analyst").json("{}"),
            api("POST", "/api/v1/clusters/" + ID + "/split", "analyst").json("{}"),
            api("POST", "/api/v1/clusters/" + ID + "/reject", "analyst").json("{}"),
            api("GET", "/api/v1/personas", READERS),
            api("GET", "/api/v1/personas/" + ID, READERS),
            api("POST", "/api/v1/personas", "analyst").json("{}"),
            api("PUT", "/api/v1/personas/" + ID, "analyst").json("{}"),
            api("PUT", "/api/v1/author-tiers/mastodon/ann-42", "service", "analyst").json("{}"),
            api("GET", "/api/v1/author-tiers/mastodon/ann-42", "analyst", "admin", "service"),
            api("DELETE", "/api/v1/author-tiers/mastodon/ann-42", "service", "analyst"),
            api("GET", MAP, READERS),
            api("GET", MAP + "/items", READERS),
            api("GET", "/api/v1/items/" + ID, READERS),
            api("GET", "/api/v1/items/" + ID + "/evidence", READERS),
            api("DELETE", "/api/v1/items/" + ID, "analyst"),
            api("PUT", "/api/v1/items/" + ID, "analyst").json("{}"),
            api("PUT", MAP + "/goal", "analyst").json("{}"),
            api("GET", MAP + "/contradictions", READERS),
            api("GET", MAP + "/export", READERS),
            api("GET", MAP + "/diff", READERS),
            api("POST", MAP + "/versions", "analyst").json("{}"),
            api("GET", MAP + "/versions", READERS),
            api("GET", MAP + "/versions/1", READERS),
            api("GET", "/api/v1/erasures", "admin"),
            page("GET", "/ui/review", "analyst", "admin"),
            page("POST", "/ui/review/" + ID + "/validate", "analyst"),
            page("POST", "/ui/review/" + ID + "/reject", "analyst"),
            page("GET", "/ui/clusters", "analyst", "admin"),
            page("POST", "/ui/clusters/" + ID + "/validate", "analyst"),
            page("POST", "/ui/clusters/" + ID + "/merge", "analyst"),
            page("POST", "/ui/clusters/" + ID + "/split", "analyst"),
            page("POST", "/ui/clusters/" + ID + "/reject", "analyst"),
            page("GET", "/ui/maps", "analyst", "admin", "comms"),
            page("GET", "/ui/maps/acme/shopper", "analyst", "admin", "comms"),
            page("POST", "/ui/maps/acme/shopper/versions", "analyst"),
            page("GET", "/ui", EVERYONE),
            open("GET", "/ui/login"),
            open("POST", "/ui/login").form("token=not-a-token"),
            open("POST", "/ui/logout")));

    @Test
    void everyEndpointAnswersOnlyTheRolesOfDesignMd() {
        MATRIX.check();
    }

    @Test
    void expiredTamperedForeignAndGarbageTokensAreRefusedEverywhere() {
        MATRIX.checkBadTokens("GET /api/v1/candidates", "POST /api/v1/personas", "GET /api/v1/erasures", "GET /ui/maps",
                "GET /q/openapi");
    }

    @Test
    void everyAnswerCarriesHsts() {
        // issue #26 finding 6: the production overlay sent no Strict-Transport-Security header
        for (String path : List.of("/q/health/live", "/api/v1/candidates", "/ui/login")) {
            io.restassured.RestAssured.given().header("Authorization", io.earshot.testing.TestTokens.bearer("analyst"))
                    .get(path).then().header("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
        }
    }

    @Test
    void everyEndpointOfTheServiceHasARow() {
        MATRIX.assertCovers("io.earshot", MapResource.class, WebHome.class);
    }
}
