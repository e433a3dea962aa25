package io.earshot.escalation.cases;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import io.earshot.contracts.Topics;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.CaseEvent;
import io.earshot.contracts.events.CrisisAlert;
import io.earshot.escalation.Fixtures;
import io.earshot.testing.TestTokens;
import io.earshot.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CaseWorkTest {
    static RequestSpecification as(String... roles) {
        return given().header("Authorization", TestTokens.bearer(roles)).contentType(ContentType.JSON);
    }

    static String openCase() {
        String brand = Fixtures.brand();
        Fixtures.publish(new Fixtures.M(brand));
        return Fixtures.awaitCase(brand);
    }

    @Test
    void ofConcurrentClaimsExactlyOneWins() throws Exception {
        String id = openCase();
        int n = 8;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                String token = TestTokens.bearer("agent", "a" + i);
                results.add(pool.submit(() -> {
                    start.await();
                    return given().header("Authorization", token).post("/api/v1/cases/" + id + "/claim").statusCode();
                }));
            }
            start.countDown();
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> f : results) {
                codes.add(f.get());
            }
            assertThat(codes).containsOnly(200, 409);
            assertThat(codes.stream().filter(c -> c == 200)).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        JsonPath c = Fixtures.caseById(id);
        assertThat(c.getString("status")).isEqualTo("CLAIMED");
        assertThat(c.getString("assignee")).startsWith("test-agent-a");
    }

    /** Claiming is the first human touch: it stops the acknowledge clock, once; a later acknowledge keeps that time. */
    @Test
    void claimingACaseAcknowledgesIt() {
        String id = openCase();
        assertThat(Fixtures.caseById(id).getString("acknowledgedAt")).isNull();
        as("agent").post("/api/v1/cases/" + id + "/claim").then().statusCode(200).body("status", equalTo("CLAIMED"));
        String acknowledged = Fixtures.caseById(id).getString("acknowledgedAt");
        assertThat(acknowledged).isNotNull();
        as("agent").post("/api/v1/cases/" + id + "/acknowledge").then().statusCode(200);
        assertThat(Fixtures.caseById(id).getString("acknowledgedAt")).isEqualTo(acknowledged);
    }

    @Test
    void aCaseIsWorkedFromClaimToResolutionAndEveryStepIsPublished() {
        TopicReader events = new TopicReader(Fixtures.bootstrap(), Topics.CASES_EVENTS);
        String id;
        try (events) {
            id = openCase();
            as("agent").post("/api/v1/cases/" + id + "/acknowledge").then().statusCode(200)
                    .body("status", equalTo("CLAIMED")).body("assignee", equalTo("test-agent"));
            as("agent").body(Map.of("body", "called the customer")).post("/api/v1/cases/" + id + "/notes").then()
                    .statusCode(200);
            as("agent").body(Map.of("body", " ")).post("/api/v1/cases/" + id + "/notes").then().statusCode(400)
                    .body("errors.field", hasItem("body"));
            // Someone else cannot hand back or resolve a case they do not hold.
            as("agent", "other").post("/api/v1/cases/" + id + "/hand-back").then().statusCode(409);
            as("agent").post("/api/v1/cases/" + id + "/hand-back").then().statusCode(200)
                    .body("status", equalTo("OPEN")).body("assignee", nullValue());
            as("agent").body(Map.of("queue", "billing")).post("/api/v1/cases/" + id + "/transfer").then().statusCode(
                    403);
            as("lead").body(Map.of("queue", "Billing!")).post("/api/v1/cases/" + id + "/transfer").then().statusCode(
                    400)
                    .body("errors.field", hasItem("queue"));
            as("lead").body(Map.of("queue", "billing", "assignee", " ")).post("/api/v1/cases/" + id + "/transfer")
                    .then()
                    .statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("assignee"));
            as("lead").post("/api/v1/cases/" + id + "/transfer").then().statusCode(400)
                    .contentType("application/problem+json");
            as("lead").body(Map.of("queue", "billing", "assignee", "test-agent")).post("/api/v1/cases/" + id
                    + "/transfer")
                    .then().statusCode(200).body("queue", equalTo("billing")).body("status", equalTo("CLAIMED"));
            as("agent").body(Map.of("outcome", "WHATEVER")).post("/api/v1/cases/" + id + "/resolve").then().statusCode(
                    400)
                    .body("errors.field", hasItem("outcome"));
            as("agent").body(Map.of("outcome", "answered")).post("/api/v1/cases/" + id + "/resolve").then().statusCode(
                    200)
                    .body("status", equalTo("RESOLVED")).body("outcome", equalTo("ANSWERED"));
            as("agent").post("/api/v1/cases/" + id + "/claim").then().statusCode(409).contentType(
                    "application/problem+json");

            List<CaseEvent.Type> seen = new ArrayList<>();
            await().atMost(Fixtures.PATIENCE).untilAsserted(() -> {
                seen.clear();
                events.records().stream().filter(r -> id.equals(r.key()))
                        .map(r -> EventCodec.decode(r.value(), CaseEvent.class).type()).forEach(seen::add);
                assertThat(seen).containsExactly(CaseEvent.Type.OPENED, CaseEvent.Type.ACKNOWLEDGED,
                        CaseEvent.Type.NOTE_ADDED,
                        CaseEvent.Type.HANDED_BACK, CaseEvent.Type.TRANSFERRED, CaseEvent.Type.RESOLVED);
            });
        }
        JsonPath c = Fixtures.caseById(id);
        assertThat(c.getString("acknowledgedAt")).isNotNull();
        assertThat(c.getList("context.notes.body")).containsExactly("called the customer");

        JsonPath audit = as("admin").queryParam("entityType", "case").queryParam("entityId", id).get("/api/v1/audit")
                .then().statusCode(200).extract().jsonPath();
        assertThat(audit.getList("items.action")).containsExactly("case.resolved", "case.transferred",
                "case.handed-back",
                "case.note-added", "case.acknowledged", "case.opened");
        assertThat(audit.getString("items[0].actor")).isEqualTo("test-agent");
        assertThat(audit.getString("items[0].before.status")).isEqualTo("CLAIMED");
        assertThat(audit.getString("items[0].after.status")).isEqualTo("RESOLVED");
        // Pages of two walk the same six entries.
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            RequestSpecification req = as("admin").queryParam("entityId", id).queryParam("limit", 2);
            if (cursor != null) {
                req = req.queryParam("cursor", cursor);
            }
            JsonPath page = req.get("/api/v1/audit").then().statusCode(200).extract().jsonPath();
            ids.addAll(page.getList("items.id", String.class));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        assertThat(ids).hasSize(6).doesNotHaveDuplicates();
    }

    @Test
    void aCaseShowsItsBrandsOpenCrisisUntilTheCrisisIsResolved() throws Exception {
        String brand = Fixtures.brand();
        Fixtures.M m = new Fixtures.M(brand);
        m.sentiment = -0.9;
        Fixtures.publish(m);
        String caseId = Fixtures.awaitCase(brand);
        as("agent").get("/api/v1/cases/" + caseId).then().statusCode(200).body("context.relatedCrisis", nullValue());

        UUID topicCrisis = UUID.randomUUID();
        UUID brandCrisis = UUID.randomUUID();
        try (Connection db = DriverManager.getConnection(
                ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class),
                "postgres", "")) {
            String insert = "insert into crises (id, brand, topic, state, severity, score, volume, baseline, negative_share,"
                    + " last_alert, opened_at, updated_at) values (?, ?, ?, ?, ?, 9, 120, 10, 0.8, ?, now(), now())";
            try (PreparedStatement st = db.prepareStatement(insert)) {
                Object[][] rows = {{topicCrisis, "billing", CrisisAlert.State.OPEN, CrisisAlert.Severity.CRITICAL},
                        {brandCrisis, "", CrisisAlert.State.UPDATED, CrisisAlert.Severity.HIGH}};
                for (Object[] row : rows) {
                    CrisisAlert alert = new CrisisAlert(CrisisAlert.SCHEMA_VERSION, (UUID) row[0], brand,
                            (String) row[1],
                            Duration.ofMinutes(5), 120, 10, 0.8, 9, (CrisisAlert.Severity) row[3], List.of(),
                            (CrisisAlert.State) row[2], Instant.now());
                    st.setObject(1, row[0]);
                    st.setString(2, brand);
                    st.setString(3, (String) row[1]);
                    st.setString(4, row[2].toString());
                    st.setString(5, row[3].toString());
                    st.setString(6, EventCodec.encode(alert));
                    st.executeUpdate();
                }
            }
            // The brand-wide crisis is the related one, even when a topic's crisis is more severe.
            as("agent").get("/api/v1/cases/" + caseId).then().statusCode(200)
                    .body("context.relatedCrisis.id", equalTo(brandCrisis.toString()))
                    .body("context.relatedCrisis.topic", equalTo(""))
                    .body("context.relatedCrisis.severity", equalTo("HIGH"))
                    .body("context.relatedCrisis.state", equalTo("UPDATED"));
            try (PreparedStatement st = db.prepareStatement("update crises set state = 'RESOLVED' where id = ?")) {
                st.setObject(1, brandCrisis);
                st.executeUpdate();
            }
            as("agent").get("/api/v1/cases/" + caseId).then().statusCode(200)
                    .body("context.relatedCrisis.id", equalTo(topicCrisis.toString()))
                    .body("context.relatedCrisis.topic", equalTo("billing"));
            try (PreparedStatement st = db.prepareStatement("update crises set state = 'RESOLVED' where id = ?")) {
                st.setObject(1, topicCrisis);
                st.executeUpdate();
            }
        }
        as("agent").get("/api/v1/cases/" + caseId).then().statusCode(200).body("context.relatedCrisis", nullValue());
    }

    @Test
    void theCaseShowsItsFullContext() {
        String brand = Fixtures.brand();
        String handle = "zoe" + brand;
        as("lead").body(List.of(Map.of("id", "cust-" + brand, "tier", "vip", "lifetimeValue", 9900,
                "handles", List.of(Map.of("network", "reddit", "handle", "@" + handle.toUpperCase())))))
                .post("/api/v1/customers").then().statusCode(200).body("upserted", equalTo(1));

        Fixtures.M first = new Fixtures.M(brand);
        first.author = handle;
        first.thread = "old";
        first.sentiment = -0.9;
        Fixtures.publish(first);
        String firstCase = Fixtures.awaitCase(brand);
        as("agent").post("/api/v1/cases/" + firstCase + "/claim").then().statusCode(200);
        as("agent").body(Map.of("outcome", "REFUNDED")).post("/api/v1/cases/" + firstCase + "/resolve").then()
                .statusCode(200);

        Fixtures.M neighbour = new Fixtures.M(brand);
        neighbour.author = "nick";
        neighbour.thread = "new";
        neighbour.sentiment = 0.3;
        var n = Fixtures.publish(neighbour);
        Fixtures.M second = new Fixtures.M(brand);
        second.author = handle;
        second.thread = "new";
        second.sentiment = -0.6;
        var s = Fixtures.publish(second);
        await().atMost(Fixtures.PATIENCE).until(() -> Fixtures.cases(brand).getList("items").size() == 2);
        String secondCase = Fixtures.cases(brand).getString("items.find { it.status == 'OPEN' }.id");

        await().atMost(Fixtures.PATIENCE).untilAsserted(() -> {
            JsonPath c = Fixtures.caseById(secondCase);
            assertThat(c.getList("context.thread.id")).containsExactly(n.mention().id().toString());
            assertThat(c.getList("context.authorHistory.mentions.sentiment", Float.class)).containsExactly(-0.9f,
                    -0.6f);
            assertThat(c.getDouble("context.authorHistory.trend")).isEqualTo(0.3);
            assertThat(c.getString("context.authorHistory.direction")).isEqualTo("improving");
            assertThat(c.getList("context.previousCases.id")).containsExactly(firstCase);
            assertThat(c.getList("context.previousCases.outcome")).containsExactly("REFUNDED");
            assertThat(c.getString("context.customer.id")).isEqualTo("cust-" + brand);
            assertThat(c.getString("customerId")).isEqualTo("cust-" + brand);
            assertThat(c.getString("rule")).isEqualTo("negative");
            assertThat(c.getInt("ruleVersion")).isEqualTo(1);
            assertThat(c.getString("mentions[0].mention.id")).isEqualTo(s.mention().id().toString());
            assertThat(c.getDouble("priorityBreakdown.customerValue")).isEqualTo(2.0);
            assertThat(c.getDouble("priorityBreakdown.engagement")).isEqualTo(1.05);
            assertThat(c.getString("priorityBreakdown.explanation")).contains("tier vip").contains("1 previous cases");
            assertThat(c.getDouble("priority")).isEqualTo(c.getDouble("priorityBreakdown.score"));
            assertThat(c.getString("ackDueAt")).isNotNull();
            assertThat(c.<Object>get("context.relatedCrisis")).isNull();
        });
    }

    @Test
    void listingsFilterAndSortByPriorityAndSlaDue() {
        String brand = Fixtures.brand();
        double[] sentiments = {-0.6, -0.95, -0.7};
        for (int i = 0; i < sentiments.length; i++) {
            Fixtures.M m = new Fixtures.M(brand);
            m.author = "p" + i;
            m.sentiment = sentiments[i];
            Fixtures.publish(m);
        }
        Fixtures.M urgent = new Fixtures.M(brand);
        urgent.author = "u";
        urgent.sentiment = 0.0;
        urgent.urgency = 0.9;
        Fixtures.publish(urgent);
        await().atMost(Fixtures.PATIENCE).until(() -> Fixtures.cases(brand).getList("items").size() == 4);

        List<Float> byPriority = new ArrayList<>();
        String cursor = null;
        do {
            RequestSpecification req = as("agent").queryParam("brand", brand).queryParam("sort", "priority").queryParam(
                    "limit", 3);
            if (cursor != null) {
                req = req.queryParam("cursor", cursor);
            }
            JsonPath page = req.get("/api/v1/cases").then().statusCode(200).extract().jsonPath();
            byPriority.addAll(page.getList("items.priority", Float.class));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        assertThat(byPriority).hasSize(4).isSortedAccordingTo(java.util.Comparator.reverseOrder());

        // The urgent rule gives P2 (ack within 1h), the negative rule P3 (4h): the urgent case is due first.
        JsonPath bySla = as("agent").queryParam("brand", brand).queryParam("sort", "sla").get("/api/v1/cases")
                .then().statusCode(200).extract().jsonPath();
        assertThat(bySla.getString("items[0].queue")).isEqualTo("urgent");
        assertThat(bySla.getList("items.ackDueAt", String.class).stream().map(java.time.Instant::parse).toList())
                .isSorted();
        as("agent").queryParam("brand", brand).queryParam("priority", "P2").get("/api/v1/cases").then().statusCode(200)
                .body("items.queue", equalTo(List.of("urgent")));
        as("agent").queryParam("brand", brand).queryParam("queue", "care").queryParam("breached", "false").get(
                "/api/v1/cases")
                .then().statusCode(200).body("items.size()", equalTo(3));
        as("agent").queryParam("sort", "random").get("/api/v1/cases").then().statusCode(400).body("errors.field",
                hasItem("sort"));
        as("agent").queryParam("priority", "P0").get("/api/v1/cases").then().statusCode(400).body("errors.field",
                hasItem("priority"));
        as("agent").queryParam("breached", "maybe").get("/api/v1/cases").then().statusCode(400);
    }

    @Test
    void rolesAreEnforcedOnCaseWork() {
        String id = openCase();
        for (String path : List.of("claim", "acknowledge", "hand-back", "resolve", "notes", "transfer")) {
            given().contentType(ContentType.JSON).body("{}").post("/api/v1/cases/" + id + "/" + path).then().statusCode(
                    401)
                    .contentType("application/problem+json");
            as("comms").body("{}").post("/api/v1/cases/" + id + "/" + path).then().statusCode(403)
                    .contentType("application/problem+json");
        }
        as("agent").get("/api/v1/audit").then().statusCode(403);
        as("lead").get("/api/v1/audit").then().statusCode(403);
        given().get("/api/v1/audit").then().statusCode(401);
        as("admin").queryParam("limit", 0).get("/api/v1/audit").then().statusCode(400).body("errors.field", hasItem(
                "limit"));
        as("comms").get("/api/v1/cases/" + id).then().statusCode(200);
    }
}
