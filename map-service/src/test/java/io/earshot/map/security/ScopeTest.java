package io.earshot.map.security;

import static io.earshot.map.maps.MapFixtures.arrive;
import static io.earshot.map.maps.MapFixtures.candidate;
import static io.earshot.testing.ScopeMatrix.filtered;
import static io.earshot.testing.ScopeMatrix.hidden;
import static io.earshot.testing.ScopeMatrix.unscoped;
import static io.earshot.testing.SecurityMatrix.api;
import static io.earshot.testing.SecurityMatrix.open;
import static io.earshot.testing.SecurityMatrix.page;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.earshot.contracts.events.InsightCandidate;
import io.earshot.contracts.events.Zone;
import io.earshot.map.maps.MapFixtures;
import io.earshot.map.review.CandidateResource;
import io.earshot.testing.ScopeMatrix;
import io.earshot.testing.ScopeMatrix.ScopeRow;
import io.earshot.testing.TestTokens;
import io.earshot.web.WebHome;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Brand scopes in the map service (issue #26 finding 1, docs/security.md "Brand and queue scopes"): every endpoint
 * with a user whose token grants the resource's brand and one whose token grants another brand only. Maps, items,
 * versions, exports, personas, candidates and clusters of another brand are 404 (the HTML 404 page under /ui) and
 * left out of listings and queues.
 */
@QuarkusTest
class ScopeTest {
    static final List<String> ROLES = List.of("analyst", "admin", "comms", "service");

    static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    /** The id of a reviewable cluster of three look-alike candidates of {@code theme}, formed from {@code outage}. */
    static String pendingCluster(String brand, String theme, List<InsightCandidate> outage) {
        outage.addAll(MapFixtures.outage(brand, theme, 3));
        return await().atMost(MapFixtures.WAIT).until(() -> MapFixtures.as("analyst")
                .get("/api/v1/clusters?brand=" + brand).then().statusCode(200).extract().jsonPath()
                .<String>getList("items.findAll { it.theme == '" + theme + "' }.id"), ids -> ids.size() == 1).get(0);
    }

    static UUID pending(String brand, String text) {
        return arrive(candidate(brand, Zone.GAINS, "t" + UUID.randomUUID().toString().substring(0, 6), text,
                Instant.now())).id();
    }

    @Test
    void everyEndpointHidesWhatIsOutsideTheCallersBrands() {
        String brand = MapFixtures.brand("scope");
        String other = MapFixtures.brand("elsewhere");
        Map<String, String> in = new HashMap<>();
        Map<String, String> out = new HashMap<>();
        for (String role : ROLES) {
            in.put(role, TestTokens.scoped("in-" + role, List.of(brand), null, role));
            out.put(role, TestTokens.scoped("out-" + role, List.of(other), null, role));
        }
        String c1 = pending(brand, "Would love a cheaper plan").toString();
        String c2 = pending(brand, "Wish the app had a dark mode").toString();
        String c3 = pending(brand, "Please add family sharing").toString();
        String c4 = pending(brand, "A loyalty discount would be nice").toString();
        String c5 = pending(brand, "Faster delivery please").toString();
        InsightCandidate onMap = arrive(candidate(brand, Zone.GAINS, "speed", "Faster checkout please", Instant.now()));
        String item = MapFixtures.validate(onMap);
        List<InsightCandidate> outage = new java.util.ArrayList<>();
        String cluster = pendingCluster(brand, "outage", outage);
        String pageCluster = pendingCluster(brand, "outage-at-home", new java.util.ArrayList<>());
        String split = outage.get(0).evidenceMentionIds().get(0).toString();
        String map = "/api/v1/maps/" + brand + "/default";
        as(in.get("analyst")).post(map + "/versions").then().statusCode(201);
        // Last: a persona of the brand would take the candidates above off the default map.
        String persona = as(in.get("analyst")).body(Map.of("brand", brand, "name", "shopper")).post("/api/v1/personas")
                .then().statusCode(201).extract().path("id");

        List<ScopeRow> rows = List.of(
                filtered(api("GET", "/api/v1/review?limit=200"), "analyst", c1),
                hidden(api("GET", "/api/v1/review?brand=" + brand), "analyst"),
                filtered(api("GET", "/api/v1/candidates?limit=200"), "comms", c1),
                hidden(api("GET", "/api/v1/candidates?brand=" + brand), "service"),
                hidden(api("GET", "/api/v1/candidates/" + c1), "comms"),
                hidden(api("POST", "/api/v1/candidates/" + c1 + "/validate").json("{}"), "analyst"),
                hidden(api("POST", "/api/v1/candidates/" + c2 + "/merge").json("{\"itemId\":\"" + item + "\"}"),
                        "analyst"),
                hidden(api("POST", "/api/v1/candidates/" + c3 + "/reject").json("{\"reason\":\"noise\"}"), "analyst"),
                filtered(api("GET", "/api/v1/clusters"), "analyst", cluster),
                hidden(api("GET", "/api/v1/clusters?brand=" + brand), "admin"),
                hidden(api("GET", "/api/v1/clusters/" + cluster), "comms"),
                hidden(api("PATCH", "/api/v1/clusters/" + cluster).json("{\"statement\":\"Outages at home\"}"),
                        "analyst"),
                hidden(api("POST", "/api/v1/clusters/" + cluster + "/split").json("{\"mentionIds\":[\"" + split
                        + "\"]}"),
                        "analyst"),
                hidden(api("POST", "/api/v1/clusters/" + cluster + "/merge").json("{\"into\":\"" + cluster + "\"}"),
                        "analyst"),
                hidden(api("POST", "/api/v1/clusters/" + cluster + "/validate").json("{}"), "analyst"),
                hidden(api("POST", "/api/v1/clusters/" + cluster + "/reject").json("{\"reason\":\"noise\"}"),
                        "analyst"),
                filtered(api("GET", "/api/v1/personas?limit=200"), "comms", persona),
                hidden(api("GET", "/api/v1/personas?brand=" + brand), "service"),
                hidden(api("GET", "/api/v1/personas/" + persona), "admin"),
                hidden(api("POST", "/api/v1/personas").json("{\"brand\":\"" + brand + "\",\"name\":\"saver\"}"),
                        "analyst"),
                hidden(api("PUT", "/api/v1/personas/" + persona).json("{\"description\":\"buys online\"}"), "analyst"),
                hidden(api("GET", map), "comms"),
                hidden(api("GET", map + "/items"), "service"),
                hidden(api("GET", "/api/v1/items/" + item), "comms"),
                hidden(api("GET", "/api/v1/items/" + item + "/evidence"), "admin"),
                hidden(api("PUT", "/api/v1/items/" + item).json("{\"text\":\"Faster checkout, please\"}"), "analyst"),
                hidden(api("PUT", map + "/goal").json("{\"who\":\"a shopper\",\"needs\":\"to pay fast\"}"), "analyst"),
                hidden(api("GET", map + "/contradictions"), "comms"),
                hidden(api("GET", map + "/export?format=markdown"), "service"),
                hidden(api("GET", map + "/diff?from=1&to=1"), "comms"),
                hidden(api("POST", map + "/versions"), "analyst"),
                hidden(api("GET", map + "/versions"), "comms"),
                hidden(api("GET", map + "/versions/1"), "comms"),
                hidden(api("DELETE", "/api/v1/items/" + item), "analyst"),
                filtered(page("GET", "/ui/review"), "analyst", c4),
                hidden(page("GET", "/ui/review?brand=" + brand), "admin"),
                hidden(page("POST", "/ui/review/" + c4 + "/validate").form("text=A+loyalty+discount"), "analyst"),
                hidden(page("POST", "/ui/review/" + c5 + "/reject").form("reason=noise"), "analyst"),
                filtered(page("GET", "/ui/clusters"), "analyst", pageCluster),
                hidden(page("GET", "/ui/clusters?brand=" + brand), "admin"),
                hidden(page("POST", "/ui/clusters/" + pageCluster + "/merge").form("into=" + pageCluster), "analyst"),
                hidden(page("POST", "/ui/clusters/" + pageCluster + "/split").form("mentionIds=" + split), "analyst"),
                hidden(page("POST", "/ui/clusters/" + pageCluster + "/validate").form("statement=Outages"), "analyst"),
                hidden(page("POST", "/ui/clusters/" + pageCluster + "/reject").form("reason=noise"), "analyst"),
                filtered(page("GET", "/ui/maps"), "comms", brand),
                hidden(page("GET", "/ui/maps/" + brand + "/default"), "comms"),
                hidden(page("POST", "/ui/maps/" + brand + "/default/versions"), "analyst"),
                unscoped(api("PUT", "/api/v1/author-tiers/mastodon/ann-42"),
                        "an author's CRM tier, the same for every brand"),
                unscoped(api("GET", "/api/v1/author-tiers/mastodon/ann-42"),
                        "an author's CRM tier, the same for every brand"),
                unscoped(api("DELETE", "/api/v1/author-tiers/mastodon/ann-42"), "an author's CRM tier"),
                unscoped(api("GET", "/api/v1/erasures"), "admin only: erasures of people across every brand"),
                unscoped(page("GET", "/ui"), "the home page lists links only"),
                unscoped(open("GET", "/ui/login"), "sign-in"),
                unscoped(open("POST", "/ui/login"), "sign-in"),
                unscoped(open("POST", "/ui/logout"), "sign-out"));
        ScopeMatrix scope = new ScopeMatrix(SecurityMatrixTest.MATRIX, in, out, rows);
        scope.assertCovers("io.earshot", CandidateResource.class, WebHome.class);
        scope.check();
        // Out of scope nothing was decided: the candidates were validated, merged and rejected by the in-scope analyst.
        for (String c : List.of(c1, c2, c3, c4, c5)) {
            assertThat(MapFixtures.candidateJson(UUID.fromString(c)).getString("reviewedBy")).isEqualTo("in-analyst");
        }
    }

    @Test
    void withoutABrandsClaimAnAnalystSeesNoMap() {
        String brand = MapFixtures.brand("bare");
        String c = pending(brand, "Would love a cheaper plan").toString();
        String bare = TestTokens.scoped("bare-analyst", null, null, "analyst");
        as(bare).get("/api/v1/candidates/" + c).then().statusCode(404).contentType("application/problem+json");
        as(bare).get("/api/v1/maps/" + brand + "/default").then().statusCode(404);
        assertThat(as(bare).get("/api/v1/review?limit=200").then().statusCode(200).extract().asString()).doesNotContain(
                c);
        as(TestTokens.scoped("star-analyst", List.of("*"), null, "analyst")).get("/api/v1/candidates/" + c).then()
                .statusCode(200);
    }
}
