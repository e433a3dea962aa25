package io.earshot.escalation.webhooks;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.sun.net.httpserver.HttpServer;
import io.earshot.escalation.Fixtures;
import io.earshot.platform.webhooks.WebhookSignature;
import io.earshot.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Signed, retried, logged webhook deliveries against a loopback receiver that verifies the HMAC signature as the
 * README tells receivers to, answers 503 to the first attempt of each delivery and 200 afterwards.
 */
@QuarkusTest
class WebhookDeliveryTest {
    /** What the receiver saw: the delivery id, whether the signature verified, the event, the body, the signature. */
    record Received(String path, String delivery, boolean verified, String event, String body, String signature) {}

    static HttpServer server;
    static final Map<String, String> SECRETS = new ConcurrentHashMap<>();
    static final Set<String> SEEN = ConcurrentHashMap.newKeySet();
    static final ConcurrentLinkedQueue<Received> RECEIVED = new ConcurrentLinkedQueue<>();

    @BeforeAll
    static void receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                String path = exchange.getRequestURI().getPath();
                String delivery = exchange.getRequestHeaders().getFirst(WebhookSignature.DELIVERY_HEADER);
                boolean verified = WebhookSignature.verify(exchange.getRequestHeaders().getFirst(
                        WebhookSignature.HEADER),
                        body, SECRETS.get(path), Instant.now(), WebhookSignature.DEFAULT_TOLERANCE);
                boolean first = SEEN.add(delivery);
                String signature = exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER);
                RECEIVED.add(new Received(path, delivery, verified, exchange.getRequestHeaders()
                        .getFirst(WebhookSignature.EVENT_HEADER), body, signature));
                exchange.sendResponseHeaders(!verified ? 401 : first ? 503 : 200, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    @AfterAll
    static void stopReceiver() {
        server.stop(0);
    }

    static RequestSpecification as(String role) {
        return given().header("Authorization", TestTokens.bearer(role)).contentType(ContentType.JSON);
    }

    static String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Registers an endpoint for {@code path} (format event) and gives the receiver its secret. */
    static String register(String path) {
        JsonPath e = as("admin").body(Map.of("url", url(path), "format", "event")).post("/api/v1/webhooks/endpoints")
                .then().statusCode(201).body("enabled", equalTo(true)).extract().jsonPath();
        assertThat(e.getString("secret")).startsWith("whsec_").hasSizeGreaterThan(40);
        SECRETS.put(path, e.getString("secret"));
        return e.getString("id");
    }

    static JsonPath delivery(String endpoint, String id) {
        List<Map<String, Object>> items = as("admin").queryParam("endpoint", endpoint).get(
                "/api/v1/webhooks/deliveries")
                .then().statusCode(200).extract().jsonPath().getList("items");
        return items.stream().filter(d -> id.equals(d.get("id"))).findFirst().map(d -> new JsonPath(toJson(d))).orElse(
                null);
    }

    static String toJson(Object o) {
        try {
            return io.earshot.contracts.codec.EventCodec.mapper().writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aPingIsSignedRetriedWithBackOffAndLogged() {
        String path = "/ping-" + UUID.randomUUID();
        String endpoint = register(path);
        String id = as("admin").post("/api/v1/webhooks/endpoints/" + endpoint + "/ping").then().statusCode(202)
                .extract().jsonPath().getString("deliveryId");
        await().atMost(Fixtures.PATIENCE).untilAsserted(() -> {
            JsonPath d = delivery(endpoint, id);
            assertThat(d).isNotNull();
            assertThat(d.getString("status")).isEqualTo("DELIVERED");
            assertThat(d.getInt("attempts")).isEqualTo(2);
            assertThat(d.getInt("lastStatus")).isEqualTo(200);
            assertThat(d.getString("deliveredAt")).isNotNull();
        });
        List<Received> got = RECEIVED.stream().filter(r -> r.path().equals(path)).toList();
        assertThat(got).hasSize(2).allSatisfy(r -> {
            assertThat(r.verified()).isTrue();
            assertThat(r.delivery()).isEqualTo(id);
            assertThat(r.event()).isEqualTo("webhook.ping");
            assertThat(JsonPath.from(r.body()).getString("id")).isEqualTo(id);
        });
        // A rotated secret signs the next delivery, and during the overlap (earshot.webhooks.rotation-overlap, 24 h by
        // default) the old secret signs it too: two v1= entries, so a receiver verifying with either passes.
        String old = SECRETS.get(path);
        String rotated = as("admin").body(Map.of("rotateSecret", true)).patch("/api/v1/webhooks/endpoints/" + endpoint)
                .then().statusCode(200).header("Cache-Control", "no-store").extract().jsonPath().getString("secret");
        assertThat(rotated).isNotEqualTo(old).startsWith("whsec_");
        String second = as("admin").post("/api/v1/webhooks/endpoints/" + endpoint + "/ping").then().statusCode(202)
                .extract().jsonPath().getString("deliveryId");
        await().atMost(Fixtures.PATIENCE).untilAsserted(() -> assertThat(RECEIVED.stream()
                .filter(r -> second.equals(r.delivery())).findFirst()).hasValueSatisfying(r -> {
                    assertThat(r.signature().split(",")).filteredOn(p -> p.startsWith("v1=")).hasSize(2);
                    assertThat(WebhookSignature.verify(r.signature(), r.body(), old, Instant.now(), Duration.ofMinutes(
                            5)))
                            .as("the old secret verifies during the overlap").isTrue();
                    assertThat(WebhookSignature.verify(r.signature(), r.body(), rotated, Instant.now(), Duration
                            .ofMinutes(5)))
                            .as("the new secret verifies").isTrue();
                    assertThat(WebhookSignature.verify(r.signature(), r.body(), "whsec_other", Instant.now(),
                            Duration.ofMinutes(5))).isFalse();
                }));
        assertThat(WebhookSignature.verify(null, "{}", rotated, Instant.now(), Duration.ofMinutes(5))).isFalse();
        as("admin").get("/api/v1/audit?entityType=webhook&entityId=" + endpoint).then().statusCode(200)
                .body("items.action", org.hamcrest.Matchers.hasItems("webhook.created", "webhook.pinged",
                        "webhook.secret-rotated"));
    }

    @Test
    void aNewDeliveryDoesNotWaitForAPassHeldUpByASlowReceiver() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        HttpServer slow = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        java.util.concurrent.ExecutorService threads = Executors.newFixedThreadPool(2);
        slow.setExecutor(threads);
        slow.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
                held.countDown();
                release.await(Fixtures.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
                exchange.sendResponseHeaders(200, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        slow.start();
        try {
            String slowEndpoint = as("admin").body(Map.of("url", "http://127.0.0.1:" + slow.getAddress().getPort()
                    + "/slow",
                    "format", "event")).post("/api/v1/webhooks/endpoints").then().statusCode(201).extract().jsonPath()
                    .getString("id");
            String slowId = as("admin").post("/api/v1/webhooks/endpoints/" + slowEndpoint + "/ping").then().statusCode(
                    202)
                    .extract().jsonPath().getString("deliveryId");
            assertThat(held.await(Fixtures.PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).as(
                    "the slow receiver got its request").isTrue();
            // While that pass waits for the slow receiver, a new delivery goes out in a pass of its own.
            String path = "/fast-" + UUID.randomUUID();
            String fastEndpoint = register(path);
            String fastId = as("admin").post("/api/v1/webhooks/endpoints/" + fastEndpoint + "/ping").then().statusCode(
                    202)
                    .extract().jsonPath().getString("deliveryId");
            await().atMost(Fixtures.PATIENCE).until(() -> RECEIVED.stream().anyMatch(r -> fastId.equals(r.delivery())));
            JsonPath held1 = delivery(slowEndpoint, slowId);
            assertThat(held1.getString("status")).as("the slow delivery is still in flight").isEqualTo("PENDING");
            assertThat(held1.getString("lastError")).isNull();
            assertThat(held1.getInt("attempts")).isEqualTo(1);
        } finally {
            release.countDown();
            slow.stop(0);
            threads.shutdownNow();
        }
    }

    @Inject
    WebhookDispatcher dispatcher;

    @Inject
    io.vertx.core.Vertx vertx;

    @Test
    void passesKickedTogetherFromOneConsumerContextEachSendTheirOwnDeliveriesOnce() throws Exception {
        String path = "/together-" + UUID.randomUUID();
        String endpoint = register(path);
        List<UUID> ids = new java.util.ArrayList<>();
        var config = ConfigProvider.getConfig();
        try (Connection c = DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
                PreparedStatement st = c.prepareStatement("""
                        insert into webhook_deliveries (id, endpoint_id, event, event_key, payload, next_attempt_at)
                        values (?, ?, 'crisis.alert', ?, ?, now())""")) {
            c.setAutoCommit(false);
            for (int i = 0; i < 200; i++) {
                UUID id = UUID.randomUUID();
                ids.add(id);
                st.setObject(1, id);
                st.setObject(2, UUID.fromString(endpoint));
                st.setString(3, "together:" + id);
                st.setString(4, "{\"event\":\"crisis.alert\",\"data\":{\"id\":\"" + id + "\"}}");
                st.addBatch();
            }
            st.executeBatch();
            c.commit();
        }
        // As the case consumer does after each batch: kicks from its one duplicated context, several passes at once.
        io.vertx.core.Context consumer = io.smallrye.common.vertx.VertxContext.createNewDuplicatedContext(vertx
                .getOrCreateContext());
        consumer.runOnContext(v -> {
            for (int i = 0; i < 4; i++) {
                dispatcher.kick();
            }
        });
        // Each is sent twice (the receiver answers 503 first, then 200) and no more: a pass whose transaction was
        // ended by another pass would leave its claimed rows to the lease, and they would come back as a third attempt.
        await().atMost(Fixtures.PATIENCE).until(() -> ids.stream().allMatch(id -> RECEIVED.stream()
                .filter(r -> id.toString().equals(r.delivery()) && r.path().equals(path)).count() >= 2));
        await().atMost(Fixtures.PATIENCE).untilAsserted(() -> assertThat(states(endpoint)).containsExactly(Map.entry(
                "DELIVERED/2", 200L)));
        assertThat(RECEIVED.stream().filter(r -> r.path().equals(path))).hasSize(400)
                .allSatisfy(r -> assertThat(r.verified()).isTrue());
    }

    /** The endpoint's deliveries counted by status and attempts ("DELIVERED/2"), read from the table. */
    static Map<String, Long> states(String endpoint) throws java.sql.SQLException {
        var config = ConfigProvider.getConfig();
        Map<String, Long> out = new java.util.TreeMap<>();
        try (Connection c = DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
                PreparedStatement st = c.prepareStatement("select status || '/' || attempts, count(*) from"
                        + " webhook_deliveries where endpoint_id = ? group by 1")) {
            st.setObject(1, UUID.fromString(endpoint));
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return out;
    }

    @Test
    void aDeliveryLeftPendingByAnEarlierProcessIsSentAfterARestart() throws Exception {
        String path = "/restart-" + UUID.randomUUID();
        String endpoint = register(path);
        UUID id = UUID.randomUUID();
        String payload = "{\"event\":\"crisis.alert\",\"data\":{\"id\":\"" + id + "\"}}";
        // As a process that crashed mid-delivery leaves it: claimed once, its in-flight lease run out.
        var config = ConfigProvider.getConfig();
        try (Connection c = DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
                PreparedStatement st = c.prepareStatement(
                        """
                                insert into webhook_deliveries (id, endpoint_id, event, event_key, payload, attempts, next_attempt_at)
                                values (?, ?, 'crisis.alert', ?, ?, 1, now() - interval '1 second')""")) {
            st.setObject(1, id);
            st.setObject(2, UUID.fromString(endpoint));
            st.setString(3, "restart:" + id);
            st.setString(4, payload);
            assertThat(st.executeUpdate()).isEqualTo(1);
        }
        await().atMost(Fixtures.PATIENCE).untilAsserted(() -> {
            JsonPath d = delivery(endpoint, id.toString());
            assertThat(d.getString("status")).isEqualTo("DELIVERED");
            assertThat(d.getInt("attempts")).isEqualTo(3); // the lost attempt, the receiver's 503, the 200
        });
        assertThat(RECEIVED.stream().filter(r -> r.path().equals(path))).hasSize(2)
                .allSatisfy(r -> assertThat(r.verified()).isTrue()).allSatisfy(r -> assertThat(r.body()).isEqualTo(
                        payload));
    }

    @Test
    void anUnreachableEndpointIsRetriedThenGivenUp() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        String endpoint = as("admin").body(Map.of("url", "http://127.0.0.1:" + closed + "/gone"))
                .post("/api/v1/webhooks/endpoints").then().statusCode(201).body("format", equalTo("slack"))
                .extract().jsonPath().getString("id");
        String id = as("admin").post("/api/v1/webhooks/endpoints/" + endpoint + "/ping").then().statusCode(202)
                .extract().jsonPath().getString("deliveryId");
        int attempts = ConfigProvider.getConfig().getValue("earshot.crisis.webhook-attempts", Integer.class);
        await().atMost(Fixtures.PATIENCE).untilAsserted(() -> {
            JsonPath d = delivery(endpoint, id);
            assertThat(d.getString("status")).isEqualTo("FAILED");
            assertThat(d.getInt("attempts")).isEqualTo(attempts);
            // A generic, useful cause: no exception class, no address, no port.
            assertThat(d.getString("lastError")).isEqualTo("connection refused");
            assertThat(d.getString("lastStatus")).isNull();
        });
        as("admin").queryParam("status", "FAILED").queryParam("endpoint", endpoint).get("/api/v1/webhooks/deliveries")
                .then().statusCode(200).body("items.id", equalTo(List.of(id)));
    }

    @Test
    void internalAddressesAreRefusedWhenTheEndpointIsCreated() {
        // The test profile lets only 127.0.0.1 through (earshot.outbound.allow-list): 127.0.0.2 is loopback too, and
        // the receiver's port; 169.254.169.254 and 10.0.0.1 are refused without any connection. The refusal comes at
        // once, as a problem; deliveries check again at every attempt (contracts OutboundHttpTest).
        int port = server.getAddress().getPort();
        int before = as("admin").get("/api/v1/webhooks/endpoints").then().statusCode(200).extract().jsonPath()
                .getList("$").size();
        for (String target : List.of("http://127.0.0.2:" + port + "/internal",
                "http://169.254.169.254/latest/meta-data/",
                "http://10.0.0.1/hook", "http://[::1]:" + port + "/internal", "http://[::ffff:169.254.169.254]/")) {
            as("admin").body(Map.of("url", target)).post("/api/v1/webhooks/endpoints").then().statusCode(422)
                    .contentType("application/problem+json").body("errors[0].field", equalTo("url"))
                    .body("errors[0].message", org.hamcrest.Matchers.containsString("internal address"));
        }
        assertThat(as("admin").get("/api/v1/webhooks/endpoints").then().statusCode(200).extract().jsonPath()
                .getList("$")).hasSize(before);
        // other tests' deliveries may still arrive meanwhile; none of these requests may
        assertThat(RECEIVED).noneMatch(r -> r.path().startsWith("/internal"));
    }

    @Test
    void endpointsAreValidatedAndAdminOnly() {
        as("admin").body(Map.of("url", "ftp://example.org/x")).post("/api/v1/webhooks/endpoints").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("url"));
        as("admin").body(Map.of("url", "https://example.org/x", "events", List.of("nope"))).post(
                "/api/v1/webhooks/endpoints")
                .then().statusCode(400).body("errors[0].field", equalTo("events[0]"));
        as("admin").body(Map.of("url", "https://example.org/x", "format", "xml")).post("/api/v1/webhooks/endpoints")
                .then().statusCode(400).body("errors[0].field", equalTo("format"));
        as("admin").queryParam("status", "LOST").get("/api/v1/webhooks/deliveries").then().statusCode(400)
                .body("errors[0].field", equalTo("status"));
        as("admin").delete("/api/v1/webhooks/endpoints/" + UUID.randomUUID()).then().statusCode(404);
        given().get("/api/v1/webhooks/deliveries").then().statusCode(401);
        as("lead").get("/api/v1/webhooks/deliveries").then().statusCode(403);
        as("comms").body(Map.of("url", "https://example.org/x")).post("/api/v1/webhooks/endpoints").then().statusCode(
                403);
        String id = as("admin").body(Map.of("url", "https://example.org/x")).post("/api/v1/webhooks/endpoints")
                .then().statusCode(201).extract().jsonPath().getString("id");
        as("admin").get("/api/v1/webhooks/endpoints").then().statusCode(200)
                .body("find { it.id == '" + id + "' }.url", equalTo("https://example.org/x"))
                .body("find { it.id == '" + id + "' }.secret", org.hamcrest.Matchers.nullValue());
        as("admin").delete("/api/v1/webhooks/endpoints/" + id).then().statusCode(204);
    }

    @Test
    void theShapeAListingShowsIsAcceptedBackAndUnknownFieldsAreRefused() {
        String id = as("admin").body(Map.of("url", "https://example.org/round-trip", "format", "event"))
                .post("/api/v1/webhooks/endpoints").then().statusCode(201).extract().jsonPath().getString("id");
        Map<String, Object> listed = as("admin").get("/api/v1/webhooks/endpoints").then().statusCode(200).extract()
                .jsonPath().getMap("find { it.id == '" + id + "' }");
        assertThat(listed).containsKeys("id", "url", "events", "format", "enabled", "source", "createdBy", "createdAt");
        as("admin").body(listed).post("/api/v1/webhooks/endpoints").then().statusCode(201)
                .body("id", org.hamcrest.Matchers.not(equalTo(id))).body("format", equalTo("event"));
        Map<String, Object> typo = new java.util.HashMap<>(listed);
        typo.put("evnets", List.of("crisis.alert"));
        as("admin").body(typo).post("/api/v1/webhooks/endpoints").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("evnets"))
                .body("errors[0].pointer", equalTo("/evnets"));
        as("admin").body(Map.of("rotateSecret", true, "rotate", true)).patch("/api/v1/webhooks/endpoints/" + id)
                .then().statusCode(400).body("errors[0].field", equalTo("rotate"));
    }

    @Test
    void deletingAnEndpointKeepsItsDeliveryLog() {
        String path = "/deleted-" + UUID.randomUUID();
        String endpoint = register(path);
        String id = as("admin").post("/api/v1/webhooks/endpoints/" + endpoint + "/ping").then().statusCode(202)
                .extract().jsonPath().getString("deliveryId");
        await().atMost(Fixtures.PATIENCE).untilAsserted(() -> assertThat(delivery(endpoint, id).getString("status"))
                .isEqualTo("DELIVERED"));
        as("admin").delete("/api/v1/webhooks/endpoints/" + endpoint).then().statusCode(204);
        assertThat(as("admin").get("/api/v1/webhooks/endpoints").then().statusCode(200).extract().jsonPath()
                .getList("id", String.class)).doesNotContain(endpoint);
        as("admin").post("/api/v1/webhooks/endpoints/" + endpoint + "/ping").then().statusCode(404);
        as("admin").body(Map.of("rotateSecret", true)).patch("/api/v1/webhooks/endpoints/" + endpoint).then()
                .statusCode(404);
        as("admin").delete("/api/v1/webhooks/endpoints/" + endpoint).then().statusCode(404);
        // The history stays: listable by the endpoint's id, with its status and attempts, and audited.
        JsonPath d = delivery(endpoint, id);
        assertThat(d).as("the delivery of a deleted endpoint").isNotNull();
        assertThat(d.getString("status")).isEqualTo("DELIVERED");
        assertThat(d.getString("endpointId")).isEqualTo(endpoint);
        as("admin").get("/api/v1/audit?entityType=webhook&entityId=" + endpoint).then().statusCode(200)
                .body("items.action", org.hamcrest.Matchers.hasItems("webhook.created", "webhook.pinged",
                        "webhook.deleted"));
    }
}
