package io.earshot.escalation.sla;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.earshot.contracts.Topics;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.CaseEvent;
import io.earshot.escalation.Fixtures;
import io.earshot.escalation.queues.QueueConfig;
import io.earshot.testing.TestTokens;
import io.earshot.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SlaTest {
    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    static RequestSpecification as(String role) {
        return given().header("Authorization", TestTokens.bearer(role)).contentType(ContentType.JSON);
    }

    static void routeBrandTo(String brand, String queue) {
        as("lead").body(Map.of("name", "to-" + queue, "position", 2, "conditions", Map.of("brands", List.of(brand)),
                "action", Map.of("queue", queue, "priority", "P2"))).post("/api/v1/rules").then().statusCode(201);
    }

    static void check() {
        as("lead").post("/api/v1/sla-checks").then().statusCode(200);
    }

    static List<CaseEvent> eventsOf(TopicReader reader, String caseId) {
        return reader.records().stream().filter(r -> caseId.equals(r.key()))
                .map(r -> EventCodec.decode(r.value(), CaseEvent.class)).toList();
    }

    @Test
    void anUnacknowledgedCaseEscalatesToTheNextLevelAndThenRecordsTheBreach() {
        String brand = Fixtures.brand();
        String first = "l1-" + brand;
        String second = "l2-" + brand;
        as("lead").body(Map.of("escalation", List.of(second))).put("/api/v1/queues/" + first).then().statusCode(200)
                .body("coverage", equalTo("ALWAYS")).body("escalation", equalTo(List.of(second)));
        routeBrandTo(brand, first);
        Fixtures.publish(new Fixtures.M(brand));
        String id = Fixtures.awaitCase(brand);
        JsonPath opened = Fixtures.caseById(id);
        assertThat(opened.getString("priorityBand")).isEqualTo("P2");
        Instant ackDue = Instant.parse(opened.getString("ackDueAt"));
        assertThat(Duration.between(Instant.parse(opened.getString("createdAt")), ackDue)).isEqualTo(Duration.ofHours(
                1));

        try (TopicReader events = new TopicReader(Fixtures.bootstrap(), Topics.CASES_EVENTS)) {
            clock.advance(Duration.ofMinutes(50));
            check();
            assertThat(Fixtures.caseById(id).getString("queue")).isEqualTo(first);

            clock.advance(Duration.ofMinutes(11));
            check();
            JsonPath escalated = Fixtures.caseById(id);
            assertThat(escalated.getString("queue")).isEqualTo(second);
            assertThat(escalated.getInt("escalationLevel")).isEqualTo(1);
            assertThat(escalated.getString("status")).isEqualTo("OPEN");
            assertThat(Instant.parse(escalated.getString("ackDueAt"))).isAfter(ackDue.plus(Duration.ofMinutes(50)));
            CaseEvent e = await().atMost(Fixtures.PATIENCE).until(() -> eventsOf(events, id).stream()
                    .filter(x -> x.type() == CaseEvent.Type.ESCALATED).findFirst().orElse(null), x -> x != null);
            assertThat(e.queue()).isEqualTo(second);
            assertThat(e.escalationLevel()).isEqualTo(1);
            assertThat(e.detail()).contains("time to acknowledge").contains(first).contains(second);

            // The second level has no further level: the breach is recorded once and published once.
            clock.advance(Duration.ofMinutes(61));
            check();
            check();
            JsonPath breached = Fixtures.caseById(id);
            assertThat(breached.getString("queue")).isEqualTo(second);
            assertThat(breached.getString("ackBreachedAt")).isNotNull();
            await().atMost(Fixtures.PATIENCE).untilAsserted(() -> assertThat(eventsOf(events, id))
                    .extracting(CaseEvent::type).filteredOn(t -> t != CaseEvent.Type.OPENED)
                    .containsExactly(CaseEvent.Type.ESCALATED, CaseEvent.Type.SLA_BREACHED));
            as("lead").queryParam("brand", brand).queryParam("breached", "true").get("/api/v1/cases").then()
                    .statusCode(200).body("items.id", equalTo(List.of(id)));
        }
        JsonPath audit = as("admin").queryParam("entityId", id).get("/api/v1/audit").then().statusCode(200).extract()
                .jsonPath();
        assertThat(audit.getList("items.action")).containsSubsequence("case.sla-breached", "case.escalated",
                "case.opened");
        assertThat(audit.getString("items[0].actor")).isEqualTo("system");
    }

    @Test
    void anAcknowledgedCaseDoesNotBreachTheAckClock() {
        String brand = Fixtures.brand();
        String queue = "ack-" + brand;
        as("lead").body(Map.of("escalation", List.of("ack2-" + brand))).put("/api/v1/queues/" + queue).then()
                .statusCode(200);
        routeBrandTo(brand, queue);
        Fixtures.publish(new Fixtures.M(brand));
        String id = Fixtures.awaitCase(brand);
        as("agent").post("/api/v1/cases/" + id + "/acknowledge").then().statusCode(200);
        clock.advance(Duration.ofHours(2));
        check();
        assertThat(Fixtures.caseById(id).getString("queue")).isEqualTo(queue);
        // P2 must be resolved within 8 hours: past that, the resolve clock escalates it.
        clock.advance(Duration.ofHours(7));
        check();
        JsonPath c = Fixtures.caseById(id);
        assertThat(c.getString("queue")).isEqualTo("ack2-" + brand);
        assertThat(c.getInt("escalationLevel")).isEqualTo(1);
    }

    @Test
    void slaClocksPauseOutsideCoverageWhenThePolicySaysSo() {
        String brand = Fixtures.brand();
        String queue = "biz-" + brand;
        LocalTime open = Instant.now().plus(Duration.ofHours(3)).atOffset(ZoneOffset.UTC).toLocalTime().truncatedTo(
                ChronoUnit.MINUTES);
        as("lead").body(Map.of("timeZone", "UTC", "coverage", "BUSINESS_HOURS", "open", open.toString(),
                "close", open.plusHours(2).toString(), "days", List.of(1, 2, 3, 4, 5, 6, 7), "pauseOutsideCoverage",
                true))
                .put("/api/v1/queues/" + queue).then().statusCode(200).body("pauseOutsideCoverage", equalTo(true));
        routeBrandTo(brand, queue);
        Fixtures.publish(new Fixtures.M(brand));
        String id = Fixtures.awaitCase(brand);
        JsonPath c = Fixtures.caseById(id);
        // Closed for the next ~3 hours, so the one hour to acknowledge ends an hour after opening.
        Duration untilDue = Duration.between(Instant.parse(c.getString("createdAt")), Instant.parse(c.getString(
                "ackDueAt")));
        assertThat(untilDue).isBetween(Duration.ofMinutes(3 * 60 + 58), Duration.ofMinutes(4 * 60 + 1));
        clock.advance(Duration.ofHours(2));
        check();
        assertThat(Fixtures.caseById(id).getString("ackBreachedAt")).isNull();
    }

    @Test
    void aCalendarChangeRetimesTheOpenCasesOfItsQueueAndIsAudited() {
        String brand = Fixtures.brand();
        String queue = "cal-" + brand;
        as("lead").body(Map.of("coverage", "ALWAYS")).put("/api/v1/queues/" + queue).then().statusCode(200);
        routeBrandTo(brand, queue);
        Fixtures.publish(new Fixtures.M(brand));
        String id = Fixtures.awaitCase(brand);
        JsonPath opened = Fixtures.caseById(id);
        Instant ackBefore = Instant.parse(opened.getString("ackDueAt"));
        Instant resolveBefore = Instant.parse(opened.getString("resolveDueAt"));

        // The queue now pauses its clocks, and is closed for the next three hours (then open two hours a day).
        LocalTime open = clock.instant().plus(Duration.ofHours(3)).atOffset(ZoneOffset.UTC).toLocalTime()
                .truncatedTo(ChronoUnit.MINUTES);
        as("lead").body(Map.of("timeZone", "UTC", "coverage", "BUSINESS_HOURS", "open", open.toString(),
                "close", open.plusHours(2).toString(), "days", List.of(1, 2, 3, 4, 5, 6, 7), "pauseOutsideCoverage",
                true))
                .put("/api/v1/queues/" + queue).then().statusCode(200);
        JsonPath retimed = Fixtures.caseById(id);
        // The hour left to acknowledge now starts when the queue opens: about three hours later than before.
        Duration ackShift = Duration.between(ackBefore, Instant.parse(retimed.getString("ackDueAt")));
        assertThat(ackShift).isBetween(Duration.ofMinutes(2 * 60 + 58), Duration.ofMinutes(3 * 60 + 1));
        // Eight hours to resolve at two covered hours a day: days later.
        assertThat(Instant.parse(retimed.getString("resolveDueAt"))).isAfter(resolveBefore.plus(Duration.ofDays(2)));

        JsonPath audit = as("admin").queryParam("entityType", "case").queryParam("entityId", id).get("/api/v1/audit")
                .then().statusCode(200).extract().jsonPath();
        assertThat(audit.getString("items[0].action")).isEqualTo("case.retimed");
        assertThat(audit.getString("items[0].actor")).isEqualTo("test-lead");
        assertThat(Instant.parse(audit.getString("items[0].before.ackDue"))).isEqualTo(ackBefore);
        assertThat(Instant.parse(audit.getString("items[0].after.ackDue")))
                .isEqualTo(Instant.parse(retimed.getString("ackDueAt")));

        // Saving the same calendar again moves nothing.
        as("lead").body(Map.of("timeZone", "UTC", "coverage", "BUSINESS_HOURS", "open", open.toString(),
                "close", open.plusHours(2).toString(), "days", List.of(1, 2, 3, 4, 5, 6, 7), "pauseOutsideCoverage",
                true))
                .put("/api/v1/queues/" + queue).then().statusCode(200);
        assertThat(Fixtures.caseById(id).getString("ackDueAt")).isEqualTo(retimed.getString("ackDueAt"));
    }

    @Test
    void queuesAndPoliciesAreValidatedAndOnlyLeadsChangeThem() {
        as("lead").body(Map.of("timeZone", "Mars/Olympus")).put("/api/v1/queues/q1").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("timeZone"));
        as("lead").body(Map.of("coverage", "BUSINESS_HOURS")).put("/api/v1/queues/q1").then().statusCode(400)
                .body("errors.field", hasItem("open"));
        as("lead").body(Map.of("days", List.of(0, 8))).put("/api/v1/queues/q1").then().statusCode(400)
                .body("errors.field", hasItem("days"));
        as("lead").body(Map.of("open", "25:00")).put("/api/v1/queues/q1").then().statusCode(400);
        as("lead").body(Map.of()).put("/api/v1/queues/Bad_Name").then().statusCode(400).body("errors.field", hasItem(
                "name"));
        as("agent").body(Map.of()).put("/api/v1/queues/q1").then().statusCode(403);
        as("agent").get("/api/v1/queues").then().statusCode(200).body("items.name", hasItem("distress"))
                .body("nextCursor", equalTo(null));
        // A queue reads back as exactly the fields a PUT takes, and its name.
        assertThat(as("agent").get("/api/v1/queues/distress").then().statusCode(200).extract().jsonPath()
                .getMap("").keySet()).containsExactlyInAnyOrderElementsOf(
                        Stream.concat(Stream.of("name"), QueueConfig.FIELDS.stream()).toList());
        as("comms").get("/api/v1/queues").then().statusCode(403);
        given().get("/api/v1/queues").then().statusCode(401);

        as("agent").get("/api/v1/sla-policies").then().statusCode(200).body("band", equalTo(List.of("P1", "P2", "P3",
                "P4")));
        as("agent").body(Map.of("ackWithin", "PT10M", "resolveWithin", "PT1H")).put("/api/v1/sla-policies/P4").then()
                .statusCode(403);
        as("lead").body(Map.of("ackWithin", "PT10M", "resolveWithin", "PT5M")).put("/api/v1/sla-policies/P4").then()
                .statusCode(400).body("errors.field", hasItem("resolveWithin"));
        as("lead").body(Map.of("ackWithin", "PT1M", "resolveWithin", "PT1H")).put("/api/v1/sla-policies/P9").then()
                .statusCode(400).body("errors.field", hasItem("band"));
        as("agent").post("/api/v1/sla-checks").then().statusCode(403);
        given().post("/api/v1/sla-checks").then().statusCode(401);
    }
}
