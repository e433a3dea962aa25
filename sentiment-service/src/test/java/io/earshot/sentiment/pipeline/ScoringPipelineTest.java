package io.earshot.sentiment.pipeline;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.earshot.contracts.Ids;
import io.earshot.contracts.Topics;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.Author;
import io.earshot.contracts.events.InsightCandidate;
import io.earshot.contracts.events.Mention;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.contracts.events.SentimentLabel;
import io.earshot.testing.TestTokens;
import io.earshot.testing.TopicReader;
import io.earshot.testing.TopicWriter;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The consume-score-publish path on the real test broker and database. */
@QuarkusTest
class ScoringPipelineTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    static String bootstrap;
    static TopicWriter writer;

    @BeforeAll
    static void open() {
        bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        writer = new TopicWriter(bootstrap);
    }

    @AfterAll
    static void close() {
        writer.close();
    }

    static Mention mention(String text, String lang) {
        return mention("acme", text, lang);
    }

    static Mention mention(String brand, String text, String lang) {
        String externalId = UUID.randomUUID().toString();
        return new Mention(Mention.SCHEMA_VERSION, Ids.mentionId("bluesky", externalId), "bluesky", externalId,
                "https://bsky.example/" + externalId, brand, List.of(brand),
                new Author("did:plc:" + externalId.substring(0, 8), "@someone", "Someone", 10L, false, null), text,
                lang,
                Instant.now(), Instant.now(), null, null);
    }

    @Test
    void aMentionIsScoredStoredAndPublishedInTheSameTrace() {
        Mention m = mention("Third time this week the internet is down. Terrible service, I want a refund now! "
                + "I wish you had a status page.", "en");
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        try (TopicReader scored = new TopicReader(bootstrap, Topics.MENTIONS_SCORED);
                TopicReader candidates = new TopicReader(bootstrap, Topics.INSIGHTS_CANDIDATES)) {
            writer.send(Topics.MENTIONS_RAW, m.kafkaKey(), EventCodec.encode(m),
                    Map.of("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"));

            ConsumerRecord<String, String> out = scored.awaitRecord(r -> r.value().contains(m.id().toString()), WAIT);
            ScoredMention s = EventCodec.decode(out.value(), ScoredMention.class);
            assertThat(out.key()).isEqualTo(m.kafkaKey());
            assertThat(s.mention()).isEqualTo(m);
            assertThat(s.scores().label()).isEqualTo(SentimentLabel.negative);
            assertThat(s.scores().sentiment()).isLessThan(-0.3);
            assertThat(s.scores().urgency()).isGreaterThan(0.3);
            assertThat(s.scores().explanation()).isNotEmpty();
            assertThat(s.modelVersion()).isNotBlank();
            assertThat(TopicReader.header(out, "traceparent")).startsWith("00-" + traceId + "-");

            ConsumerRecord<String, String> insight = candidates.awaitRecord(r -> r.value().contains(m.id().toString()),
                    WAIT);
            InsightCandidate c = EventCodec.decode(insight.value(), InsightCandidate.class);
            assertThat(c.evidenceMentionIds()).containsExactly(m.id());
            assertThat(c.brand()).isEqualTo("acme");
            assertThat(TopicReader.header(insight, "traceparent")).startsWith("00-" + traceId + "-");
        }
        given().header("Authorization", TestTokens.bearer("agent")).get("/api/v1/scores/" + m.id()).then()
                .statusCode(200).body("mention.id", equalTo(m.id().toString())).body("scores.label", equalTo(
                        "negative"));
    }

    @Test
    void aMentionIsTaggedWithTheTopicsOfItsBrand() {
        String brand = "kafka-" + UUID.randomUUID().toString().substring(0, 8);
        given().header("Authorization", TestTokens.bearer("admin")).contentType(ContentType.JSON)
                .body("{\"name\":\"Delivery\",\"keywords\":[\"parcel\",\"\\\"never arrived\\\"\"]}")
                .post("/api/v1/brands/" + brand + "/topics").then().statusCode(201);
        Mention tagged = mention(brand, "My parcel never arrived and nobody answers", "en");
        Mention other = mention("acme", "My parcel never arrived and nobody answers", "en");
        try (TopicReader scored = new TopicReader(bootstrap, Topics.MENTIONS_SCORED)) {
            writer.send(Topics.MENTIONS_RAW, tagged.kafkaKey(), EventCodec.encode(tagged));
            writer.send(Topics.MENTIONS_RAW, other.kafkaKey(), EventCodec.encode(other));
            ScoredMention s = EventCodec.decode(scored.awaitRecord(r -> r.value().contains(tagged.id().toString()),
                    WAIT)
                    .value(), ScoredMention.class);
            assertThat(s.scores().topics()).containsExactly("Delivery");
            ScoredMention o = EventCodec.decode(scored.awaitRecord(r -> r.value().contains(other.id().toString()), WAIT)
                    .value(), ScoredMention.class);
            assertThat(o.scores().topics()).as("topics are per brand").doesNotContain("Delivery");
        }
    }

    @Test
    void unsupportedLanguagesAreLabelledNotScoredAsEnglish() {
        Mention m = mention("Le service est vraiment nul, je veux un remboursement", "fr");
        try (TopicReader scored = new TopicReader(bootstrap, Topics.MENTIONS_SCORED)) {
            writer.send(Topics.MENTIONS_RAW, m.kafkaKey(), EventCodec.encode(m));
            ScoredMention s = EventCodec.decode(scored.awaitRecord(r -> r.value().contains(m.id().toString()), WAIT)
                    .value(),
                    ScoredMention.class);
            assertThat(s.scores().label()).isEqualTo(SentimentLabel.unsupported_language);
            assertThat(s.scores().sentiment()).isZero();
        }
    }

    @Test
    void unreadableMentionsAreDeadLetteredWithTheReason() {
        try (TopicReader dlq = new TopicReader(bootstrap, Topics.dlq(Topics.MENTIONS_RAW))) {
            String key = "poison-" + UUID.randomUUID();
            writer.send(Topics.MENTIONS_RAW, key, "[1,2,3]");
            ConsumerRecord<String, String> parked = dlq.awaitRecord(r -> key.equals(r.key()), WAIT);
            assertThat(TopicReader.header(parked, "dead-letter-reason")).contains("must be a JSON object");
            assertThat(parked.value()).isEqualTo("[1,2,3]");
        }
        // The consumer is not stuck: a valid mention written after the poison is still scored.
        Mention m = mention("Love the new app, great job!", "en");
        try (TopicReader scored = new TopicReader(bootstrap, Topics.MENTIONS_SCORED)) {
            writer.send(Topics.MENTIONS_RAW, m.kafkaKey(), EventCodec.encode(m));
            scored.awaitRecord(r -> r.value().contains(m.id().toString()), WAIT);
        }
    }

    /**
     * Records arrive in batches (one transaction per batch): a record the database refuses (a brand longer than its
     * column) fails the batch's store, and after the retries each record goes on its own, so only that record and
     * the unreadable one are dead-lettered, each with its reason, while their neighbours are scored and stored.
     */
    @Test
    void aBadRecordInABatchIsDeadLetteredAloneAndItsNeighboursAreScored() {
        Mention before = mention("The app crashed again, I am furious", "en");
        Mention refused = mention("b".repeat(100), "Terrible service", "en");
        Mention after = mention("Thanks, the fix works great", "en");
        String poisonKey = "poison-" + UUID.randomUUID();
        try (TopicReader dlq = new TopicReader(bootstrap, Topics.dlq(Topics.MENTIONS_RAW));
                TopicReader scored = new TopicReader(bootstrap, Topics.MENTIONS_SCORED)) {
            writer.send(Topics.MENTIONS_RAW, before.kafkaKey(), EventCodec.encode(before));
            writer.send(Topics.MENTIONS_RAW, poisonKey, "{\"schemaVersion\":\"1.0\",\"id\":");
            writer.send(Topics.MENTIONS_RAW, refused.kafkaKey(), EventCodec.encode(refused));
            writer.send(Topics.MENTIONS_RAW, after.kafkaKey(), EventCodec.encode(after));

            for (Mention m : List.of(before, after)) {
                scored.awaitRecord(r -> r.value().contains(m.id().toString()), WAIT);
                given().header("Authorization", TestTokens.bearer("analyst")).get("/api/v1/scores/" + m.id()).then()
                        .statusCode(200).body("mention.id", equalTo(m.id().toString()));
            }
            ConsumerRecord<String, String> poison = dlq.awaitRecord(r -> poisonKey.equals(r.key()), WAIT);
            assertThat(TopicReader.header(poison, "dead-letter-reason")).isNotBlank();
            ConsumerRecord<String, String> tooLong = dlq.awaitRecord(r -> r.value().contains(refused.id().toString()),
                    WAIT);
            assertThat(TopicReader.header(tooLong, "dead-letter-reason")).containsIgnoringCase("too long");
            assertThat(scored.records()).noneMatch(r -> r.value().contains(refused.id().toString()));
        }
        given().header("Authorization", TestTokens.bearer("analyst")).get("/api/v1/scores/" + refused.id()).then()
                .statusCode(404);
    }

    @Test
    void previewExplainsAScoreWithoutStoringIt() {
        given().header("Authorization", TestTokens.bearer("analyst")).contentType(ContentType.JSON)
                .body("{\"text\":\"This is not good at all\"}").post("/api/v1/scores/preview").then()
                .statusCode(200).body("label", equalTo("negative"));
        given().header("Authorization", TestTokens.bearer("analyst")).contentType(ContentType.JSON)
                .body("{\"text\":\"\"}").post("/api/v1/scores/preview").then()
                .statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("text"));
        given().header("Authorization", TestTokens.bearer("agent")).contentType(ContentType.JSON)
                .body("{\"text\":\"hi\"}").post("/api/v1/scores/preview").then().statusCode(403);
        given().contentType(ContentType.JSON).body("{\"text\":\"hi\"}").post("/api/v1/scores/preview").then()
                .statusCode(401);
    }

    @Test
    void unknownScoreIs404() {
        given().header("Authorization", TestTokens.bearer("service")).get("/api/v1/scores/" + UUID.randomUUID()).then()
                .statusCode(404).contentType("application/problem+json");
    }
}
