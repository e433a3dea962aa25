package io.earshot.escalation.conversations;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.earshot.contracts.Ids;
import io.earshot.contracts.Topics;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.Author;
import io.earshot.contracts.events.ConversationRef;
import io.earshot.contracts.events.Distress;
import io.earshot.contracts.events.DistressKind;
import io.earshot.contracts.events.Emotions;
import io.earshot.contracts.events.Mention;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.contracts.events.Scores;
import io.earshot.contracts.events.SentimentLabel;
import io.earshot.contracts.events.ThreadRef;
import io.earshot.escalation.Fixtures;
import io.earshot.platform.webhooks.WebhookSignature;
import io.earshot.testing.TestTokens;
import io.earshot.testing.TopicWriter;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A bot platform's conversation through escalation on the test Kafka, PostgreSQL and Redis: scored turns arrive on
 * mentions.scored as the sentiment service publishes them, the trajectory crosses the threshold, one case opens in the
 * right queue, and a fixture bot platform on loopback receives the signed {@code conversation.handoff} webhook (it
 * verifies the signature as docs/escalation.md tells receivers to); replays change nothing; resolving the case ends the
 * hand-off with {@code conversation.handoff.ended}.
 */
@QuarkusTest
public class ConversationHandoffTest {
    record Received(String event, boolean verified, JsonNode body) {}

    static HttpServer bot;
    static volatile String secret;
    static final ConcurrentLinkedQueue<Received> RECEIVED = new ConcurrentLinkedQueue<>();
    static TopicWriter writer;

    @BeforeAll
    static void start() throws IOException {
        writer = new TopicWriter(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        bot = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        bot.createContext("/bot", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                boolean verified = WebhookSignature.verify(exchange.getRequestHeaders().getFirst(
                        WebhookSignature.HEADER),
                        body, secret, Instant.now(), WebhookSignature.DEFAULT_TOLERANCE);
                RECEIVED.add(new Received(exchange.getRequestHeaders().getFirst(WebhookSignature.EVENT_HEADER),
                        verified,
                        EventCodec.mapper().readTree(body)));
                exchange.sendResponseHeaders(verified ? 200 : 401, -1);
            } finally {
                exchange.close();
            }
        });
        bot.start();
    }

    /** Registers the fixture bot platform's endpoint once (the application is up by the first test). */
    static synchronized void register() {
        if (secret != null) {
            return;
        }
        JsonPath e = given().header("Authorization", TestTokens.bearer("admin")).contentType(ContentType.JSON)
                .body(Map.of("url", "http://127.0.0.1:" + bot.getAddress().getPort() + "/bot", "format", "event",
                        "events", List.of("conversation.handoff", "conversation.handoff.ended")))
                .post("/api/v1/webhooks/endpoints").then().statusCode(201).extract().jsonPath();
        secret = e.getString("secret");
    }

    @AfterAll
    static void stop() {
        bot.stop(0);
        writer.close();
    }

    public static ScoredMention turn(String brand, String conversation, String turnId, boolean fromBot, String text,
            double sentiment, Distress distress, Instant at) {
        String externalId = ConversationRef.externalId(brand, conversation, turnId);
        Mention m = new Mention(Mention.SCHEMA_VERSION, Ids.mentionId("chat", externalId), "chat", externalId, null,
                brand,
                List.of(brand), new Author("@ann-" + conversation, "@ann-" + conversation, null, null, false, null),
                text,
                "en", at, at, new ThreadRef(conversation, null), null, null,
                new ConversationRef(conversation, turnId, fromBot
                        ? ConversationRef.Speaker.bot
                        : ConversationRef.Speaker.customer,
                        "web"));
        return new ScoredMention(ScoredMention.SCHEMA_VERSION, m, new Scores(sentiment,
                sentiment < 0 ? SentimentLabel.negative : SentimentLabel.neutral, Emotions.NONE, 0.2, distress, 0, List
                        .of(),
                List.of()), "test", Instant.now());
    }

    static void publish(ScoredMention s) {
        writer.send(Topics.MENTIONS_SCORED, s.mention().kafkaKey(), EventCodec.encode(s));
    }

    static JsonPath conversation(String id) {
        return given().header("Authorization", TestTokens.bearer("agent")).get("/api/v1/conversations/" + id).then()
                .extract().jsonPath();
    }

    static List<Received> received(String event, String brand, String conversation) {
        return received(event, conversation).stream().filter(r -> brand.equals(r.body().path("data").path("brand")
                .asText()))
                .toList();
    }

    static JsonPath cases(String brand) {
        return given().header("Authorization", TestTokens.bearer("agent")).queryParam("brand", brand)
                .get("/api/v1/cases").then().statusCode(200).extract().jsonPath();
    }

    static List<Received> received(String event, String conversation) {
        return RECEIVED.stream().filter(r -> event.equals(r.event())
                && conversation.equals(r.body().path("data").path("conversationId").asText())).toList();
    }

    static String brand() {
        register();
        return "b" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aConversationThatGoesAwryIsHandedOffOnceWithItsExplanationAndTheBotIsToldSigned() {
        String brand = brand();
        String conv = "c-" + UUID.randomUUID();
        Instant t0 = Instant.now().minusSeconds(60);
        List<ScoredMention> turns = List.of(
                turn(brand, conv, "1", false, "My suitcase did not arrive in Lisbon", -0.3, Distress.NONE, t0),
                turn(brand, conv, "2", true, "Sorry, I didn't understand that. Could you rephrase?", 0, Distress.NONE,
                        t0.plusSeconds(5)),
                turn(brand, conv, "3", false, "I already said my suitcase did not arrive in Lisbon, where is it", -0.4,
                        Distress.NONE, t0.plusSeconds(10)),
                turn(brand, conv, "4", false, "I want to talk to a human now", -0.5, Distress.NONE, t0.plusSeconds(
                        15)));
        turns.forEach(ConversationHandoffTest::publish);

        await().atMost(Fixtures.PATIENCE).until(() -> received("conversation.handoff", conv).size() == 1);
        Received r = received("conversation.handoff", conv).get(0);
        assertThat(r.verified()).isTrue();
        JsonNode data = r.body().path("data");
        assertThat(data.path("state").asText()).isEqualTo("HANDED_OFF");
        assertThat(data.path("queue").asText()).isEqualTo("care");
        assertThat(data.path("turnId").asText()).isEqualTo("3");
        assertThat(data.path("suggestedOpening").asText()).contains("taken over from our assistant");
        assertThat(data.path("assessment").path("summary").asText()).contains("repetition").contains("bot_fallback");

        JsonPath page = cases(brand);
        assertThat(page.getList("items")).hasSize(1);
        assertThat(page.getString("items[0].id")).isEqualTo(data.path("caseId").asText());
        assertThat(page.getString("items[0].rule")).isEqualTo(ConversationIntake.RULE);
        assertThat(page.getString("items[0].queue")).isEqualTo("care");
        assertThat(page.getString("items[0].threadRootId")).isEqualTo(conv);

        // While a human has it, later turns join the case; the GET shows the state, assessment and transcript.
        await().atMost(Fixtures.PATIENCE).untilAsserted(() -> assertThat(cases(brand).getList("items[0].mentionIds"))
                .hasSize(2));
        JsonPath view = conversation(conv);
        assertThat(view.getString("state")).isEqualTo("HANDED_OFF");
        assertThat(view.getString("caseId")).isEqualTo(data.path("caseId").asText());
        assertThat(view.getString("handoffTurnId")).isEqualTo("3");
        assertThat(view.getBoolean("assessment.handOff")).isTrue();
        assertThat(view.getList("transcript.turnId")).containsExactly("1", "2", "3", "4");
        assertThat(view.getList("transcript.triggering", Boolean.class)).containsExactly(true, true, true, false);

        // Replays (a redelivery, a restarted consumer) open nothing and send nothing again.
        turns.forEach(ConversationHandoffTest::publish);
        String barrier = "c-" + UUID.randomUUID();
        publish(turn(brand, barrier, "1", false, "Please connect me to an agent", -0.2, Distress.NONE, t0));
        await().atMost(Fixtures.PATIENCE).until(() -> received("conversation.handoff", barrier).size() == 1);
        assertThat(received("conversation.handoff", conv)).hasSize(1);
        assertThat(cases(brand).getList("items")).hasSize(2);

        // The agent resolves the case: the hand-off ends and the bot is told.
        String caseId = data.path("caseId").asText();
        given().header("Authorization", TestTokens.bearer("lead")).contentType(ContentType.JSON)
                .body(Map.of("outcome", "ANSWERED")).post("/api/v1/cases/" + caseId + "/resolve").then().statusCode(
                        200);
        await().atMost(Fixtures.PATIENCE).until(() -> received("conversation.handoff.ended", conv).size() == 1);
        Received ended = received("conversation.handoff.ended", conv).get(0);
        assertThat(ended.verified()).isTrue();
        assertThat(ended.body().path("data").path("reason").asText()).isEqualTo("resolved");
        assertThat(conversation(conv).getString("state")).isEqualTo("RESOLVED");
    }

    @Test
    void distressHandsOffAtOnceToTheDistressLaneAndTheAgentCanReturnTheConversationToTheBot() {
        String brand = brand();
        String conv = "c-" + UUID.randomUUID();
        Instant t0 = Instant.now().minusSeconds(60);
        publish(turn(brand, conv, "1", false, "hi", 0.1, Distress.NONE, t0));
        publish(turn(brand, conv, "2", false, "I don't want to be here anymore", -0.7,
                new Distress(DistressKind.self_harm, 0.9), t0.plusSeconds(3)));
        await().atMost(Fixtures.PATIENCE).until(() -> received("conversation.handoff", conv).size() == 1);
        JsonNode data = received("conversation.handoff", conv).get(0).body().path("data");
        assertThat(data.path("queue").asText()).isEqualTo("distress");
        assertThat(data.path("turnId").asText()).isEqualTo("2");
        assertThat(data.path("suggestedOpening").asText()).contains("safe");
        JsonPath page = cases(brand);
        assertThat(page.getString("items[0].priorityBand")).isEqualTo("P1");
        assertThat(page.getBoolean("items[0].neverAutoAnswer")).isTrue();

        given().header("Authorization", TestTokens.bearer("lead")).post("/api/v1/conversations/" + conv
                + "/return-to-bot")
                .then().statusCode(200).body("state", equalTo("RETURNED"));
        await().atMost(Fixtures.PATIENCE).until(() -> received("conversation.handoff.ended", conv).size() == 1);
        assertThat(received("conversation.handoff.ended", conv).get(0).body().path("data").path("reason").asText())
                .isEqualTo("returned_to_bot");
        given().header("Authorization", TestTokens.bearer("lead")).post("/api/v1/conversations/" + conv
                + "/return-to-bot")
                .then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void twoBrandsUsingTheSameConversationIdGetAConversationAndACaseEach() {
        String a = brand();
        String b = brand();
        String conv = "c-" + UUID.randomUUID();
        Instant t0 = Instant.now().minusSeconds(60);
        // The same conversation id and turn ids from two brands' bots: one asks for a human, the other is calm.
        publish(turn(a, conv, "1", false, "I want to talk to a human now", -0.4, Distress.NONE, t0));
        publish(turn(b, conv, "1", false, "When do you open on Sunday?", 0, Distress.NONE, t0));
        publish(turn(b, conv, "2", false, "Let me speak to a real person please", -0.2, Distress.NONE, t0.plusSeconds(
                2)));
        await().atMost(Fixtures.PATIENCE).until(() -> received("conversation.handoff", a, conv).size() == 1
                && received("conversation.handoff", b, conv).size() == 1);
        String caseA = received("conversation.handoff", a, conv).get(0).body().path("data").path("caseId").asText();
        String caseB = received("conversation.handoff", b, conv).get(0).body().path("data").path("caseId").asText();
        assertThat(caseA).isNotEqualTo(caseB);
        assertThat(received("conversation.handoff", b, conv).get(0).body().path("data").path("turnId").asText())
                .isEqualTo("2");
        assertThat(cases(a).getList("items.id")).containsExactly(caseA);
        assertThat(cases(b).getList("items.id")).containsExactly(caseB);

        // Each brand's view holds its own turns only; the bare id is ambiguous for a caller who sees both brands.
        given().header("Authorization", TestTokens.bearer("agent")).queryParam("brand", b).get("/api/v1/conversations/"
                + conv)
                .then().statusCode(200).body("caseId", equalTo(caseB))
                .body("transcript.text", org.hamcrest.Matchers.contains("When do you open on Sunday?",
                        "Let me speak to a real person please"));
        given().header("Authorization", TestTokens.bearer("agent")).get("/api/v1/conversations/" + conv).then()
                .statusCode(409).contentType("application/problem+json");
        String onlyA = TestTokens.scoped("agent-a", List.of(a), null, "agent");
        given().header("Authorization", "Bearer " + onlyA).get("/api/v1/conversations/" + conv).then().statusCode(200)
                .body("brand", equalTo(a)).body("caseId", equalTo(caseA));

        // Handing one back to the bot leaves the other brand's hand-off alone.
        given().header("Authorization", TestTokens.bearer("lead")).queryParam("brand", a)
                .post("/api/v1/conversations/" + conv + "/return-to-bot").then().statusCode(200).body("state", equalTo(
                        "RETURNED"));
        given().header("Authorization", TestTokens.bearer("agent")).queryParam("brand", b).get("/api/v1/conversations/"
                + conv)
                .then().statusCode(200).body("state", equalTo("HANDED_OFF"));
    }

    @Test
    void aCalmConversationStaysWithTheBotAndTheGetSaysWhy() {
        String brand = brand();
        String conv = "c-" + UUID.randomUUID();
        Instant t0 = Instant.now().minusSeconds(60);
        publish(turn(brand, conv, "1", false, "When do you open on Sunday?", 0, Distress.NONE, t0));
        publish(turn(brand, conv, "2", true, "We open at 10am on Sundays.", 0, Distress.NONE, t0.plusSeconds(2)));
        publish(turn(brand, conv, "3", false, "Great, thanks!", 0.8, Distress.NONE, t0.plusSeconds(4)));
        await().atMost(Fixtures.PATIENCE).untilAsserted(() -> {
            JsonPath view = conversation(conv);
            assertThat(view.getList("transcript")).hasSize(3);
            assertThat(view.getString("state")).isEqualTo("BOT");
            assertThat(view.getBoolean("assessment.handOff")).isFalse();
            assertThat(view.getString("assessment.atTurnId")).isEqualTo("3");
        });
        assertThat(cases(brand).getList("items")).isEmpty();
        given().header("Authorization", TestTokens.bearer("agent")).get("/api/v1/conversations/unknown-1").then()
                .statusCode(404).contentType("application/problem+json");

        // Erasing the customer (network chat) removes the conversation's stored turns and state.
        writer.send(Topics.PRIVACY_ERASURE, "k", EventCodec.encode(new io.earshot.contracts.events.ErasureRequest(
                io.earshot.contracts.events.ErasureRequest.SCHEMA_VERSION, UUID.randomUUID(),
                new io.earshot.contracts.events.ErasureRequest.Subject("chat", "@ann-" + conv, null), "dpo@example.com",
                Instant.now())));
        await().atMost(Fixtures.PATIENCE).until(() -> given().header("Authorization", TestTokens.bearer("agent"))
                .get("/api/v1/conversations/" + conv).statusCode() == 404);
    }
}
