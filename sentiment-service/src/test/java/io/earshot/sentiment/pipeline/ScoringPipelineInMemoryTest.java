package io.earshot.sentiment.pipeline;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.earshot.contracts.Ids;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.Author;
import io.earshot.contracts.events.Explanation;
import io.earshot.contracts.events.InsightCandidate;
import io.earshot.contracts.events.Mention;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.contracts.events.SentimentLabel;
import io.earshot.testing.TestTokens;
import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import io.smallrye.reactive.messaging.memory.InMemorySource;
import jakarta.enterprise.inject.Any;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The consume-score-publish path with the three channels in memory and the real test database: what goes in on
 * {@code mentions-raw} comes out scored, with the brand's topics, on {@code mentions-scored} and as insights on
 * {@code insights-candidates}; a poison message is nacked and does not stop the flow.
 */
@QuarkusTest
@TestProfile(InMemoryChannels.class)
class ScoringPipelineInMemoryTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    InMemorySource<Message<String>> raw;
    InMemorySink<String> scored;
    InMemorySink<String> candidates;

    @BeforeEach
    void channels() {
        InMemoryConnector connector = Arc.container().select(InMemoryConnector.class, Any.Literal.INSTANCE).get();
        raw = connector.<Message<String>>source("mentions-raw").runOnVertxContext(true);
        scored = connector.sink("mentions-scored");
        candidates = connector.sink("insights-candidates");
    }

    static Mention mention(String brand, String text, String lang) {
        String externalId = UUID.randomUUID().toString();
        return new Mention(Mention.SCHEMA_VERSION, Ids.mentionId("mastodon", externalId), "mastodon", externalId,
                "https://social.example/" + externalId, brand, List.of(brand),
                new Author("acct-" + externalId.substring(0, 8), "@someone", "Someone", 10L, false, null), text, lang,
                Instant.now(), Instant.now(), null, null);
    }

    Message<String> awaitOn(InMemorySink<String> sink, UUID mentionId) {
        return await().atMost(WAIT).until(() -> sink.received().stream()
                .filter(m -> m.getPayload().contains(mentionId.toString())).findFirst().orElse(null), m -> m != null);
    }

    @Test
    void aMentionIsScoredWithItsBrandsTopicsStoredAndPublished() {
        String brand = "inmem-" + UUID.randomUUID().toString().substring(0, 8);
        given().header("Authorization", TestTokens.bearer("analyst")).contentType(ContentType.JSON)
                .body("{\"name\":\"Billing\",\"keywords\":[\"refund\",\"\\\"double charged\\\"\"]}")
                .post("/api/v1/brands/" + brand + "/topics").then().statusCode(201);
        given().header("Authorization", TestTokens.bearer("analyst")).contentType(ContentType.JSON)
                .body("{\"name\":\"Outage\",\"keywords\":[\"internet is down\",\"outage\"]}")
                .post("/api/v1/brands/" + brand + "/topics").then().statusCode(201);
        given().header("Authorization", TestTokens.bearer("analyst")).contentType(ContentType.JSON)
                .body("{\"name\":\"Pricing\",\"keywords\":[\"price\"]}")
                .post("/api/v1/brands/" + brand + "/topics").then().statusCode(201);

        Mention m = mention(brand, "Third time this week the internet is down. Terrible service, I want a #refund now! "
                + "I wish you had a status page.", null);
        AtomicBoolean acked = new AtomicBoolean();
        raw.send(Message.of(EventCodec.encode(m)).withAck(() -> {
            acked.set(true);
            return CompletableFuture.completedFuture(null);
        }));

        Message<String> out = awaitOn(scored, m.id());
        ScoredMention s = EventCodec.decode(out.getPayload(), ScoredMention.class);
        assertThat(s.mention()).isEqualTo(m);
        assertThat(s.scores().label()).isEqualTo(SentimentLabel.negative);
        assertThat(s.scores().sentiment()).isLessThan(-0.3);
        assertThat(s.scores().urgency()).isGreaterThan(0.3);
        assertThat(s.scores().topics()).containsExactly("Billing", "Outage");
        assertThat(s.scores().explanation()).contains(new Explanation("language", "detected:en", 0),
                new Explanation("topics", "Billing: refund", 0), new Explanation("topics", "Outage: internet is down",
                        0));
        Object key = out.getMetadata(OutgoingKafkaRecordMetadata.class).map(md -> md.getKey()).orElse(null);
        assertThat(key).isEqualTo(m.kafkaKey());

        Message<String> insight = awaitOn(candidates, m.id());
        InsightCandidate c = EventCodec.decode(insight.getPayload(), InsightCandidate.class);
        assertThat(c.brand()).isEqualTo(brand);
        assertThat(c.evidenceMentionIds()).containsExactly(m.id());
        await().atMost(WAIT).untilTrue(acked);

        given().header("Authorization", TestTokens.bearer("service")).get("/api/v1/scores/" + m.id()).then()
                .statusCode(200).body("scores.label", equalTo("negative"))
                .body("scores.topics", contains("Billing", "Outage"));
    }

    @Test
    void aMentionOfUnknownLanguageIsDetectedAndLabelledWhenUnsupported() {
        Mention m = mention("acme", "Le service client est vraiment nul, je veux un remboursement tout de suite",
                "und");
        raw.send(Message.of(EventCodec.encode(m)));
        ScoredMention s = EventCodec.decode(awaitOn(scored, m.id()).getPayload(), ScoredMention.class);
        assertThat(s.scores().label()).isEqualTo(SentimentLabel.unsupported_language);
        assertThat(s.scores().sentiment()).isZero();
        assertThat(s.scores().explanation()).contains(new Explanation("language", "detected:fr", 0));
    }

    @Test
    void aPoisonMessageIsNackedWithTheReasonAndTheNextOneStillFlows() {
        CompletableFuture<Throwable> nacked = new CompletableFuture<>();
        AtomicBoolean poisonAcked = new AtomicBoolean();
        raw.send(Message.of("[1,2,3]").withAck(() -> {
            poisonAcked.set(true);
            return CompletableFuture.completedFuture(null);
        }).withNack(reason -> {
            nacked.complete(reason);
            return CompletableFuture.completedFuture(null);
        }));
        Throwable reason = await().atMost(WAIT).until(() -> nacked.getNow(null), r -> r != null);
        assertThat(reason).hasMessageContaining("must be a JSON object");
        assertThat(poisonAcked).isFalse();

        Mention m = mention("acme", "Love the new app, great job!", "en");
        raw.send(Message.of(EventCodec.encode(m)));
        ScoredMention s = EventCodec.decode(awaitOn(scored, m.id()).getPayload(), ScoredMention.class);
        assertThat(s.scores().label()).isEqualTo(SentimentLabel.positive);
        assertThat(scored.received()).noneMatch(msg -> msg.getPayload().contains("[1,2,3]"));
    }
}
