package io.earshot.escalation.rules;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import io.earshot.escalation.Fixtures;
import io.earshot.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RuleApiTest {
    static io.restassured.specification.RequestSpecification as(String role) {
        return given().header("Authorization", TestTokens.bearer(role)).contentType(ContentType.JSON);
    }

    /** Creates (or keeps) queue {@code name}: a rule may only send cases to a configured queue. */
    static void queue(String name) {
        as("lead").body(Map.of("coverage", "ALWAYS")).put("/api/v1/queues/" + name).then().statusCode(200);
    }

    static Map<String, Object> rule(String name, String brand, String keyword, String queue) {
        return Map.of("name", name, "position", 1, "conditions", Map.of("brands", List.of(brand), "keywordsAny", List
                .of(keyword)),
                "action", Map.of("queue", queue, "priority", "P1"));
    }

    @Test
    void leadsCreateVersionedRulesThatRouteNewMentions() {
        String brand = Fixtures.brand();
        String name = "outage-" + brand;
        queue("ops");
        queue("ops-night");
        JsonPath created = as("lead").body(rule(name, brand, "outage", "ops")).post("/api/v1/rules")
                .then().statusCode(201).body("version", equalTo(1)).body("updatedBy", equalTo("test-lead"))
                .extract().jsonPath();
        String id = created.getString("id");

        Fixtures.M m = new Fixtures.M(brand);
        m.sentiment = 0.0;
        m.text = "Total OUTAGE again";
        Fixtures.publish(m);
        String caseId = Fixtures.awaitCase(brand);
        JsonPath c = Fixtures.caseById(caseId);
        assertThat(c.getString("queue")).isEqualTo("ops");
        assertThat(c.getString("rule")).isEqualTo(name);
        assertThat(c.getInt("ruleVersion")).isEqualTo(1);
        assertThat(c.getString("priorityBand")).isEqualTo("P1");

        as("lead").body(rule(name, brand, "outage", "ops-night")).put("/api/v1/rules/" + id)
                .then().statusCode(200).body("version", equalTo(2)).body("definition.action.queue", equalTo(
                        "ops-night"));
        as("agent").get("/api/v1/rules/" + id + "/versions").then().statusCode(200)
                .body("items.version", equalTo(List.of(2, 1))).body("nextCursor", equalTo(null))
                .body("items.definition.action.queue", equalTo(List.of("ops-night", "ops")));

        Fixtures.M later = new Fixtures.M(brand);
        later.author = "bea";
        later.sentiment = 0.0;
        later.text = "outage outage";
        Fixtures.publish(later);
        await().atMost(Fixtures.PATIENCE).untilAsserted(() -> assertThat(Fixtures.cases(brand).getList("items.queue"))
                .containsExactlyInAnyOrder("ops", "ops-night"));
        assertThat(Fixtures.cases(brand).getList("items.ruleVersion", Integer.class)).containsExactlyInAnyOrder(1, 2);

        as("lead").body(rule(name, brand, "x", "ops")).post("/api/v1/rules").then().statusCode(409)
                .contentType("application/problem+json");
        as("agent").get("/api/v1/rules").then().statusCode(200).body("items.name", hasItems("negative", "urgent", name))
                .body("nextCursor", equalTo(null));
    }

    @Test
    void aPostWithRedactedContactDetailsOpensAPrivateFollowUp() {
        String brand = Fixtures.brand();
        Fixtures.M m = new Fixtures.M(brand);
        m.sentiment = 0.0; // neutral: no other rule would open a case
        m.text = "My order never arrived, please email me at [EMAIL]";
        m.pii = List.of("email");
        Fixtures.publish(m);
        JsonPath c = Fixtures.caseById(Fixtures.awaitCase(brand));
        assertThat(c.getString("queue")).isEqualTo("private");
        assertThat(c.getString("rule")).isEqualTo("private-follow-up-contact");
        assertThat(c.getString("priorityBand")).isEqualTo("P2");
        assertThat(c.getBoolean("neverAutoAnswer")).isTrue();
        assertThat(c.getString("reason")).contains("personal data redacted: email");
        as("agent").get("/api/v1/queues/private").then().statusCode(200).body("escalation", equalTo(List.of(
                "care-leads")));
    }

    @Test
    void whatAGetAnswersAPutTakesBack() {
        String brand = Fixtures.brand();
        String id = as("lead").body(rule("roundtrip-" + brand, brand, "refund", "care")).post("/api/v1/rules")
                .then().statusCode(201).extract().path("id");
        Map<String, Object> read = as("lead").get("/api/v1/rules/" + id).then().statusCode(200).extract().jsonPath()
                .getMap("");
        assertThat(read).containsKeys("id", "version", "definition", "updatedBy", "updatedAt");

        // Read, change one thing, send the whole shape back.
        Map<String, Object> changed = new java.util.HashMap<>(read);
        changed.put("position", 7);
        as("lead").body(changed).put("/api/v1/rules/" + id).then().statusCode(200).body("version", equalTo(2))
                .body("position", equalTo(7)).body("definition.action.queue", equalTo("care"))
                .body("definition.conditions.keywordsAny", equalTo(List.of("refund")));
        // The same body again names version 1, which is no longer current: refused, not silently overwritten.
        as("lead").body(changed).put("/api/v1/rules/" + id).then().statusCode(409)
                .contentType("application/problem+json");
        // A body naming another rule, or holding both forms, is refused naming the field.
        Map<String, Object> other = new java.util.HashMap<>(read);
        other.put("id", java.util.UUID.randomUUID().toString());
        other.remove("version");
        as("lead").body(other).put("/api/v1/rules/" + id).then().statusCode(400).body("errors.field", hasItem("id"));
        Map<String, Object> both = new java.util.HashMap<>(read);
        both.remove("version");
        both.put("conditions", Map.of("keywordsAny", List.of("x")));
        as("lead").body(both).put("/api/v1/rules/" + id).then().statusCode(400)
                .body("errors.field", hasItem("definition"));
        as("agent").get("/api/v1/rules/" + id + "/versions").then().body("items.version", equalTo(List.of(2, 1)));
    }

    @Test
    void invalidRulesAreRejectedNamingTheField() {
        as("lead").body(Map.of("name", "bad", "conditions", Map.of("sentimentAtMost", -3, "emotionsAtLeast", Map.of(
                "rage", 1)),
                "action", Map.of("queue", "Care!", "priority", "P7"))).post("/api/v1/rules")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("conditions.sentimentAtMost", "conditions.emotionsAtLeast.rage",
                        "action.queue", "action.priority"));
        as("lead").body(Map.of("name", "Bad Name", "conditions", Map.of(), "action", Map.of("queue", "care", "priority",
                "P1")))
                .post("/api/v1/rules").then().statusCode(400).body("errors.field", hasItems("name", "conditions"));
        as("lead").body(Map.of("name", "typed", "conditions", Map.of("urgencyAtLeast", "very"),
                "action", Map.of("queue", "care", "priority", "P1"))).post("/api/v1/rules")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("conditions.urgencyAtLeast"));
        as("lead").body("{").post("/api/v1/rules").then().statusCode(400).contentType("application/problem+json");
        as("lead").get("/api/v1/rules/" + java.util.UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void aDryRunShowsWhatARuleWouldHaveEscalatedAndWhere() {
        String brand = Fixtures.brand();
        for (int i = 0; i < 2; i++) {
            Fixtures.M calm = new Fixtures.M(brand);
            calm.thread = "calm-" + i;
            calm.sentiment = 0.1;
            calm.topics = List.of("shipping");
            Fixtures.publish(calm);
        }
        Fixtures.M barrier = new Fixtures.M(brand);
        barrier.thread = "angry";
        barrier.sentiment = -0.9;
        Fixtures.publish(barrier);
        Fixtures.awaitCase(brand);

        queue("logistics");
        Map<String, Object> candidate = Map.of("name", "shipping-" + brand, "position", 5,
                "conditions", Map.of("topicsAny", List.of("shipping")), "action", Map.of("queue", "logistics",
                        "priority", "P3"));
        JsonPath run = as("lead").body(Map.of("rule", candidate, "limit", 50, "brand", brand)).post(
                "/api/v1/rules/dry-run")
                .then().statusCode(200).extract().jsonPath();
        assertThat(run.getInt("evaluated")).isEqualTo(3);
        assertThat(run.getInt("escalated")).isEqualTo(3);
        assertThat(run.getInt("changed")).isEqualTo(2);
        assertThat(run.getList("items.findAll { it.changed }.proposed.queue")).containsExactly("logistics",
                "logistics");
        assertThat(run.getList("items.findAll { !it.changed }.current.queue")).containsExactly("care");
        // Nothing was saved: the rule does not exist.
        as("lead").get("/api/v1/rules").then().body("items.name", org.hamcrest.Matchers.not(hasItem("shipping-"
                + brand)));

        as("lead").body(Map.of("limit", 0)).post("/api/v1/rules/dry-run").then().statusCode(400).body("errors.field",
                hasItem("limit"));
        as("lead").body(Map.of("rule", Map.of("name", "x", "conditions", Map.of("sarcasmAtLeast", 2),
                "action", Map.of("queue", "q", "priority", "P1")))).post("/api/v1/rules/dry-run")
                .then().statusCode(400).body("errors.field", hasItem("rule.conditions.sarcasmAtLeast"));
    }

    @Test
    void aRuleMaySendCasesOnlyToAConfiguredQueue() {
        String brand = Fixtures.brand();
        // A misspelt queue ("crae" for "care"; unique per run, as the database outlives it): refused, naming the
        // queue and the known ones, in every shape a rule is sent.
        String typo = "crae-" + UUID.randomUUID().toString().substring(0, 8);
        as("lead").body(rule("typo-" + brand, brand, "outage", typo)).post("/api/v1/rules").then().statusCode(422)
                .contentType("application/problem+json").body("errors[0].field", equalTo("action.queue"))
                .body("detail", org.hamcrest.Matchers.containsString("'" + typo + "'"))
                .body("detail", org.hamcrest.Matchers.containsString("care, care-leads"))
                .body("detail", org.hamcrest.Matchers.containsString("PUT /api/v1/queues/" + typo));
        as("lead").body(Map.of("rule", rule("typo-" + brand, brand, "outage", typo))).post("/api/v1/rules/dry-run")
                .then().statusCode(422).body("errors[0].field", equalTo("rule.action.queue"));
        as("lead").get("/api/v1/rules").then().body("items.name", org.hamcrest.Matchers.not(hasItem("typo-" + brand)));
        // An unconfigured queue does not exist: 404, not 200 with defaults.
        as("lead").get("/api/v1/queues/" + typo).then().statusCode(404).contentType("application/problem+json");
        // A rule saved with a real queue cannot be moved to an unknown one, in the GET shape either.
        String id = as("lead").body(rule("typo-" + brand, brand, "outage", "care")).post("/api/v1/rules").then()
                .statusCode(201).extract().path("id");
        Map<String, Object> read = as("lead").get("/api/v1/rules/" + id).then().statusCode(200).extract().jsonPath()
                .getMap("$");
        Map<String, Object> moved = new java.util.HashMap<>(read);
        moved.put("definition", Map.of("conditions", Map.of("brands", List.of(brand)),
                "action", Map.of("queue", typo, "priority", "P1")));
        as("lead").body(moved).put("/api/v1/rules/" + id).then().statusCode(422)
                .body("errors[0].field", equalTo("definition.action.queue"));
        // Created explicitly, the queue exists and can be named.
        queue(typo);
        as("lead").get("/api/v1/queues/" + typo).then().statusCode(200).body("name", equalTo(typo));
        as("lead").body(moved).put("/api/v1/rules/" + id).then().statusCode(200).body("version", equalTo(2))
                .body("definition.action.queue", equalTo(typo));
    }

    @Test
    void unknownFieldsOfRulesAndQueuesAreRefusedAndTheirGetShapesAccepted() {
        String brand = Fixtures.brand();
        Map<String, Object> typo = new java.util.HashMap<>(rule("unknown-" + brand, brand, "outage", "care"));
        typo.put("prority", "P1");
        as("lead").body(typo).post("/api/v1/rules").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("prority")).body("errors[0].pointer", equalTo("/prority"))
                .body("errors[0].message", org.hamcrest.Matchers.startsWith("is not a known field"));
        Map<String, Object> nested = Map.of("name", "unknown-" + brand, "conditions", Map.of("brands", List.of(brand),
                "keywordAny", List.of("x")), "action", Map.of("queue", "care", "priority", "P1"));
        as("lead").body(nested).post("/api/v1/rules").then().statusCode(400)
                .body("errors[0].field", equalTo("conditions.keywordAny"))
                .body("errors[0].pointer", equalTo("/conditions/keywordAny"));
        // A queue's GET shape is what its PUT takes; a field beside it is refused.
        Map<String, Object> care = as("lead").get("/api/v1/queues/care").then().statusCode(200).extract().jsonPath()
                .getMap("$");
        as("lead").body(care).put("/api/v1/queues/care").then().statusCode(200).body("name", equalTo("care"));
        Map<String, Object> extra = new java.util.HashMap<>(care);
        extra.put("empty", false);
        as("lead").body(extra).put("/api/v1/queues/care").then().statusCode(400).body("errors[0].field", equalTo(
                "empty"));
    }

    @Test
    void rolesAreEnforcedOnRules() {
        String brand = Fixtures.brand();
        given().get("/api/v1/rules").then().statusCode(401).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(rule("r-" + brand, brand, "k", "q")).post("/api/v1/rules").then()
                .statusCode(401);
        as("agent").body(rule("r-" + brand, brand, "k", "q")).post("/api/v1/rules").then().statusCode(403)
                .contentType("application/problem+json");
        as("agent").body(rule("r-" + brand, brand, "k", "q")).put("/api/v1/rules/" + java.util.UUID.randomUUID()).then()
                .statusCode(403);
        as("agent").body(Map.of("limit", 5)).post("/api/v1/rules/dry-run").then().statusCode(403);
        as("comms").get("/api/v1/rules").then().statusCode(403);
        as("analyst").get("/api/v1/rules").then().statusCode(403);
    }
}
