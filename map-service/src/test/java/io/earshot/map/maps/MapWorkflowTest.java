package io.earshot.map.maps;

import static io.earshot.map.maps.MapFixtures.WAIT;
import static io.earshot.map.maps.MapFixtures.arrive;
import static io.earshot.map.maps.MapFixtures.as;
import static io.earshot.map.maps.MapFixtures.brand;
import static io.earshot.map.maps.MapFixtures.candidate;
import static io.earshot.map.maps.MapFixtures.candidateJson;
import static io.earshot.map.maps.MapFixtures.map;
import static io.earshot.map.maps.MapFixtures.mention;
import static io.earshot.map.maps.MapFixtures.validate;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.earshot.contracts.events.InsightCandidate;
import io.earshot.contracts.events.Zone;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The review workflow end to end: Kafka candidates, analysts' decisions, the map they build, its role matrix. */
@QuarkusTest
class MapWorkflowTest {
    static final Instant RECENT = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS);

    @Test
    void validatedCandidatesBuildTheMapAndLaterOnesOfTheThemeAccumulate() {
        String brand = brand("review");
        InsightCandidate first = arrive(candidate(brand, Zone.PAINS, "logout", "logs me out", RECENT));
        as("analyst").queryParam("brand", brand).get("/api/v1/review").then().statusCode(200)
                .body("items.id", hasItem(first.id().toString()));
        // Nothing reaches the map before validation.
        assertThat(map(brand).getList("zones.PAINS")).isEmpty();

        String itemId = as("analyst").contentType("application/json")
                .body("{\"text\":\"The app logs me out every morning\"}")
                .post("/api/v1/candidates/" + first.id() + "/validate").then().statusCode(200)
                .body("status", equalTo("VALIDATED")).body("reviewedBy", equalTo("test-analyst"))
                .extract().path("itemId");
        JsonPath m = map(brand);
        assertThat(m.getList("zones.PAINS.id")).containsExactly(itemId);
        assertThat(m.getString("zones.PAINS[0].text")).isEqualTo("The app logs me out every morning");
        assertThat(m.getInt("zones.PAINS[0].evidenceCount")).isEqualTo(1);
        assertThat(m.getString("zones.PAINS[0].samples[0].quote")).isEqualTo("logs me out");
        assertThat(m.getString("zones.PAINS[0].trend")).isEqualTo("RISING");
        as("analyst").queryParam("brand", brand).get("/api/v1/review").then().body("items", hasSize(0));

        // Reviewing twice is a conflict, whatever the decision.
        as("analyst").contentType("application/json").body("{}").post("/api/v1/candidates/" + first.id() + "/validate")
                .then().statusCode(409).contentType("application/problem+json");
        as("analyst").contentType("application/json").body("{\"reason\":\"dup\"}")
                .post("/api/v1/candidates/" + first.id() + "/reject").then().statusCode(409);

        // A later candidate of the same theme is attached as evidence without an analyst...
        InsightCandidate second = arrive(candidate(brand, Zone.PAINS, "logout", "kicked out again", RECENT));
        await().atMost(WAIT).until(() -> "VALIDATED".equals(candidateJson(second.id()).getString("status")));
        assertThat(candidateJson(second.id()).getString("reviewedBy")).isEqualTo("auto");
        assertThat(candidateJson(second.id()).getString("itemId")).isEqualTo(itemId);
        assertThat(map(brand).getInt("zones.PAINS[0].evidenceCount")).isEqualTo(2);
        // ...and a redelivered one adds nothing.
        MapFixtures.send("insights.candidates", brand, second);
        // ...but a new theme waits for review.
        InsightCandidate other = arrive(candidate(brand, Zone.PAINS, "battery", "drains my battery", RECENT));
        assertThat(candidateJson(other.id()).getString("status")).isEqualTo("PENDING");
        assertThat(map(brand).getList("zones.PAINS")).hasSize(1);
        assertThat(map(brand).getInt("zones.PAINS[0].evidenceCount")).isEqualTo(2);

        // Validating with the same zone and theme as an existing item adds evidence rather than a second item.
        InsightCandidate renamed = arrive(candidate(brand, Zone.FEELS, "logout-feelings", "so annoyed", RECENT));
        as("analyst").contentType("application/json").body("{\"zone\":\"PAINS\",\"theme\":\"logout\"}")
                .post("/api/v1/candidates/" + renamed.id() + "/validate").then().statusCode(200)
                .body("itemId", equalTo(itemId));
        assertThat(map(brand).getInt("zones.PAINS[0].evidenceCount")).isEqualTo(3);
        assertThat(map(brand).getList("zones.FEELS")).isEmpty();
    }

    @Test
    void mergeAddsEvidenceToTheChosenItemAndRejectNeedsAReason() {
        String brand = brand("merge");
        InsightCandidate base = arrive(candidate(brand, Zone.SAYS, "price", "too expensive", RECENT));
        String itemId = validate(base);
        InsightCandidate near = arrive(candidate(brand, Zone.SAYS, "cost", "costs a fortune", RECENT));
        as("analyst").contentType("application/json").body("{\"itemId\":\"" + itemId + "\"}")
                .post("/api/v1/candidates/" + near.id() + "/merge").then().statusCode(200)
                .body("status", equalTo("VALIDATED")).body("itemId", equalTo(itemId));
        JsonPath m = map(brand);
        assertThat(m.getList("zones.SAYS")).hasSize(1);
        assertThat(m.getInt("zones.SAYS[0].evidenceCount")).isEqualTo(2);
        as("service").queryParam("limit", 1).get("/api/v1/items/" + itemId + "/evidence").then().statusCode(200)
                .body("items", hasSize(1)).body("nextCursor", org.hamcrest.Matchers.notNullValue());

        InsightCandidate bad = arrive(candidate(brand, Zone.SAYS, "spam", "buy followers", RECENT));
        as("analyst").contentType("application/json").body("{\"itemId\":\"" + UUID.randomUUID() + "\"}")
                .post("/api/v1/candidates/" + bad.id() + "/merge").then().statusCode(404);
        as("analyst").contentType("application/json").body("{}")
                .post("/api/v1/candidates/" + bad.id() + "/merge").then().statusCode(400).body("errors.field", hasItem("itemId"));
        as("analyst").contentType("application/json").body("{\"reason\":\"  \"}")
                .post("/api/v1/candidates/" + bad.id() + "/reject").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("reason"));
        as("analyst").contentType("application/json").body("{\"reason\":\"spam, not a customer insight\"}")
                .post("/api/v1/candidates/" + bad.id() + "/reject").then().statusCode(200)
                .body("status", equalTo("REJECTED")).body("rejectReason", equalTo("spam, not a customer insight"))
                .body("itemId", nullValue());
        assertThat(map(brand).getList("zones.SAYS")).hasSize(1);
        as("analyst").contentType("application/json").body("{}")
                .post("/api/v1/candidates/" + UUID.randomUUID() + "/validate").then().statusCode(404);
        as("analyst").contentType("application/json").body("{\"zone\":\"NOWHERE\"}")
                .post("/api/v1/candidates/" + bad.id() + "/validate").then().statusCode(400);
    }

    @ParameterizedTest
    @ValueSource(strings = { "comms", "service", "admin", "agent", "lead" })
    void onlyAnalystsReview(String role) {
        UUID id = UUID.randomUUID();
        for (String action : new String[] { "validate", "merge", "reject" }) {
            as(role).contentType("application/json").body("{}").post("/api/v1/candidates/" + id + "/" + action)
                    .then().statusCode(403).contentType("application/problem+json");
        }
        as(role).post("/api/v1/maps/acme/default/versions").then().statusCode(403);
        as(role).contentType("application/json").body("{}").put("/api/v1/maps/acme/default/goal").then().statusCode(403);
    }

    @Test
    void roleMatrixForReading() {
        given().get("/api/v1/review").then().statusCode(401);
        given().contentType("application/json").body("{}").post("/api/v1/candidates/" + UUID.randomUUID() + "/validate")
                .then().statusCode(401);
        as("analyst").get("/api/v1/review").then().statusCode(200);
        as("admin").get("/api/v1/review").then().statusCode(200);
        for (String role : List.of("comms", "service", "agent")) {
            as(role).get("/api/v1/review").then().statusCode(403);
        }
        for (String role : List.of("analyst", "admin", "comms", "service")) {
            as(role).get("/api/v1/maps/acme/default").then().statusCode(200);
            as(role).get("/api/v1/maps/acme/default/versions").then().statusCode(200);
        }
        for (String role : List.of("agent", "lead")) {
            as(role).get("/api/v1/maps/acme/default").then().statusCode(403);
        }
        as("admin").get("/api/v1/erasures").then().statusCode(200);
        as("analyst").get("/api/v1/erasures").then().statusCode(403);
    }

    @Test
    void itemsArePagedOnceEachNewestFirst() {
        String brand = brand("items");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(validate(arrive(candidate(brand, Zone.GAINS, "gain-" + i, "gain " + i, RECENT))));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = as("comms").queryParam("limit", 2).queryParam("zone", "gains");
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/api/v1/maps/" + brand + "/default/items").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.id"));
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null && pages < 5);
        assertThat(pages).isEqualTo(3);
        List<String> newestFirst = new ArrayList<>(ids);
        java.util.Collections.reverse(newestFirst);
        assertThat(seen).containsExactlyElementsOf(newestFirst);
        as("comms").queryParam("zone", "SAYS").get("/api/v1/maps/" + brand + "/default/items").then().body("items", hasSize(0));
        as("comms").queryParam("zone", "ELSEWHERE").get("/api/v1/maps/" + brand + "/default/items").then().statusCode(400)
                .body("errors.field", hasItem("zone"));
        as("comms").queryParam("limit", 0).get("/api/v1/maps/" + brand + "/default/items").then().statusCode(400)
                .body("errors.field", hasItem("limit"));
        as("comms").get("/api/v1/items/" + ids.get(0)).then().statusCode(200).body("theme", equalTo("gain-0"));
        as("comms").get("/api/v1/items/" + UUID.randomUUID()).then().statusCode(404);
        as("comms").get("/api/v1/items/nope").then().statusCode(400).body("errors.field", hasItem("id"));

        as("analyst").delete("/api/v1/items/" + ids.get(0)).then().statusCode(204);
        assertThat(map(brand).getList("zones.GAINS")).hasSize(4);
    }

    @Test
    void contradictionsGoalAndExports() {
        String brand = brand("contra");
        validate(arrive(candidate(brand, Zone.SAYS, "loyalty", "I'd never switch banks", RECENT)));
        validate(arrive(candidate(brand, Zone.DOES, "fees", "cancels the account after the fee rise", RECENT)));
        validate(arrive(candidate(brand, Zone.DOES, "app", "checks the balance daily", RECENT)));
        as("analyst").contentType("application/json").body("{\"who\":\"commuters\",\"needs\":\"pay for transit\"}")
                .put("/api/v1/maps/" + brand + "/default/goal").then().statusCode(200).body("who", equalTo("commuters"));
        as("comms").get("/api/v1/maps/" + brand + "/default/contradictions").then().statusCode(200)
                .body("$", hasSize(1)).body("[0].says.theme", equalTo("loyalty")).body("[0].does.theme", equalTo("fees"));
        String md = as("service").queryParam("format", "markdown").get("/api/v1/maps/" + brand + "/default/export")
                .then().statusCode(200).contentType(containsString("text/markdown")).extract().asString();
        assertThat(md).contains("## SAYS").contains("I'd never switch banks").contains("**Who:** commuters");
        as("service").queryParam("format", "json").get("/api/v1/maps/" + brand + "/default/export").then().statusCode(200)
                .contentType("application/json").body("goal.needs", equalTo("pay for transit"))
                .body("zones.DOES", hasSize(2)).body("zones.DOES[0].evidence", hasSize(1));
        as("service").queryParam("format", "pdf").get("/api/v1/maps/" + brand + "/default/export").then().statusCode(400)
                .body("errors.field", hasItem("format"));
    }
}
