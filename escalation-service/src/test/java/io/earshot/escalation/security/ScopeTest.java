package io.earshot.escalation.security;

import static io.earshot.testing.ScopeMatrix.filtered;
import static io.earshot.testing.ScopeMatrix.hidden;
import static io.earshot.testing.ScopeMatrix.unscoped;
import static io.earshot.testing.SecurityMatrix.api;
import static io.earshot.testing.SecurityMatrix.open;
import static io.earshot.testing.SecurityMatrix.page;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.earshot.contracts.events.CrisisAlert;
import io.earshot.contracts.events.Distress;
import io.earshot.escalation.Fixtures;
import io.earshot.escalation.cases.CaseResource;
import io.earshot.escalation.conversations.ConversationHandoffTest;
import io.earshot.escalation.crisis.CrisisStore;
import io.earshot.escalation.dashboard.LiveEvents;
import io.earshot.escalation.distress.DistressLaneTest;
import io.earshot.platform.vertx.SafeContext;
import io.earshot.testing.ScopeMatrix;
import io.earshot.testing.ScopeMatrix.ScopeRow;
import io.earshot.testing.TestTokens;
import io.earshot.web.WebHome;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/**
 * Brand and queue scopes (issue #26 finding 1, docs/security.md "Brand and queue scopes"): every endpoint with a user
 * whose token grants the resource's brand and one whose token grants another brand ({@link ScopeMatrix}), the holder
 * checks on notes and checklist ticks, four eyes on approvals, the SSE stream and the defaults and mapping.
 */
@QuarkusTest
class ScopeTest {
    static final List<String> ROLES = List.of("agent", "lead", "comms", "admin");

    @Inject
    CrisisStore crises;
    @Inject
    LiveEvents live;
    @Inject
    Vertx vertx;
    @TestHTTPResource("/api/v1/dashboard/stream")
    URI streamUri;

    static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    static String scoped(String subject, List<String> brands, String role) {
        return TestTokens.scoped(subject, brands, null, role);
    }

    <T> T run(java.util.function.Supplier<Uni<T>> work) {
        return Uni.createFrom().<T>deferred(work::get).runSubscriptionOn(SafeContext.current(vertx))
                .await().atMost(Duration.ofSeconds(30));
    }

    UUID crisis(String brand) {
        UUID id = UUID.randomUUID();
        run(() -> crises.apply(new CrisisAlert(CrisisAlert.SCHEMA_VERSION, id, brand, "t" + id.toString().substring(0,
                6),
                Duration.ofMinutes(5), 50, 10, 0.5, 7, CrisisAlert.Severity.LOW, List.of(), CrisisAlert.State.OPEN,
                Instant.now())));
        return id;
    }

    @Test
    void everyEndpointHidesWhatIsOutsideTheCallersBrandsAndQueues() {
        String brand = Fixtures.brand();
        String distressBrand = Fixtures.brand();
        String other = Fixtures.brand();
        List<String> mine = List.of(brand, distressBrand);
        Map<String, String> in = new HashMap<>();
        Map<String, String> out = new HashMap<>();
        for (String role : ROLES) {
            in.put(role, scoped("in-" + role, mine, role));
            out.put(role, scoped("out-" + role, List.of(other), role));
        }
        String queue = "sq-" + brand;
        // Queue scope: the same brands, with or without the queue of the resource.
        in.put("agent-q", TestTokens.scoped("in-q-agent", mine, List.of(queue), "agent"));
        out.put("agent-q", TestTokens.scoped("out-q-agent", mine, List.of("elsewhere"), "agent"));
        in.put("lead-q", TestTokens.scoped("in-q-lead", mine, List.of(queue), "lead"));
        out.put("lead-q", TestTokens.scoped("out-q-lead", mine, List.of("elsewhere"), "lead"));

        Fixtures.M m = new Fixtures.M(brand);
        m.topics = List.of("scope");
        Fixtures.publish(m);
        String id = Fixtures.awaitCase(brand);
        String caseQueue = Fixtures.caseById(id).getString("queue");
        as(in.get("agent")).post("/api/v1/cases/" + id + "/claim").then().statusCode(200);
        String reply = as(in.get("agent")).body(Map.of("body", "We are on it.")).post("/api/v1/cases/" + id
                + "/replies")
                .then().statusCode(201).extract().path("id");
        String distress = DistressLaneTest.distressCase(distressBrand);
        as(in.get("agent")).post("/api/v1/cases/" + distress + "/claim").then().statusCode(200);
        String crisis = crisis(brand).toString();
        // A case in the queue-scoped users' queue, for the queue rows.
        as(in.get("lead")).body(Map.of("queue", queue)).post("/api/v1/cases/" + distress + "/transfer").then()
                .statusCode(200);

        // A live conversation of the brand, handed off at once (the customer asks for a human).
        String conv = "scope-" + UUID.randomUUID();
        Fixtures.publish(ConversationHandoffTest.turn(brand, conv, "1", false, "I want to talk to a human now", -0.5,
                Distress.NONE, Instant.now()));
        await().atMost(Fixtures.PATIENCE).until(() -> as(in.get("agent")).get("/api/v1/conversations/" + conv).then()
                .extract().statusCode() == 200);

        String c = "/api/v1/cases/" + id;
        String d = "/api/v1/cases/" + distress;
        String ui = "/ui/console/cases/" + id;
        String rule = "{\"rule\":{\"name\":\"dry\",\"position\":5,\"conditions\":{\"topicsAny\":[\"scope\"]},"
                + "\"action\":{\"queue\":\"care\",\"priority\":\"P3\"}},\"limit\":20,\"brand\":\"" + brand + "\"}";
        List<ScopeRow> rows = List.of(
                hidden(api("GET", "/api/v1/cases?brand=" + brand), "agent"),
                filtered(api("GET", "/api/v1/cases?limit=200"), "agent", id),
                filtered(api("GET", "/api/v1/cases?limit=200"), "comms", id),
                hidden(api("GET", c), "agent"),
                hidden(api("GET", d), "agent-q"),
                hidden(api("POST", c + "/claim"), "agent"),
                hidden(api("POST", c + "/acknowledge"), "agent"),
                hidden(api("POST", c + "/notes").json("{\"body\":\"noted\"}"), "agent"),
                hidden(api("POST", c + "/replies").json("{\"body\":\"hello\"}"), "agent"),
                hidden(api("POST", c + "/replies/" + reply + "/approve"), "lead"),
                hidden(api("POST", c + "/replies/" + reply + "/sent"), "agent"),
                hidden(api("GET", d + "/distress"), "comms"),
                hidden(api("PUT", d + "/checklist/read-thread").json("{\"done\":true}"), "lead"),
                hidden(api("POST", c + "/transfer").json("{\"queue\":\"" + caseQueue + "\"}"), "lead"),
                hidden(page("GET", "/ui/console/cases/" + id), "comms"),
                filtered(page("GET", "/ui/console"), "agent", id),
                hidden(page("POST", ui + "/notes").form("body=noted"), "agent"),
                hidden(page("POST", ui + "/replies").form("body=hi"), "agent"),
                hidden(page("POST", ui + "/replies/" + reply + "/approve"), "lead"),
                hidden(page("POST", ui + "/replies/" + reply + "/sent"), "agent"),
                hidden(page("POST", ui + "/claim"), "agent"),
                hidden(page("POST", ui + "/hand-back"), "agent"),
                hidden(page("POST", ui + "/resolve").form("outcome=answered"), "agent"),
                hidden(page("POST", ui + "/return-to-bot"), "agent"),
                hidden(api("POST", c + "/hand-back"), "agent"),
                hidden(api("POST", c + "/resolve").json("{\"outcome\":\"answered\"}"), "agent"),
                hidden(api("PUT", "/api/v1/queues/" + queue).json("{\"escalation\":[\"care\"]}"), "lead-q"),
                hidden(api("GET", "/api/v1/queues/" + queue), "lead-q"),
                filtered(api("GET", "/api/v1/queues"), "lead-q", queue),
                hidden(api("POST", "/api/v1/rules/dry-run").json(rule), "lead"),
                hidden(api("GET", "/api/v1/conversations/" + conv), "agent"),
                hidden(api("POST", "/api/v1/conversations/" + conv + "/return-to-bot"), "lead"),
                hidden(api("GET", "/api/v1/windows?brand=" + brand), "comms"),
                hidden(api("GET", "/api/v1/windows/hours?brand=" + brand), "comms"),
                filtered(api("GET", "/api/v1/crises?limit=200"), "comms", crisis),
                hidden(api("GET", "/api/v1/crises?brand=" + brand), "lead"),
                hidden(api("GET", "/api/v1/crises/" + crisis), "comms"),
                hidden(api("GET", "/api/v1/crises/source-alerts?brand=" + brand), "comms"),
                hidden(api("GET", "/api/v1/coordination-clusters?brand=" + brand), "comms"),
                hidden(api("GET", "/api/v1/dashboard/stream?brand=" + brand), "comms"),
                hidden(page("GET", "/ui/crisis?brand=" + brand), "comms"),
                unscoped(api("GET", "/api/v1/sla-policies"), "SLA targets per priority band, for every brand"),
                unscoped(api("PUT", "/api/v1/sla-policies/P1"), "SLA targets per priority band, for every brand"),
                unscoped(api("POST", "/api/v1/sla-checks"), "runs the SLA monitor of the installation"),
                unscoped(api("GET", "/api/v1/audit"), "admin only: the installation's audit log"),
                unscoped(api("GET", "/api/v1/signposts"), "help resources, the same for every brand"),
                unscoped(api("GET", "/api/v1/rules"), "rules are installation-wide (docs/security.md)"),
                unscoped(api("GET", "/api/v1/rules/" + id), "rules are installation-wide (docs/security.md)"),
                unscoped(api("GET", "/api/v1/rules/" + id + "/versions"), "rules are installation-wide"),
                unscoped(api("POST", "/api/v1/rules"), "rules are installation-wide (docs/security.md)"),
                unscoped(api("PUT", "/api/v1/rules/" + id), "rules are installation-wide (docs/security.md)"),
                unscoped(api("POST", "/api/v1/customers"), "CRM records carry no brand"),
                unscoped(api("GET", "/api/v1/customers/c-1"), "CRM records carry no brand"),
                unscoped(api("POST", "/api/v1/customers/c-1/links"), "CRM records carry no brand"),
                unscoped(api("GET", "/api/v1/customers/c-1/links"), "CRM records carry no brand"),
                unscoped(api("DELETE", "/api/v1/customers/c-1/links/" + id), "CRM records carry no brand"),
                unscoped(api("GET", "/api/v1/webhooks/endpoints"), "admin only: connectors of the installation"),
                unscoped(api("POST", "/api/v1/webhooks/endpoints"), "admin only: connectors of the installation"),
                unscoped(api("PATCH", "/api/v1/webhooks/endpoints/" + id), "admin only"),
                unscoped(api("DELETE", "/api/v1/webhooks/endpoints/" + id), "admin only"),
                unscoped(api("POST", "/api/v1/webhooks/endpoints/" + id + "/ping"), "admin only"),
                unscoped(api("GET", "/api/v1/webhooks/deliveries"), "admin only: deliveries of the installation"),
                unscoped(page("GET", "/ui"), "the home page lists links only"),
                unscoped(open("GET", "/ui/login"), "sign-in"),
                unscoped(open("POST", "/ui/login"), "sign-in"),
                unscoped(open("POST", "/ui/logout"), "sign-out"));
        ScopeMatrix scope = new ScopeMatrix(SecurityMatrixTest.MATRIX, in, out, rows);
        scope.assertCovers("io.earshot", CaseResource.class, WebHome.class);
        scope.check();
        // Out of scope, nothing changed: every action above was refused before it ran (the audit has no out-* actor).
        List<String> actors = as(TestTokens.token("admin")).queryParam("entityId", id).get("/api/v1/audit").then()
                .statusCode(200).extract().jsonPath().getList("items.actor");
        assertThat(actors).isNotEmpty().noneMatch(a -> a.startsWith("out-"));
    }

    @Test
    void onlyTheHolderOrALeadNotesOrTicksAndNobodyOnAResolvedCase() {
        String brand = Fixtures.brand();
        String holder = scoped("holder", List.of(brand), "agent");
        String stranger = scoped("stranger", List.of(brand), "agent");
        String lead = scoped("a-lead", List.of(brand), "lead");
        String id = DistressLaneTest.distressCase(brand);
        String c = "/api/v1/cases/" + id;
        as(stranger).body(Map.of("body", "not mine")).post(c + "/notes").then().statusCode(409)
                .contentType("application/problem+json");
        as(stranger).body(Map.of("done", true)).put(c + "/checklist/read-thread").then().statusCode(409);
        as(holder).post(c + "/claim").then().statusCode(200);
        as(stranger).body(Map.of("body", "not mine")).post(c + "/notes").then().statusCode(409)
                .body("detail", containsString("held by holder"));
        as(stranger).body(Map.of("done", true)).put(c + "/checklist/read-thread").then().statusCode(409);
        as(holder).body(Map.of("body", "mine")).post(c + "/notes").then().statusCode(200);
        as(lead).body(Map.of("body", "a lead's")).post(c + "/notes").then().statusCode(200);
        as(holder).body(Map.of("done", true)).put(c + "/checklist/read-thread").then().statusCode(200);
        as(holder).body(Map.of("outcome", "referred_to_help")).post(c + "/resolve").then().statusCode(200);
        as(lead).body(Map.of("body", "too late")).post(c + "/notes").then().statusCode(409)
                .body("detail", containsString("resolved"));
        as(lead).body(Map.of("done", false)).put(c + "/checklist/read-thread").then().statusCode(409);
        assertThat(Fixtures.caseById(id).getList("context.notes.body")).containsExactly("mine", "a lead's");
    }

    @Test
    void aLeadCannotApproveTheirOwnReply() {
        String brand = Fixtures.brand();
        String lead = scoped("lead-one", List.of(brand), "lead");
        String other = scoped("lead-two", List.of(brand), "lead");
        Fixtures.M m = new Fixtures.M(brand);
        m.followers = 90_000;
        Fixtures.publish(m);
        String id = Fixtures.awaitCase(brand);
        as(lead).post("/api/v1/cases/" + id + "/claim").then().statusCode(200);
        String reply = as(lead).body(Map.of("body", "Sorry about that.")).post("/api/v1/cases/" + id + "/replies")
                .then()
                .statusCode(201).body("needsApproval", equalTo(true)).extract().path("id");
        String base = "/api/v1/cases/" + id + "/replies/" + reply;
        as(lead).post(base + "/approve").then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("four eyes"));
        as(lead).post(base + "/sent").then().statusCode(409);
        as(other).post(base + "/approve").then().statusCode(200).body("approvedBy", equalTo("lead-two"));
        as(lead).post(base + "/sent").then().statusCode(200).body("status", equalTo("SENT"));
    }

    @Test
    void theDashboardStreamCarriesOnlyTheCallersBrands() throws Exception {
        String brand = Fixtures.brand();
        String other = Fixtures.brand();
        List<CompletableFuture<?>> streams = new ArrayList<>();
        ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
        HttpRequest req = HttpRequest.newBuilder(streamUri)
                .header("Authorization", "Bearer " + scoped("comms-other", List.of(other), "comms"))
                .header("Accept", "text/event-stream").build();
        streams.add(HttpClient.newHttpClient().sendAsync(req, HttpResponse.BodyHandlers.ofLines()).thenAccept(r -> {
            lines.add("status:" + r.statusCode());
            r.body().forEach(lines::add);
        }));
        try {
            await().atMost(Fixtures.PATIENCE)
                    .until(() -> lines.stream().anyMatch(l -> l.startsWith(":") && l.contains("connected")));
            run(() -> live.publish("alert", brand, Map.of("marker", "secret-" + brand)));
            run(() -> live.publish("alert", other, Map.of("marker", "mine-" + other)));
            await().atMost(Fixtures.PATIENCE).until(() -> lines.stream().anyMatch(l -> l.contains("mine-" + other)));
            // Redis delivers a channel's messages in order: the other brand's event came first and was dropped.
            assertThat(lines).noneMatch(l -> l.contains("secret-" + brand));
        } finally {
            streams.forEach(f -> f.cancel(true));
        }
    }

    @Test
    void theDashboardStreamEndsWhenTheTokenExpires() {
        HttpRequest req = HttpRequest.newBuilder(streamUri)
                .header("Authorization", "Bearer " + TestTokens.lasting(Duration.ofSeconds(8), "comms"))
                .header("Accept", "text/event-stream").build();
        ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
        CompletableFuture<Void> stream = HttpClient.newHttpClient().sendAsync(req, HttpResponse.BodyHandlers.ofLines())
                .thenAccept(r -> r.body().forEach(lines::add));
        try {
            await().atMost(Fixtures.PATIENCE).until(() -> lines.stream().anyMatch(l -> l.contains("connected")));
            // Before #26 the heartbeat kept the stream open for as long as the client listened.
            await().atMost(Duration.ofSeconds(30)).until(stream::isDone);
            assertThat(stream).isCompleted();
        } finally {
            stream.cancel(true);
        }
    }

    @Test
    void withoutABrandsClaimPeopleSeeNothingButAdminsAndMappedGroupsDo() {
        String brand = Fixtures.brand();
        Fixtures.publish(new Fixtures.M(brand));
        String id = Fixtures.awaitCase(brand);
        String bare = TestTokens.scoped("bare-agent", null, null, "agent");
        as(bare).get("/api/v1/cases/" + id).then().statusCode(404).contentType("application/problem+json");
        as(bare).queryParam("brand", brand).get("/api/v1/cases").then().statusCode(404);
        as(bare).get("/api/v1/cases").then().statusCode(200).body("items.size()", equalTo(0));

        String mapped = "scope-mapped"; // earshot.scope.groups.scope-test-team.brands in the test profile
        UUID crisis = crisis(mapped);
        String bareComms = TestTokens.scoped("bare-comms", null, null, "comms");
        as(bareComms).get("/api/v1/crises/" + crisis).then().statusCode(404);
        String team = TestTokens.scoped("team-comms", null, null, "comms", "scope-test-team");
        as(team).get("/api/v1/crises/" + crisis).then().statusCode(200).body("latest.brand", equalTo(mapped));
        as(TestTokens.scoped("bare-admin", null, null, "admin")).get("/api/v1/crises/" + crisis).then().statusCode(200);
        // An admin with a brands claim is limited to it like anyone else.
        as(TestTokens.scoped("acme-admin", List.of("acme"), null, "admin")).get("/api/v1/crises/" + crisis).then()
                .statusCode(404);
        // "*" grants every brand.
        as(TestTokens.scoped("star-agent", List.of("*"), null, "agent")).get("/api/v1/cases/" + id).then().statusCode(
                200);
    }
}
