package io.earshot.map.maps;

import static io.earshot.map.maps.MapFixtures.WAIT;
import static io.earshot.map.maps.MapFixtures.arrive;
import static io.earshot.map.maps.MapFixtures.as;
import static io.earshot.map.maps.MapFixtures.brand;
import static io.earshot.map.maps.MapFixtures.candidate;
import static io.earshot.map.maps.MapFixtures.candidateJson;
import static io.earshot.map.maps.MapFixtures.map;
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
        assertThat(m.getString("zones.SAYS[0].firstSeen")).isEqualTo(RECENT.toString());
        assertThat(m.getString("zones.SAYS[0].lastSeen")).isEqualTo(RECENT.toString());
        // Evidence is paged, most recently added first, each mention once.
        JsonPath page1 = as("service").queryParam("limit", 1).get("/api/v1/items/" + itemId + "/evidence").then()
                .statusCode(200).body("items", hasSize(1)).extract().jsonPath();
        JsonPath page2 = as("service").queryParam("limit", 1).queryParam("cursor", page1.getString("nextCursor"))
                .get("/api/v1/items/" + itemId + "/evidence").then().statusCode(200).body("items", hasSize(1))
                .body("nextCursor", nullValue()).extract().jsonPath();
        assertThat(List.of(page1.getString("items[0].mentionId"), page2.getString("items[0].mentionId")))
                .containsExactly(
                        near.evidenceMentionIds().get(0).toString(), base.evidenceMentionIds().get(0).toString());
        assertThat(page1.getString("items[0].quote")).isEqualTo("costs a fortune");
        as("service").queryParam("cursor", "garbage").get("/api/v1/items/" + itemId + "/evidence").then().statusCode(
                400)
                .body("errors.field", hasItem("cursor"));

        InsightCandidate bad = arrive(candidate(brand, Zone.SAYS, "spam", "buy followers", RECENT));
        as("analyst").contentType("application/json").body("{\"itemId\":\"" + UUID.randomUUID() + "\"}")
                .post("/api/v1/candidates/" + bad.id() + "/merge").then().statusCode(404);
        as("analyst").contentType("application/json").body("{}")
                .post("/api/v1/candidates/" + bad.id() + "/merge").then().statusCode(400).body("errors.field", hasItem(
                        "itemId"));
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

    @Test
    void mergeAndRejectRefuseWhatTheyCannotDo() {
        String brand = brand("merge-edge");
        String other = brand("merge-other");
        String removed = validate(arrive(candidate(brand, Zone.PAINS, "gone", "was here", RECENT)));
        as("analyst").delete("/api/v1/items/" + removed).then().statusCode(204);
        String foreign = validate(arrive(candidate(other, Zone.PAINS, "theirs", "another brand", RECENT)));
        InsightCandidate c = arrive(candidate(brand, Zone.PAINS, "new", "something new", RECENT));
        as("analyst").contentType("application/json").body("{\"itemId\":\"" + removed + "\"}")
                .post("/api/v1/candidates/" + c.id() + "/merge").then().statusCode(409).contentType(
                        "application/problem+json");
        as("analyst").contentType("application/json").body("{\"itemId\":\"" + foreign + "\"}")
                .post("/api/v1/candidates/" + c.id() + "/merge").then().statusCode(400).body("errors.field", hasItem(
                        "itemId"));
        as("analyst").contentType("application/json").body("{\"reason\":\"" + "x".repeat(2001) + "\"}")
                .post("/api/v1/candidates/" + c.id() + "/reject").then().statusCode(400).body("errors.field", hasItem(
                        "reason"));
        as("analyst").contentType("application/json").body("{}")
                .post("/api/v1/candidates/" + c.id() + "/reject").then().statusCode(400).body("errors.field", hasItem(
                        "reason"));
        // None of that reviewed the candidate nor touched the maps.
        assertThat(candidateJson(c.id()).getString("status")).isEqualTo("PENDING");
        as("service").get("/api/v1/items/" + foreign).then().body("evidenceCount", equalTo(1));

        // Validating with an edited persona puts the item on that persona's map, not on the default one.
        as("analyst").contentType("application/json").body(
                "{\"persona\":\"night-owls\",\"text\":\"Something new at night\"}")
                .post("/api/v1/candidates/" + c.id() + "/validate").then().statusCode(200).body("status", equalTo(
                        "VALIDATED"));
        as("service").get("/api/v1/maps/" + brand + "/night-owls").then().statusCode(200)
                .body("zones.PAINS.text", equalTo(List.of("Something new at night")));
        assertThat(map(brand).getList("zones.PAINS")).isEmpty();
    }

    @Test
    void analystsEditItemsAndOnlyThem() {
        String brand = brand("edit");
        String item = validate(arrive(candidate(brand, Zone.SAYS, "price", "too expensive", RECENT)));
        String taken = validate(arrive(candidate(brand, Zone.PAINS, "cost", "costs a fortune", RECENT)));
        as("analyst").contentType("application/json").body("{\"text\":\"Finds it too expensive\",\"zone\":\"thinks\"}")
                .put("/api/v1/items/" + item).then().statusCode(200).body("text", equalTo("Finds it too expensive"))
                .body("zone", equalTo("THINKS")).body("theme", equalTo("price")).body("evidenceCount", equalTo(1));
        JsonPath m = map(brand);
        assertThat(m.getList("zones.THINKS.id")).containsExactly(item);
        assertThat(m.getList("zones.SAYS")).isEmpty();
        // Another ACTIVE item already has that zone and theme: merge instead.
        as("analyst").contentType("application/json").body("{\"zone\":\"PAINS\",\"theme\":\"cost\"}")
                .put("/api/v1/items/" + item).then().statusCode(409).contentType("application/problem+json");
        as("analyst").contentType("application/json").body("{}").put("/api/v1/items/" + item).then().statusCode(400);
        as("analyst").contentType("application/json").body("{\"text\":\" \"}").put("/api/v1/items/" + item).then()
                .statusCode(400).body("errors.field", hasItem("text"));
        as("analyst").contentType("application/json").body("{\"zone\":\"UP\"}").put("/api/v1/items/" + item).then()
                .statusCode(400).body("errors.field", hasItem("zone"));
        as("analyst").contentType("application/json").body("{\"text\":\"x\"}").put("/api/v1/items/" + UUID.randomUUID())
                .then().statusCode(404);
        as("analyst").delete("/api/v1/items/" + taken).then().statusCode(204);
        as("analyst").contentType("application/json").body("{\"text\":\"x\"}").put("/api/v1/items/" + taken).then()
                .statusCode(409);
        for (String role : List.of("comms", "service", "admin", "agent", "lead")) {
            as(role).contentType("application/json").body("{\"text\":\"x\"}").put("/api/v1/items/" + item).then()
                    .statusCode(403).contentType("application/problem+json");
            as(role).delete("/api/v1/items/" + item).then().statusCode(403);
        }
        given().contentType("application/json").body("{\"text\":\"x\"}").put("/api/v1/items/" + item).then().statusCode(
                401);
        given().delete("/api/v1/items/" + item).then().statusCode(401);
        assertThat(map(brand).getString("zones.THINKS[0].text")).isEqualTo("Finds it too expensive");
    }

    @ParameterizedTest
    @ValueSource(strings = {"comms", "service", "admin", "agent", "lead"})
    void onlyAnalystsReview(String role) {
        UUID id = UUID.randomUUID();
        for (String action : new String[]{"validate", "merge", "reject"}) {
            as(role).contentType("application/json").body("{}").post("/api/v1/candidates/" + id + "/" + action)
                    .then().statusCode(403).contentType("application/problem+json");
        }
        as(role).post("/api/v1/maps/acme/default/versions").then().statusCode(403);
        as(role).contentType("application/json").body("{}").put("/api/v1/maps/acme/default/goal").then().statusCode(
                403);
    }

    @Test
    void roleMatrixForReading() {
        given().get("/api/v1/review").then().statusCode(401);
        for (String action : new String[]{"validate", "merge", "reject"}) {
            given().contentType("application/json").body("{}").post("/api/v1/candidates/" + UUID.randomUUID() + "/"
                    + action)
                    .then().statusCode(401).contentType("application/problem+json");
        }
        given().post("/api/v1/maps/acme/default/versions").then().statusCode(401);
        given().contentType("application/json").body("{}").put("/api/v1/maps/acme/default/goal").then().statusCode(401);
        for (String path : List.of("/api/v1/maps/acme/default", "/api/v1/maps/acme/default/items",
                "/api/v1/maps/acme/default/contradictions", "/api/v1/maps/acme/default/export",
                "/api/v1/maps/acme/default/versions", "/api/v1/items/" + UUID.randomUUID())) {
            given().get(path).then().statusCode(401);
            as("agent").get(path).then().statusCode(403);
        }
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
            JsonPath page = request.get("/api/v1/maps/" + brand + "/default/items").then().statusCode(200).extract()
                    .jsonPath();
            seen.addAll(page.getList("items.id"));
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null && pages < 5);
        assertThat(pages).isEqualTo(3);
        List<String> newestFirst = new ArrayList<>(ids);
        java.util.Collections.reverse(newestFirst);
        assertThat(seen).containsExactlyElementsOf(newestFirst);
        as("comms").queryParam("zone", "SAYS").get("/api/v1/maps/" + brand + "/default/items").then().body("items",
                hasSize(0));
        as("comms").queryParam("zone", "ELSEWHERE").get("/api/v1/maps/" + brand + "/default/items").then().statusCode(
                400)
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
        InsightCandidate loyalty = arrive(candidate(brand, Zone.SAYS, "loyalty", "I'd never switch banks", RECENT));
        validate(loyalty);
        validate(arrive(candidate(brand, Zone.DOES, "fees", "cancels the account after the fee rise", RECENT)));
        validate(arrive(candidate(brand, Zone.DOES, "app", "checks the balance daily", RECENT)));
        as("analyst").contentType("application/json").body("{\"who\":\"commuters\",\"needs\":\"pay for transit\"}")
                .put("/api/v1/maps/" + brand + "/default/goal").then().statusCode(200).body("who", equalTo(
                        "commuters"));
        as("comms").get("/api/v1/maps/" + brand + "/default/contradictions").then().statusCode(200)
                .body("$", hasSize(1)).body("[0].says.theme", equalTo("loyalty")).body("[0].does.theme", equalTo(
                        "fees"))
                .body("[0].reason", containsString("describes leaving"));
        String md = as("service").queryParam("format", "markdown").get("/api/v1/maps/" + brand + "/default/export")
                .then().statusCode(200).contentType(containsString("text/markdown"))
                .header("Content-Disposition", containsString(brand + "-default.md")).extract().asString();
        assertThat(md).startsWith("# Empathy map: default (" + brand + ")").contains("## Goal")
                .contains("**Who:** commuters").contains("**Needs to do:** pay for transit")
                // each item says whether its wording is observed (a post's) or inferred (a cluster's), and who validated it when
                .contains("- **I'd never switch banks** (theme: loyalty; evidence: 1; trend: RISING; observed, "
                        + "validated by test-analyst at 20")
                .contains("  > I'd never switch banks")
                .contains("- **checks the balance daily** (theme: app; evidence: 1; trend: RISING; observed, "
                        + "validated by test-analyst at 20");
        for (Zone zone : Zone.values()) {
            assertThat(md).contains("## " + zone + "\n");
        }
        assertThat(md.split("_No validated insights yet._", -1)).hasSize(7); // 6 empty zones of 8
        JsonPath json = as("service").queryParam("format", "json").get("/api/v1/maps/" + brand + "/default/export")
                .then().statusCode(200).contentType("application/json")
                .header("Content-Disposition", containsString(brand + "-default.json")).extract().jsonPath();
        assertThat(json.getString("goal.needs")).isEqualTo("pay for transit");
        assertThat(json.getList("zones.DOES")).hasSize(2);
        assertThat(json.getList("zones.SEES")).isEmpty();
        assertThat(json.getString("zones.SAYS[0].evidence[0].mentionId")).isEqualTo(loyalty.evidenceMentionIds().get(0)
                .toString());
        assertThat(json.getString("zones.SAYS[0].evidence[0].quote")).isEqualTo("I'd never switch banks");
        assertThat(json.getInt("zones.SAYS[0].evidenceCount")).isEqualTo(1);
        as("service").queryParam("format", "pdf").get("/api/v1/maps/" + brand + "/default/export").then().statusCode(
                400)
                .body("errors.field", hasItem("format"));
    }
}
