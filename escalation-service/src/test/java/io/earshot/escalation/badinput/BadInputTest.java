package io.earshot.escalation.badinput;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.contracts.Topics;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.ErasureRequest;
import io.earshot.contracts.events.SourceHealth;
import io.earshot.escalation.Fixtures;
import io.earshot.testing.BadForm;
import io.earshot.testing.BadInput;
import io.earshot.testing.BadInput.Target;
import io.earshot.testing.PoisonRecords;
import io.earshot.testing.TestTokens;
import io.earshot.web.Session;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The bad-input catalogue against every JSON write endpoint of escalation-service, the form catalogue against every
 * form post of its pages (the console, sign-in and sign-out), poison on every topic it consumes, and injection strings
 * that must be stored verbatim and shown escaped in the console.
 */
@QuarkusTest
class BadInputTest {
    static final long LIMIT = BadInput.maxBodyBytes();
    static final String RULE = "{\"name\":\"bad-input-rule\",\"position\":1,\"enabled\":true,"
            + "\"conditions\":{\"brands\":[\"bad-input\"],\"keywordsAny\":[\"outage\"]},"
            + "\"action\":{\"queue\":\"care\",\"priority\":\"P1\"}}";

    @TestHTTPResource("/")
    URL base;

    /** Every table but those background work touches (the outbox relay, the crisis ticks, webhook deliveries). */
    final Supplier<Map<String, String>> tables = BadInput.serviceTables("case_events_outbox", "crises", "crisis_alerts",
            "coordination_clusters", "webhook_deliveries", "recent_mentions");

    static String openCase() {
        String brand = Fixtures.brand();
        Fixtures.publish(new Fixtures.M(brand));
        return Fixtures.awaitCase(brand);
    }

    List<Target> targets() {
        String caseId = openCase();
        String ruleId = given().header("Authorization", TestTokens.bearer("lead")).contentType(ContentType.JSON)
                .body(RULE.replace("bad-input-rule", "bad-input-" + UUID.randomUUID().toString().substring(0, 8)))
                .post("/api/v1/rules").then().statusCode(201).extract().path("id");
        String c = "/api/v1/cases/" + caseId;
        List<Target> t = new ArrayList<>();
        t.add(Target.of("POST", c + "/notes", "agent", "{\"body\":\"a note\"}", LIMIT).required("body"));
        t.add(Target.of("POST", c + "/transfer", "lead", "{\"queue\":\"care\",\"assignee\":\"someone\"}", LIMIT)
                .required("queue"));
        t.add(Target.of("POST", c + "/resolve", "agent", "{\"outcome\":\"ANSWERED\"}", LIMIT).required("outcome")
                .enumAt("outcome"));
        t.add(Target.of("PUT", c + "/checklist/call-back", "agent", "{\"done\":true}", LIMIT).required("done"));
        t.add(Target.of("POST", c + "/replies", "agent", "{\"body\":\"Sorry about that\",\"legal\":false}", LIMIT)
                .required("body"));
        t.add(Target.of("POST", "/api/v1/customers", "lead",
                "[{\"id\":\"c-bad-input\",\"name\":\"Ann\",\"tier\":\"gold\","
                        + "\"lifetimeValue\":120.5,\"press\":false,\"handles\":[{\"network\":\"reddit\",\"handle\":\"ann\"}]}]",
                LIMIT)
                .required("0.id"));
        t.add(Target.of("POST", "/api/v1/customers/c-bad-input/links", "lead",
                "{\"network\":\"reddit\",\"handle\":\"ann\"}",
                LIMIT).required("handle"));
        t.add(Target.of("PUT", "/api/v1/queues/bad-input-q", "lead", "{\"timeZone\":\"Europe/Berlin\","
                + "\"coverage\":\"BUSINESS_HOURS\",\"open\":\"09:00\",\"close\":\"17:00\",\"days\":[1,2,3,4,5],"
                + "\"holidays\":[\"2026-12-25\"],\"pauseOutsideCoverage\":false,\"escalation\":[\"care-leads\"]}",
                LIMIT)
                .enumAt("coverage"));
        t.add(Target.of("PUT", "/api/v1/sla-policies/P4", "lead",
                "{\"ackWithin\":\"PT30M\",\"resolveWithin\":\"PT8H\"}",
                LIMIT).required("ackWithin"));
        t.add(Target.of("POST", "/api/v1/rules", "lead", RULE, LIMIT).required("name").enumAt("action.priority")
                .countAt("position"));
        t.add(Target.of("PUT", "/api/v1/rules/" + ruleId, "lead", RULE, LIMIT).required("name").enumAt(
                "action.priority")
                .countAt("position"));
        t.add(Target.of("POST", "/api/v1/rules/dry-run", "lead", "{\"rule\":" + RULE
                + ",\"limit\":10,\"brand\":\"bad-input\"}",
                LIMIT).required("rule").enumAt("rule.action.priority").countAt("limit"));
        t.add(Target.of("POST", "/api/v1/webhooks/endpoints", "admin", "{\"url\":\"https://hooks.example/bad-input\","
                + "\"events\":[\"crisis.alert\"],\"format\":\"slack\"}", LIMIT).required("url").enumAt("format"));
        t.add(Target.of("PATCH", "/api/v1/webhooks/endpoints/" + UUID.randomUUID(), "admin", "{\"enabled\":false}",
                LIMIT));
        return t;
    }

    @Test
    void everyWriteEndpointRefusesEveryKindOfBadInputWithAProblemAndWritesNothing() {
        List<Target> targets = targets();
        // Earlier tests' scored mentions may still be arriving, a batch (one commit) at a time; the tables are
        // compared only once escalation's consumers have caught up.
        PoisonRecords.awaitCaughtUp(Fixtures.bootstrap(), "escalation-service", Topics.MENTIONS_SCORED,
                Fixtures.PATIENCE);
        PoisonRecords.awaitCaughtUp(Fixtures.bootstrap(), "escalation-crisis", Topics.MENTIONS_SCORED,
                Fixtures.PATIENCE);
        BadInput.awaitSettled(tables);
        assertThat(BadInput.verifyAll(targets, tables)).isGreaterThanOrEqualTo(25 * targets.size());
    }

    Map<String, String> session(String role) {
        return Map.of("Cookie", Session.COOKIE + "=" + TestTokens.token(role), "Origin",
                "http://" + base.getHost() + ":" + base.getPort());
    }

    static void claim(String caseId) {
        given().header("Authorization", TestTokens.bearer("agent")).post("/api/v1/cases/" + caseId + "/claim").then()
                .statusCode(200);
    }

    /**
     * Each action on a case where it would succeed with a good form: claim on an open case; hand back, resolve, note
     * and draft on a case the agent holds; approve a reply that needs it, mark sent one that does not.
     */
    List<BadForm.Target> formTargets() {
        String open = openCase();
        String held = openCase();
        String c = "/api/v1/cases/" + held;
        claim(held);
        String legal = given().header("Authorization", TestTokens.bearer("agent")).contentType(ContentType.JSON)
                .body("{\"body\":\"we will call you\",\"legal\":true}").post(c + "/replies").then().statusCode(201)
                .extract().path("id");
        String plain = given().header("Authorization", TestTokens.bearer("agent")).contentType(ContentType.JSON)
                .body("{\"body\":\"sorry about that\",\"legal\":false}").post(c + "/replies").then().statusCode(201)
                .extract().path("id");
        String ui = "/ui/console/cases/";
        return List.of(BadForm.Target.of(ui + open + "/claim", "agent", "", LIMIT),
                BadForm.Target.of(ui + held + "/hand-back", "agent", "", LIMIT),
                BadForm.Target.of(ui + held + "/resolve", "agent", "outcome=ANSWERED", LIMIT).required("outcome")
                        .enumAt("outcome"),
                BadForm.Target.of(ui + held + "/notes", "agent", "body=a+note", LIMIT).required("body"),
                BadForm.Target.of(ui + held + "/replies", "agent", "body=Sorry+about+that&legal=on", LIMIT).required(
                        "body"),
                BadForm.Target.of(ui + held + "/replies/" + legal + "/approve", "lead", "", LIMIT),
                BadForm.Target.of(ui + held + "/replies/" + plain + "/sent", "agent", "", LIMIT),
                BadForm.Target.of("/ui/login", "agent", "token=" + TestTokens.token("agent") + "&next=%2Fui%2Fconsole",
                        LIMIT)
                        .required("token"),
                BadForm.Target.of("/ui/logout", "agent", "", LIMIT));
    }

    @Test
    void everyFormPostRefusesEveryKindOfBadInputWithAnErrorPageOrProblemAndWritesNothing() {
        List<BadForm.Target> targets = formTargets();
        PoisonRecords.awaitCaughtUp(Fixtures.bootstrap(), "escalation-service", Topics.MENTIONS_SCORED,
                Fixtures.PATIENCE);
        PoisonRecords.awaitCaughtUp(Fixtures.bootstrap(), "escalation-crisis", Topics.MENTIONS_SCORED,
                Fixtures.PATIENCE);
        BadInput.awaitSettled(tables);
        assertThat(BadForm.verifyAll(targets, this::session, tables)).isGreaterThanOrEqualTo(4 * targets.size());
    }

    @Test
    void injectionStringsPostedThroughTheConsoleFormAreStoredVerbatimAndShownEscaped() {
        String caseId = openCase();
        claim(caseId);
        for (String injection : BadInput.INJECTIONS) {
            given().redirects().follow(false).cookie(Session.COOKIE, TestTokens.token("agent"))
                    .header("Origin", "http://" + base.getHost() + ":" + base.getPort())
                    .contentType("application/x-www-form-urlencoded; charset=UTF-8").formParam("body", injection)
                    .post("/ui/console/cases/" + caseId + "/notes").then().statusCode(303);
        }
        List<String> stored = given().header("Authorization", TestTokens.bearer("agent")).get("/api/v1/cases/" + caseId)
                .then().statusCode(200).extract().jsonPath().getList("context.notes.body", String.class);
        assertThat(stored).containsExactlyInAnyOrderElementsOf(BadInput.INJECTIONS);
        String page = given().cookie(Session.COOKIE, TestTokens.token("agent")).get("/ui/console/cases/" + caseId)
                .then().statusCode(200).extract().asString();
        for (String injection : BadInput.INJECTIONS) {
            BadInput.assertRenderedEscaped(page, injection);
        }
    }

    @Test
    void injectionStringsAreStoredVerbatimAndShownEscapedInTheConsole() {
        String caseId = openCase();
        claim(caseId); // only the holder (or a lead) may note a case
        for (String injection : BadInput.INJECTIONS) {
            given().header("Authorization", TestTokens.bearer("agent")).contentType(ContentType.JSON)
                    .body(BadInput.withText("{\"body\":\"x\"}", "body", injection))
                    .post("/api/v1/cases/" + caseId + "/notes").then().statusCode(200);
        }
        List<String> stored = given().header("Authorization", TestTokens.bearer("agent")).get("/api/v1/cases/" + caseId)
                .then().statusCode(200).extract().jsonPath().getList("context.notes.body", String.class);
        assertThat(stored).containsAll(BadInput.INJECTIONS);
        String page = given().cookie(Session.COOKIE, TestTokens.token("agent"))
                .header("Origin", "http://" + base.getHost() + ":" + base.getPort())
                .get("/ui/console/cases/" + caseId).then().statusCode(200).extract().asString();
        for (String injection : BadInput.INJECTIONS) {
            BadInput.assertRenderedEscaped(page, injection);
        }
    }

    @Test
    void poisonOnEveryConsumedTopicIsDeadLetteredAndTheConsumersGoOn() {
        String bootstrap = Fixtures.bootstrap();
        Duration wait = Fixtures.PATIENCE;
        String[] brand = new String[1];
        int kinds = PoisonRecords.verify(bootstrap, new PoisonRecords.Consumer(Topics.MENTIONS_SCORED,
                Topics.dlq(Topics.MENTIONS_SCORED), () -> {
                    brand[0] = Fixtures.brand();
                    return EventCodec.encode(new Fixtures.M(brand[0]).build());
                }, good -> Fixtures.awaitCase(brand[0])), wait);
        kinds += PoisonRecords.verify(bootstrap, new PoisonRecords.Consumer(Topics.MENTIONS_SCORED,
                "mentions.scored.crisis.dlq", () -> EventCodec.encode(new Fixtures.M(Fixtures.brand()).build()),
                good -> PoisonRecords.awaitCaughtUp(bootstrap, "escalation-crisis", Topics.MENTIONS_SCORED, wait)),
                wait);
        kinds += PoisonRecords.verify(bootstrap, new PoisonRecords.Consumer(Topics.PRIVACY_ERASURE,
                Topics.dlq(Topics.PRIVACY_ERASURE), () -> EventCodec.encode(new ErasureRequest(
                        ErasureRequest.SCHEMA_VERSION,
                        UUID.randomUUID(), new ErasureRequest.Subject("reddit", "t2_nobody" + UUID.randomUUID(), null),
                        "dpo@example.com", Instant.now())),
                good -> PoisonRecords.awaitCaughtUp(bootstrap, "escalation-service", Topics.PRIVACY_ERASURE, wait)),
                wait);
        kinds += PoisonRecords.verify(bootstrap, new PoisonRecords.Consumer(Topics.SOURCES_HEALTH,
                Topics.dlq(Topics.SOURCES_HEALTH), () -> {
                    Instant since = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS);
                    return EventCodec.encode(new SourceHealth(SourceHealth.SCHEMA_VERSION, UUID.randomUUID(),
                            UUID.randomUUID(), "rss", Fixtures.brand(), SourceHealth.State.SILENT,
                            SourceHealth.Reason.QUIET,
                            since, since, Duration.ofMinutes(6), 0, null, Instant.now().truncatedTo(
                                    ChronoUnit.SECONDS)));
                }, good -> PoisonRecords.awaitCaughtUp(bootstrap, "escalation-source-health", Topics.SOURCES_HEALTH,
                        wait)),
                wait);
        assertThat(kinds).isEqualTo(4 * PoisonRecords.KINDS.size());
    }
}
