package io.earshot.sentiment.privacy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.earshot.contracts.Ids;
import io.earshot.contracts.Topics;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.Author;
import io.earshot.contracts.events.InsightCandidate;
import io.earshot.contracts.events.Mention;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.platform.privacy.SubjectKeys;
import io.earshot.testing.TestTokens;
import io.earshot.testing.TopicReader;
import io.earshot.testing.TopicWriter;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Crypto-shredding in sentiment: a sealed mention on mentions.raw is opened with its author's key from the vault,
 * scored and stored in clear, and published sealed again under the same key (the scored mention with its explanation,
 * its candidates' text); once the key is destroyed a sealed copy is left out, neither stored, published nor
 * dead-lettered, while a mention in clear after it on the same partition goes through.
 */
@QuarkusTest
class SealedMentionsTest {
    static final Duration WAIT = Duration.ofSeconds(90);
    final String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    final String run = UUID.randomUUID().toString().substring(0, 8);

    @Inject
    SubjectKeys keys;

    Mention mention(String authorId) {
        String externalId = UUID.randomUUID().toString();
        return new Mention(Mention.SCHEMA_VERSION, Ids.mentionId("bluesky", externalId), "bluesky", externalId,
                "https://bsky.example/" + externalId, "acme", List.of("acme"),
                new Author(authorId, "@sam" + run, "Sam Sealed" + run, 10L, false, null),
                "Third time this week the internet is down. Terrible service, I want a refund now! " + run, "en",
                Instant.now(), Instant.now(), null, null);
    }

    private byte[] keyOf(Mention m) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> keys.ensure(List.of(m))).get(m.subjectHash());
    }

    @Test
    void aSealedMentionIsScoredInClearAndPublishedSealedAndADestroyedKeyLeavesItsCopiesOut() throws Throwable {
        Mention clear = mention("did:plc:s" + run);
        byte[] key = keyOf(clear);
        try (TopicWriter writer = new TopicWriter(bootstrap);
                TopicReader scored = new TopicReader(bootstrap, Topics.MENTIONS_SCORED);
                TopicReader candidates = new TopicReader(bootstrap, Topics.INSIGHTS_CANDIDATES);
                TopicReader dlq = new TopicReader(bootstrap, Topics.dlq(Topics.MENTIONS_RAW))) {
            writer.send(Topics.MENTIONS_RAW, clear.kafkaKey(), EventCodec.encode(clear.seal(key)));

            ConsumerRecord<String, String> out = scored.awaitRecord(r -> r.value().contains(clear.id().toString()),
                    WAIT);
            assertThat(out.value()).doesNotContain(run).doesNotContain("refund");
            ScoredMention published = EventCodec.decode(out.value(), ScoredMention.class);
            assertThat(published.schemaVersion()).isEqualTo(ScoredMention.SCHEMA_VERSION);
            assertThat(published.sealedSubject()).isEqualTo(clear.subjectHash());
            assertThat(published.scores().explanation()).as("causes quote the text: sealed").isEmpty();
            ScoredMention opened = published.open(key);
            assertThat(opened.mention()).isEqualTo(clear);
            assertThat(opened.scores().explanation()).isNotEmpty();

            ConsumerRecord<String, String> insight = candidates.awaitRecord(r -> r.value().contains(clear.id()
                    .toString()), WAIT);
            InsightCandidate candidate = EventCodec.decode(insight.value(), InsightCandidate.class);
            assertThat(candidate.text()).isNull();
            assertThat(candidate.sealedSubject()).isEqualTo(clear.subjectHash());
            assertThat(candidate.open(key).text()).isNotBlank();

            // Stored in clear: the score's API answers with the mention as written.
            given().header("Authorization", TestTokens.bearer("analyst")).get("/api/v1/scores/" + clear.id()).then()
                    .statusCode(200).body("mention.text", equalTo(clear.text()))
                    .body("mention.author.id", equalTo(clear.author().id()));

            // The key is destroyed (the listener's erasure): a sealed copy still in flight opens nowhere.
            long before = keys.shredded();
            VertxContextSupport.subscribeAndAwait(() -> keys.destroy(List.of(clear.subjectHash()), List.of()));
            Mention copy = mention(clear.author().id());
            Mention marker = mention("did:plc:m" + run);
            writer.send(Topics.MENTIONS_RAW, clear.kafkaKey(), EventCodec.encode(copy.seal(key)));
            writer.send(Topics.MENTIONS_RAW, clear.kafkaKey(), EventCodec.encode(marker));
            Awaitility.await().atMost(WAIT).until(() -> status(marker.id()) == 200);
            assertThat(status(copy.id())).isEqualTo(404);
            assertThat(keys.shredded()).isGreaterThan(before);
            assertThat(scored.records()).noneMatch(r -> r.value().contains(copy.id().toString()));
            assertThat(dlq.records()).as("an erased subject's copy is not dead-lettered")
                    .noneMatch(r -> r.value().contains(copy.id().toString()));
            // A mention in clear (an older producer) is published in clear, as before.
            ConsumerRecord<String, String> plain = scored.awaitRecord(r -> r.value().contains(marker.id().toString()),
                    WAIT);
            assertThat(EventCodec.decode(plain.value(), ScoredMention.class).mention()).isEqualTo(marker);
        }
    }

    static int status(UUID mentionId) {
        return given().header("Authorization", TestTokens.bearer("analyst")).get("/api/v1/scores/" + mentionId).then()
                .extract().statusCode();
    }
}
