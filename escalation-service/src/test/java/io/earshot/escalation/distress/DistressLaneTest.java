package io.earshot.escalation.distress;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.earshot.contracts.Topics;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.CaseEvent;
import io.earshot.contracts.events.Distress;
import io.earshot.contracts.events.DistressKind;
import io.earshot.escalation.Fixtures;
import io.earshot.escalation.sla.TestClock;
import io.earshot.testing.TestTokens;
import io.earshot.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Distress lane: signposting panel, audited checklist, the tightest SLA, and a page to the next level on every miss. */
@QuarkusTest
public class DistressLaneTest {
    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    static RequestSpecification as(String role) {
        return given().header("Authorization", TestTokens.bearer(role)).contentType(ContentType.JSON);
    }

    /** The tightest SLA policy as the API lists them: band and time to acknowledge. */
    static Map.Entry<String, Duration> tightest() {
        List<Map<String, String>> policies = as("lead").get("/api/v1/sla-policies").then().statusCode(200)
                .extract().jsonPath().getList("$");
        return policies.stream().map(p -> Map.entry(p.get("band"), Duration.parse(p.get("ackWithin"))))
                .min(Map.Entry.<String, Duration>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .orElseThrow();
    }

    /** A self-harm mention of a new brand, routed to its own two-level queue; returns the case id. */
    public static String distressCase(String brand) {
        String first = "dl1-" + brand;
        as("lead").body(Map.of("escalation", List.of("dl2-" + brand))).put("/api/v1/queues/" + first).then().statusCode(
                200);
        as("lead").body(Map.of("name", "distress-" + brand, "position", 1, "conditions",
                Map.of("brands", List.of(brand), "distressKinds", List.of("self_harm")),
                "action", Map.of("queue", first, "priority", "P1"))).post("/api/v1/rules").then().statusCode(201);
        Fixtures.M m = new Fixtures.M(brand);
        m.text = "i can't go on like this";
        m.distress = new Distress(DistressKind.self_harm, 0.92);
        Fixtures.publish(m);
        return Fixtures.awaitCase(brand);
    }

    @Test
    void aDistressCaseShowsItsSignpostsAndAnAuditedChecklistAndRunsOnTheTightestSla() {
        String brand = Fixtures.brand();
        String id = distressCase(brand);
        JsonPath c = Fixtures.caseById(id);
        assertThat(c.getString("distress.kind")).isEqualTo("self_harm");
        assertThat(c.getString("distress.region")).isEqualTo("GB");
        List<String> signposts = c.getList("distress.signposts.id");
        assertThat(signposts).startsWith("gb-samaritans").contains("findahelpline").doesNotContain("us-988",
                "internal-legal");
        assertThat(c.getList("distress.checklist.id", String.class)).contains("read-thread", "signpost",
                "immediate-risk");
        assertThat(c.getBoolean("distress.checklistComplete")).isFalse();
        Map.Entry<String, Duration> tight = tightest();
        assertThat(c.getString("distress.sla.policy")).isEqualTo(tight.getKey());
        assertThat(Duration.between(Instant.parse(c.getString("createdAt")), Instant.parse(c.getString("ackDueAt"))))
                .isEqualTo(tight.getValue());

        as("agent").post("/api/v1/cases/" + id + "/claim").then().statusCode(200); // ticks need the holder or a lead
        JsonPath ticked = as("agent").body(Map.of("done", true)).put("/api/v1/cases/" + id
                + "/checklist/immediate-risk")
                .then().statusCode(200).extract().jsonPath();
        assertThat(ticked.getBoolean("checklist.find { it.id == 'immediate-risk' }.done")).isTrue();
        assertThat(ticked.getString("checklist.find { it.id == 'immediate-risk' }.doneBy")).isEqualTo("test-agent");
        assertThat(ticked.getBoolean("checklist.find { it.id == 'read-thread' }.done")).isFalse();
        as("lead").body(Map.of("done", false)).put("/api/v1/cases/" + id + "/checklist/immediate-risk").then()
                .statusCode(200)
                .body("checklist.find { it.id == 'immediate-risk' }.done", equalTo(false))
                .body("checklist.find { it.id == 'immediate-risk' }.doneBy", equalTo("test-lead"));
        as("agent").get("/api/v1/cases/" + id + "/distress").then().statusCode(200)
                .body("checklist.find { it.id == 'immediate-risk' }.done", equalTo(false));
        as("admin").queryParam("entityId", id).get("/api/v1/audit").then().statusCode(200)
                .body("items.action", org.hamcrest.Matchers.hasItems("case.checklist-ticked",
                        "case.checklist-unticked"));

        as("agent").body(Map.of("done", true)).put("/api/v1/cases/" + id + "/checklist/no-such-item").then().statusCode(
                404)
                .contentType("application/problem+json").body("errors[0].field", equalTo("item"));
        as("agent").body(Map.of()).put("/api/v1/cases/" + id + "/checklist/signpost").then().statusCode(400)
                .body("errors[0].field", equalTo("done"));
        as("comms").body(Map.of("done", true)).put("/api/v1/cases/" + id + "/checklist/signpost").then().statusCode(
                403);
        given().contentType(ContentType.JSON).body(Map.of("done", true)).put("/api/v1/cases/" + id
                + "/checklist/signpost")
                .then().statusCode(401);
    }

    @Test
    void signpostsAreListedPerKindAndRegion() {
        List<String> us = as("agent").queryParam("kind", "self_harm").queryParam("region", "us").get(
                "/api/v1/signposts")
                .then().statusCode(200).extract().jsonPath().getList("id");
        assertThat(us).startsWith("us-988").contains("findahelpline").doesNotContain("gb-samaritans", "internal-legal");
        List<String> legal = as("comms").queryParam("kind", "legal").get("/api/v1/signposts").then().statusCode(200)
                .extract().jsonPath().getList("id");
        assertThat(legal).containsExactly("internal-legal");
        as("agent").queryParam("kind", "sadness").get("/api/v1/signposts").then().statusCode(400)
                .body("errors[0].field", equalTo("kind"));
        as("agent").queryParam("region", "Britain").get("/api/v1/signposts").then().statusCode(400)
                .body("errors[0].field", equalTo("region"));
        as("analyst").get("/api/v1/signposts").then().statusCode(403);
        given().get("/api/v1/signposts").then().statusCode(401);
    }

    @Test
    void everySlaMissOfADistressCasePagesTheNextLevel() {
        String brand = Fixtures.brand();
        try (TopicReader events = new TopicReader(Fixtures.bootstrap(), Topics.CASES_EVENTS)) {
            String id = distressCase(brand);
            Duration ack = tightest().getValue();
            clock.advance(ack.plusMinutes(1));
            as("lead").post("/api/v1/sla-checks").then().statusCode(200);
            assertThat(Fixtures.caseById(id).getString("queue")).isEqualTo("dl2-" + brand);
            clock.advance(ack.plusMinutes(1));
            as("lead").post("/api/v1/sla-checks").then().statusCode(200);
            List<CaseEvent> pages = await().atMost(Fixtures.PATIENCE).until(() -> events.records().stream()
                    .filter(r -> id.equals(r.key())).map(r -> EventCodec.decode(r.value(), CaseEvent.class))
                    .filter(e -> e.type() == CaseEvent.Type.PAGED).sorted(Comparator.comparing(CaseEvent::at)).toList(),
                    l -> l.size() >= 2);
            assertThat(pages).hasSize(2);
            assertThat(pages.get(0).detail()).contains("time to acknowledge").contains("paged dl2-" + brand
                    + " (level 1)");
            assertThat(pages.get(0).schemaVersion()).isEqualTo("1.1");
            assertThat(pages.get(1).detail()).contains("paged dl2-" + brand);
            assertThat(events.records().stream().filter(r -> id.equals(r.key()))
                    .map(r -> EventCodec.decode(r.value(), CaseEvent.class).type()))
                    .contains(CaseEvent.Type.ESCALATED, CaseEvent.Type.SLA_BREACHED);
            as("agent").get("/api/v1/cases/" + id + "/distress").then().statusCode(200).body("pages", equalTo(2));
            as("admin").queryParam("entityId", id).get("/api/v1/audit").then().statusCode(200)
                    .body("items.findAll { it.action == 'case.paged' }.size()", equalTo(2));
        }
    }
}
