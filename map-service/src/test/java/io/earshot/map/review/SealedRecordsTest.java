package io.earshot.map.review;

import static io.earshot.map.review.CandidateEvents.brand;
import static io.earshot.map.review.CandidateEvents.candidate;
import static io.earshot.map.review.CandidateEvents.record;
import static io.earshot.map.review.CandidateEvents.send;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.earshot.contracts.Ids;
import io.earshot.contracts.Topics;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.Author;
import io.earshot.contracts.events.Distress;
import io.earshot.contracts.events.Emotions;
import io.earshot.contracts.events.InsightCandidate;
import io.earshot.contracts.events.Mention;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.contracts.events.Scores;
import io.earshot.contracts.events.SentimentLabel;
import io.earshot.platform.privacy.SubjectKeys;
import io.earshot.testing.TestTokens;
import io.earshot.testing.TopicReader;
import io.earshot.testing.TopicWriter;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Crypto-shredding in map: a sealed candidate (insights.candidates) and a sealed scored mention (the author index on
 * mentions.scored) are opened with their author's key and stored in clear; once the key is destroyed their sealed
 * copies are left out, never dead-lettered, while records in clear after them on the same partition are stored.
 */
@QuarkusTest
class SealedRecordsTest {
    static final Duration WAIT = Duration.ofSeconds(120);
    final String run = UUID.randomUUID().toString().substring(0, 8);

    @Inject
    SubjectKeys keys;
    @Inject
    Pool pool;

    ScoredMention scored(String authorId, String text) {
        String externalId = UUID.randomUUID().toString();
        Mention m = new Mention(Mention.SCHEMA_VERSION, Ids.mentionId("reddit", externalId), "reddit", externalId,
                "https://reddit.example/" + externalId, "acme", List.of("acme"),
                new Author(authorId, "u/" + authorId, "Sealed Author", 10L, false, null), text, "en", Instant.now(),
                Instant.now(), null, null);
        return new ScoredMention(ScoredMention.SCHEMA_VERSION, m, new Scores(-0.5, SentimentLabel.negative,
                Emotions.NONE, 0.1, Distress.NONE, 0, List.of(), List.of()), "test", Instant.now());
    }

    long facts(UUID mention) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> pool.preparedQuery(
                    "select count(*) from mention_authors where mention_id = $1").execute(Tuple.of(mention))
                    .map(rows -> rows.iterator().next().getLong(0)));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    int candidateStatus(UUID id) {
        return given().header("Authorization", TestTokens.bearer("analyst")).get("/api/v1/candidates/" + id).then()
                .extract().statusCode();
    }

    @Test
    void sealedCandidatesAndMentionsOpenWithTheirKeyAndAreLeftOutOnceItIsDestroyed() throws Throwable {
        String authorId = "t2_sealed" + run;
        ScoredMention first = scored(authorId, "sealed-post-" + run);
        String subject = first.mention().subjectHash();
        byte[] key = VertxContextSupport.subscribeAndAwait(() -> keys.ensure(List.of(first.mention()))).get(subject);
        String brand = brand("sealed");
        InsightCandidate candidate = candidate(brand, "sealed-" + run);

        try (TopicWriter writer = new TopicWriter(CandidateEvents.bootstrap());
                TopicReader candidateDlq = new TopicReader(CandidateEvents.bootstrap(), Topics.dlq(
                        Topics.INSIGHTS_CANDIDATES));
                TopicReader scoredDlq = new TopicReader(CandidateEvents.bootstrap(), Topics.dlq(
                        Topics.MENTIONS_SCORED))) {
            send(List.of(record(brand, EventCodec.encode(candidate.seal(key, subject)))));
            writer.send(Topics.MENTIONS_SCORED, first.mention().kafkaKey(), EventCodec.encode(first.seal(key)));
            await().atMost(WAIT).until(() -> candidateStatus(candidate.id()) == 200 && facts(first.mention()
                    .id()) == 1);
            given().header("Authorization", TestTokens.bearer("analyst")).get("/api/v1/candidates/" + candidate.id())
                    .then().statusCode(200).body("text", equalTo(candidate.text()));

            // The key is destroyed (the listener's erasure): sealed copies in flight open nowhere.
            VertxContextSupport.subscribeAndAwait(() -> keys.destroy(List.of(subject), List.of()));
            InsightCandidate copy = candidate(brand, "copy-" + run);
            InsightCandidate marker = candidate(brand, "marker-" + run);
            send(List.of(record(brand, EventCodec.encode(copy.seal(key, subject))), record(brand, EventCodec.encode(
                    marker))));
            ScoredMention copyMention = scored(authorId, "copy-post-" + run);
            ScoredMention markerMention = scored("t2_marker" + run, "marker-post-" + run);
            writer.send(Topics.MENTIONS_SCORED, first.mention().kafkaKey(), EventCodec.encode(copyMention.seal(key)));
            writer.send(Topics.MENTIONS_SCORED, first.mention().kafkaKey(), EventCodec.encode(markerMention));
            await().atMost(WAIT).until(() -> candidateStatus(marker.id()) == 200 && facts(markerMention.mention()
                    .id()) == 1);
            assertThat(candidateStatus(copy.id())).isEqualTo(404);
            assertThat(facts(copyMention.mention().id())).isZero();
            assertThat(candidateDlq.records()).noneMatch(r -> r.value().contains(copy.id().toString()));
            assertThat(scoredDlq.records()).noneMatch(r -> r.value().contains(copyMention.mention().id().toString()));
        }
    }
}
