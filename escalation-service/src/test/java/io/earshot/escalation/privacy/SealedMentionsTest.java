package io.earshot.escalation.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.earshot.contracts.Ids;
import io.earshot.contracts.Topics;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.Author;
import io.earshot.contracts.events.Distress;
import io.earshot.contracts.events.Emotions;
import io.earshot.contracts.events.Explanation;
import io.earshot.contracts.events.Mention;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.contracts.events.Scores;
import io.earshot.contracts.events.SentimentLabel;
import io.earshot.contracts.events.ThreadRef;
import io.earshot.escalation.Fixtures;
import io.earshot.platform.privacy.SubjectKeys;
import io.earshot.testing.TopicReader;
import io.earshot.testing.TopicWriter;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Crypto-shredding in escalation: a sealed scored mention is opened with its author's key by the case consumer (its
 * case holds the mention in clear) and the crisis consumer (it is counted); once the key is destroyed a sealed copy is
 * left out by both, never dead-lettered, while a mention in clear after it on the same partition goes through.
 */
@QuarkusTest
class SealedMentionsTest {
    final String run = UUID.randomUUID().toString().substring(0, 8);
    final String brand = "sl" + run;
    final String authorId = "t2_sealed" + run;

    @Inject
    SubjectKeys keys;
    @Inject
    RedisDataSource redis;
    @ConfigProperty(name = "earshot.redis.key-prefix")
    String prefix;

    ScoredMention scored(String author, String thread, String text) {
        String externalId = UUID.randomUUID().toString();
        Mention m = new Mention(Mention.SCHEMA_VERSION, Ids.mentionId("reddit", externalId), "reddit", externalId,
                "https://reddit.example/u/" + author + "/" + externalId, brand, List.of(brand),
                new Author(author, "u/" + author, "Sealed Author" + run, 150L, false, null), text, "en",
                Instant.now(), Instant.now(), new ThreadRef(thread, null), null);
        return new ScoredMention(ScoredMention.SCHEMA_VERSION, m, new Scores(-0.8, SentimentLabel.negative,
                Emotions.NONE, 0.2, Distress.NONE, 0, List.of(), List.of(new Explanation("sentiment", "refund", -0.4))),
                "test", Instant.now());
    }

    boolean counted(ScoredMention s) {
        return redis.key().exists(prefix + "cr:seen:" + s.mention().id());
    }

    @Test
    void sealedMentionsOpenWithTheirKeyAndAreLeftOutOnceItIsDestroyed() throws Throwable {
        ScoredMention first = scored(authorId, "t-" + run, "sealed-post-" + run + " the refund never came");
        byte[] key = VertxContextSupport.subscribeAndAwait(() -> keys.ensure(List.of(first.mention())))
                .get(first.mention().subjectHash());
        String bootstrap = Fixtures.bootstrap();
        try (TopicWriter writer = new TopicWriter(bootstrap);
                TopicReader cases = new TopicReader(bootstrap, Topics.dlq(Topics.MENTIONS_SCORED));
                TopicReader crisis = new TopicReader(bootstrap, "mentions.scored.crisis.dlq")) {
            String sealed = EventCodec.encode(first.seal(key));
            assertThat(sealed).doesNotContain(authorId).doesNotContain("sealed-post-").doesNotContain("refund");
            writer.send(Topics.MENTIONS_SCORED, first.mention().kafkaKey(), sealed);
            String caseId = Fixtures.awaitCase(brand);
            await().atMost(Fixtures.PATIENCE).until(() -> counted(first));
            // Stored in clear: the case shows the mention as written, its author and its explanation.
            String view = Fixtures.caseById(caseId).prettify();
            assertThat(view).contains("sealed-post-" + run).contains(authorId);

            // The key is destroyed (the listener's erasure): a sealed copy still in flight opens nowhere.
            VertxContextSupport.subscribeAndAwait(() -> keys.destroy(List.of(first.mention().subjectHash()), List
                    .of()));
            ScoredMention copy = scored(authorId, "t-" + run, "copy-post-" + run);
            ScoredMention marker = scored("t2_marker" + run, "m-" + run, "marker-post-" + run);
            writer.send(Topics.MENTIONS_SCORED, first.mention().kafkaKey(), EventCodec.encode(copy.seal(key)));
            writer.send(Topics.MENTIONS_SCORED, first.mention().kafkaKey(), EventCodec.encode(marker));
            await().atMost(Fixtures.PATIENCE).until(() -> Fixtures.cases(brand).prettify().contains(marker.mention()
                    .id().toString()) && counted(marker));
            assertThat(Fixtures.cases(brand).prettify()).doesNotContain(copy.mention().id().toString());
            assertThat(counted(copy)).as("not counted in the crisis windows").isFalse();
            assertThat(cases.records()).noneMatch(r -> r.value().contains(copy.mention().id().toString()));
            assertThat(crisis.records()).noneMatch(r -> r.value().contains(copy.mention().id().toString()));
        }
    }
}
