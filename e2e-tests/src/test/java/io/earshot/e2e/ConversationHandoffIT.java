package io.earshot.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.earshot.platform.security.Roles;
import io.earshot.platform.webhooks.WebhookSignature;
import io.earshot.testing.TestTokens;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A bot platform's live conversation through the packaged services on real Kafka, PostgreSQL and Redis
 * (docs/conversations.md): turns posted to the listener's conversation API are redacted, published, scored by the
 * sentiment service and assessed by escalation, which hands the conversation off (one case) and sends the signed
 * {@code conversation.handoff} webhook to a fixture bot platform on loopback; the bot verifies each signature as
 * docs/escalation.md tells receivers to. The agent then hands the conversation back to the bot, and the bot gets
 * {@code conversation.handoff.ended}.
 */
class ConversationHandoffIT {
    private static final Duration PIPELINE = Duration.ofSeconds(120);

    record Received(String event, boolean verified, JsonNode body, long atNanos) {}

    private static final ConcurrentLinkedQueue<Received> RECEIVED = new ConcurrentLinkedQueue<>();
    private static volatile String secret;
    private static Suite suite;
    private static HttpServer bot;

    @BeforeAll
    static void start() throws IOException {
        bot = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        bot.createContext("/bot", exchange -> {
            long now = System.nanoTime();
            try (InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                boolean verified = secret != null && WebhookSignature.verify(exchange.getRequestHeaders()
                        .getFirst(WebhookSignature.HEADER), body, secret, Instant.now(),
                        WebhookSignature.DEFAULT_TOLERANCE);
                RECEIVED.add(new Received(exchange.getRequestHeaders().getFirst(WebhookSignature.EVENT_HEADER),
                        verified,
                        Api.JSON.readTree(body), now));
                exchange.sendResponseHeaders(verified ? 200 : 401, -1);
            } finally {
                exchange.close();
            }
        });
        bot.start();
        // The fixture bot listens on loopback: the one internal address escalation may deliver webhooks to here.
        suite = Suite.start("ConversationHandoffIT", List.of(Suite.LISTENER, Suite.SENTIMENT, Suite.ESCALATION), null,
                // The fixture bot listens on loopback; the webhook endpoint's signing secret is sealed under the
                // suite's key (Suite.E2E_SECRETS_KEY).
                Map.of("EARSHOT_OUTBOUND_ALLOW_LIST", "127.0.0.1"));
    }

    @AfterAll
    static void stop() {
        if (suite != null) {
            suite.close();
        }
        if (bot != null) {
            bot.stop(0);
        }
    }

    static ObjectNode turn(String brand, String turnId, String speaker, String text, Instant at) {
        ObjectNode t = Api.JSON.createObjectNode();
        t.put("turnId", turnId).put("speaker", speaker).put("text", text).put("time", at.toString()).put("channel",
                "web")
                .put("brand", brand).put("customerHandle", "@ann-" + brand).put("customerName", "Ann");
        return t;
    }

    static List<Received> received(String event, String conversation) {
        List<Received> out = new ArrayList<>();
        for (Received r : RECEIVED) {
            if (event.equals(r.event()) && conversation.equals(r.body().path("data").path("conversationId").asText())) {
                out.add(r);
            }
        }
        return out;
    }

    @Test
    void turnsPostedToTheListenerHandTheConversationToAHumanAndTheBotIsToldSigned() {
        Api.Response endpoint = Api.post(suite.url(Suite.ESCALATION, "/api/v1/webhooks/endpoints"),
                TestTokens.bearer(Roles.ADMIN), Map.of("url", "http://127.0.0.1:" + bot.getAddress().getPort() + "/bot",
                        "format", "event", "events", List.of("conversation.handoff", "conversation.handoff.ended")),
                Map.of());
        assertThat(endpoint.status()).as("%s", endpoint).isEqualTo(201);
        secret = endpoint.json().path("secret").asText();

        String brand = Suite.uniqueBrand();
        String conv = "conv-" + UUID.randomUUID();
        Instant t0 = Instant.now().minusSeconds(30);
        String turns = suite.url(Suite.LISTENER, "/api/v1/conversations/" + conv + "/turns").toString();
        Api.Response first = Api.post(java.net.URI.create(turns), TestTokens.bearer(Roles.SERVICE), List.of(
                turn(brand, "1", "customer", "My suitcase did not arrive in Lisbon, mail me at ann@example.com", t0),
                turn(brand, "2", "bot", "Sorry, I didn't understand that. Could you rephrase?", t0.plusSeconds(3))), Map
                        .of());
        assertThat(first.status()).as("%s", first).isEqualTo(202);
        assertThat(first.json().path("accepted").asInt()).isEqualTo(2);
        long sent = System.nanoTime();
        Api.Response trigger = Api.post(java.net.URI.create(turns), TestTokens.bearer(Roles.SERVICE),
                turn(brand, "3", "customer", "This is useless. I want to talk to a human agent now", t0.plusSeconds(8)),
                Map.of());
        assertThat(trigger.status()).as("%s", trigger).isEqualTo(202);

        Received handoff = await("the signed hand-off webhook").atMost(PIPELINE).pollInterval(Duration.ofMillis(100))
                .until(() -> received("conversation.handoff", conv).stream().findFirst().orElse(null), r -> r != null);
        System.out.printf(
                "[handoff-it] turn POST -> hand-off webhook received: %d ms (one conversation, loaded test box;"
                        + " benchmarks/run.sh handoff-latency measures it)%n", (handoff.atNanos() - sent) / 1_000_000);
        assertThat(handoff.verified()).as("signature").isTrue();
        JsonNode data = handoff.body().path("data");
        assertThat(data.path("brand").asText()).isEqualTo(brand);
        assertThat(data.path("state").asText()).isEqualTo("HANDED_OFF");
        assertThat(data.path("turnId").asText()).isEqualTo("3");
        assertThat(data.path("assessment").path("handOff").asBoolean()).isTrue();
        assertThat(data.path("assessment").path("summary").asText()).contains("human_request");
        assertThat(data.path("suggestedOpening").asText()).isNotBlank();
        String caseId = data.path("caseId").asText();

        // The listener stored the turns redacted; escalation shows the hand-off with its transcript and one case.
        Api.Response stored = Api.get(suite.url(Suite.LISTENER, "/api/v1/conversations/" + conv), TestTokens.bearer(
                Roles.AGENT));
        assertThat(stored.status()).as("%s", stored).isEqualTo(200);
        assertThat(stored.json().path("turns")).hasSize(3);
        assertThat(stored.json().path("turns").get(0).path("text").asText()).doesNotContain("ann@example.com");
        Api.Response view = Api.get(suite.url(Suite.ESCALATION, "/api/v1/conversations/" + conv), TestTokens.bearer(
                Roles.AGENT));
        assertThat(view.status()).as("%s", view).isEqualTo(200);
        assertThat(view.json().path("state").asText()).isEqualTo("HANDED_OFF");
        assertThat(view.json().path("caseId").asText()).isEqualTo(caseId);
        List<String> triggering = new ArrayList<>();
        view.json().path("transcript").forEach(t -> {
            if (t.path("triggering").asBoolean()) {
                triggering.add(t.path("turnId").asText());
            }
        });
        assertThat(triggering).contains("3");
        Api.Response cases = Api.get(suite.url(Suite.ESCALATION, "/api/v1/cases?brand=" + brand), TestTokens.bearer(
                Roles.AGENT));
        assertThat(cases.items()).extracting(c -> c.path("id").asText()).containsExactly(caseId);

        // The agent hands the conversation back to the bot: the bot is told, signed.
        Api.Response back = Api.post(suite.url(Suite.ESCALATION, "/api/v1/conversations/" + conv + "/return-to-bot"),
                TestTokens.bearer(Roles.LEAD), Map.of(), Map.of());
        assertThat(back.status()).as("%s", back).isEqualTo(200);
        Received ended = await("the hand-off's end").atMost(PIPELINE).pollInterval(Duration.ofMillis(100))
                .until(() -> received("conversation.handoff.ended", conv).stream().findFirst().orElse(null),
                        r -> r != null);
        assertThat(ended.verified()).isTrue();
        assertThat(ended.body().path("data").path("reason").asText()).isEqualTo("returned_to_bot");
        assertThat(received("conversation.handoff", conv)).hasSize(1);
        if (RECEIVED.stream().anyMatch(r -> !r.verified())) {
            throw new UncheckedIOException(new IOException("a webhook failed its signature check: " + RECEIVED));
        }
    }
}
