package io.earshot.sentiment.privacy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.earshot.contracts.Ids;
import io.earshot.contracts.Topics;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.Author;
import io.earshot.contracts.events.ErasureDone;
import io.earshot.contracts.events.ErasureRequest;
import io.earshot.contracts.events.Mention;
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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** privacy.erasure in sentiment: the subject's scores are deleted, the erasure acknowledged, bad requests dead-lettered. */
@QuarkusTest
class ErasureConsumerTest {
    static final Duration WAIT = Duration.ofSeconds(90);
    final String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    final String run = UUID.randomUUID().toString().substring(0, 8);

    Mention mention(String authorId, String handle) {
        return mention(authorId, handle, Instant.now());
    }

    Mention mention(String authorId, String handle, Instant fetched) {
        String externalId = UUID.randomUUID().toString();
        return new Mention(Mention.SCHEMA_VERSION, Ids.mentionId("bluesky", externalId), "bluesky", externalId,
                "https://bsky.example/" + externalId, "acme", List.of("acme"),
                new Author(authorId, handle, "Someone " + run, 10L, false, null), "the acme app crashed again " + run,
                "en",
                fetched, fetched, null, null);
    }

    @Inject
    Pool pool;

    private void sql(String sql, Object... params) throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> pool.preparedQuery(sql).execute(Tuple.from(params)));
    }

    private java.util.List<io.vertx.mutiny.sqlclient.Row> rows(String sql, Object param) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> pool.preparedQuery(sql).execute(Tuple.of(param))
                .map(rs -> {
                    java.util.List<io.vertx.mutiny.sqlclient.Row> out = new java.util.ArrayList<>();
                    rs.forEach(out::add);
                    return out;
                }));
    }

    /** A review item of a mention, as the review gate stores it, with an analyst's note when reviewed. */
    private void review(UUID mention, String status, String note) throws Throwable {
        sql("""
                insert into review_items (mention_id, brand, source, reasons, confidence, followers, scorer_label,
                    scorer_sentiment, scorer_sarcasm, scorer_distress_kind, model_version, queued_at, status, label, note,
                    reviewer, reviewed_at)
                values ($1, 'acme', 'bluesky', 'low-confidence', 0.3, 50000, 'negative', -0.5, 0, 'NONE', 'test', now(),
                    $2, case when $2 = 'REVIEWED' then 'neutral' end, $3, case when $2 = 'REVIEWED' then 'test-analyst' end,
                    case when $2 = 'REVIEWED' then now() end)
                on conflict (mention_id) do update set status = excluded.status, note = excluded.note,
                    followers = excluded.followers, label = excluded.label""",
                mention, status, note);
    }

    @Test
    void reviewsOfTheSubjectLoseTheirNotesAndInFlightMentionsAreDropped() throws Throwable {
        Mention reviewed = mention("did:plc:r" + run, "@rita" + run + ".bsky.social");
        Mention pending = mention("did:plc:r" + run, "@rita" + run + ".bsky.social");
        try (TopicWriter writer = new TopicWriter(bootstrap);
                TopicReader done = new TopicReader(bootstrap, Topics.PRIVACY_ERASURE_DONE)) {
            for (Mention m : List.of(reviewed, pending)) {
                writer.send(Topics.MENTIONS_RAW, m.kafkaKey(), EventCodec.encode(m));
            }
            await().atMost(WAIT).until(() -> List.of(reviewed, pending).stream().allMatch(m -> status(m.id()) == 200));
            review(reviewed.id(), "REVIEWED", "Rita" + run + " (@rita" + run + ") is a journalist, handle with care");
            review(pending.id(), "PENDING", null);

            ErasureRequest request = new ErasureRequest(ErasureRequest.SCHEMA_VERSION, UUID.randomUUID(),
                    new ErasureRequest.Subject("bluesky", "did:plc:r" + run, null), "dpo", Instant.now());
            writer.send(Topics.PRIVACY_ERASURE, "k", EventCodec.encode(request));
            done.awaitRecord(r -> r.value().contains(request.id().toString()), WAIT);

            var kept = rows("select note, followers, label from review_items where mention_id = $1", reviewed.id());
            assertThat(kept).hasSize(1);
            assertThat(kept.get(0).getString("note")).isNull();
            assertThat(kept.get(0).getValue("followers")).isNull();
            assertThat(kept.get(0).getString("label")).isEqualTo("neutral");
            assertThat(rows("select 1 from review_items where mention_id = $1", pending.id())).isEmpty();

            // A mention of hers fetched before the erasure, still in flight, is not scored again; a marker of another
            // author after it on the same partition is.
            Mention late = mention("did:plc:r" + run, "@rita" + run + ".bsky.social", request.requestedAt()
                    .minusSeconds(30));
            Mention marker = mention("did:plc:m" + run, "@mark" + run + ".bsky.social");
            writer.send(Topics.MENTIONS_RAW, late.kafkaKey(), EventCodec.encode(late));
            writer.send(Topics.MENTIONS_RAW, late.kafkaKey(), EventCodec.encode(marker));
            await().atMost(WAIT).until(() -> status(marker.id()) == 200);
            assertThat(status(late.id())).isEqualTo(404);
            // One fetched after the erasure (she did not opt out) is new, and is scored.
            Mention fresh = mention("did:plc:r" + run, "@rita" + run + ".bsky.social", Instant.now().plusSeconds(1));
            writer.send(Topics.MENTIONS_RAW, fresh.kafkaKey(), EventCodec.encode(fresh));
            await().atMost(WAIT).until(() -> status(fresh.id()) == 200);
        }
    }

    /**
     * A post deleted at its source is erased alone: its score and review go, the author's other mention stays, the
     * acknowledgement counts one, and a copy of it still in flight is not scored again.
     */
    @Test
    void aMentionDeletedAtItsSourceIsErasedAloneAndNotScoredAgain() throws Throwable {
        Mention deleted = mention("did:plc:d" + run, "@dora" + run + ".bsky.social");
        Mention kept = mention("did:plc:d" + run, "@dora" + run + ".bsky.social");
        try (TopicWriter writer = new TopicWriter(bootstrap);
                TopicReader done = new TopicReader(bootstrap, Topics.PRIVACY_ERASURE_DONE)) {
            for (Mention m : List.of(deleted, kept)) {
                writer.send(Topics.MENTIONS_RAW, m.kafkaKey(), EventCodec.encode(m));
            }
            await().atMost(WAIT).until(() -> List.of(deleted, kept).stream().allMatch(m -> status(m.id()) == 200));
            review(deleted.id(), "PENDING", null);

            ErasureRequest request = new ErasureRequest(ErasureRequest.SCHEMA_VERSION, UUID.randomUUID(),
                    new ErasureRequest.Subject("bluesky", null, null), "source-deletion", Instant.now(),
                    List.of(new ErasureRequest.MentionRef(deleted.id(), deleted.externalId())));
            writer.send(Topics.PRIVACY_ERASURE, "k", EventCodec.encode(request));
            ErasureDone ack = EventCodec.decode(done.awaitRecord(r -> r.value().contains(request.id().toString()), WAIT)
                    .value(),
                    ErasureDone.class);
            assertThat(ack.service()).isEqualTo("sentiment");
            assertThat(ack.erased()).isEqualTo(1);
            assertThat(status(deleted.id())).isEqualTo(404);
            assertThat(status(kept.id())).isEqualTo(200);
            assertThat(rows("select 1 from review_items where mention_id = $1", deleted.id())).isEmpty();

            // the same post again, as fetched before the request (a lagging copy), then a marker on its partition
            Mention marker = mention("did:plc:m" + run, "@mark" + run + ".bsky.social");
            writer.send(Topics.MENTIONS_RAW, deleted.kafkaKey(), EventCodec.encode(deleted));
            writer.send(Topics.MENTIONS_RAW, deleted.kafkaKey(), EventCodec.encode(marker));
            await().atMost(WAIT).until(() -> status(marker.id()) == 200);
            assertThat(status(deleted.id())).isEqualTo(404);
        }
    }

    static int status(UUID mentionId) {
        return given().header("Authorization", TestTokens.bearer("analyst")).get("/api/v1/scores/" + mentionId).then()
                .extract().statusCode();
    }

    @Test
    void theSubjectsScoresAreDeletedAndTheErasureAcknowledgedAgainOnRedelivery() {
        Mention byId = mention("did:plc:a" + run, "@ann" + run + ".bsky.social");
        Mention byHandle = mention("did:plc:b" + run, "@Ann" + run + ".bsky.social");
        Mention other = mention("did:plc:c" + run, "@carl" + run + ".bsky.social");
        try (TopicWriter writer = new TopicWriter(bootstrap);
                TopicReader done = new TopicReader(bootstrap, Topics.PRIVACY_ERASURE_DONE)) {
            for (Mention m : List.of(byId, byHandle, other)) {
                writer.send(Topics.MENTIONS_RAW, m.kafkaKey(), EventCodec.encode(m));
            }
            await().atMost(WAIT).until(() -> List.of(byId, byHandle, other).stream().allMatch(m -> status(m
                    .id()) == 200));

            // Handle given with other case and without @: both of the author's mentions match it.
            ErasureRequest request = new ErasureRequest(ErasureRequest.SCHEMA_VERSION, UUID.randomUUID(),
                    new ErasureRequest.Subject("Bluesky", null, "ann" + run + ".BSKY.social"), "dpo", Instant.now());
            writer.send(Topics.PRIVACY_ERASURE, "k", EventCodec.encode(request));
            ConsumerRecord<String, String> ack = done.awaitRecord(r -> r.value().contains(request.id().toString()),
                    WAIT);
            ErasureDone first = EventCodec.decode(ack.value(), ErasureDone.class);
            assertThat(first.service()).isEqualTo("sentiment");
            assertThat(first.erased()).isEqualTo(2);
            assertThat(ack.key()).isEqualTo(request.id().toString());
            assertThat(status(byId.id())).isEqualTo(404);
            assertThat(status(byHandle.id())).isEqualTo(404);
            assertThat(status(other.id())).isEqualTo(200);

            // By author id: nothing left of byId; a redelivery of the first request erases nothing and is acknowledged.
            ErasureRequest byAuthor = new ErasureRequest(ErasureRequest.SCHEMA_VERSION, UUID.randomUUID(),
                    new ErasureRequest.Subject("bluesky", "did:plc:c" + run, null), "dpo", Instant.now());
            writer.send(Topics.PRIVACY_ERASURE, "k", EventCodec.encode(request));
            writer.send(Topics.PRIVACY_ERASURE, "k", EventCodec.encode(byAuthor));
            await().atMost(WAIT).until(() -> done.records().stream().filter(r -> r.value().contains(request.id()
                    .toString())).count() == 2);
            ErasureDone again = done.records().stream().filter(r -> r.value().contains(request.id().toString()))
                    .map(r -> EventCodec.decode(r.value(), ErasureDone.class)).toList().get(1);
            assertThat(again.erased()).isZero();
            ErasureDone third = EventCodec.decode(done.awaitRecord(r -> r.value().contains(byAuthor.id().toString()),
                    WAIT)
                    .value(), ErasureDone.class);
            assertThat(third.erased()).isEqualTo(1);
            assertThat(status(other.id())).isEqualTo(404);
        }
    }

    @Test
    void unreadableRequestsGoToTheDeadLetterTopic() {
        try (TopicWriter writer = new TopicWriter(bootstrap);
                TopicReader dlq = new TopicReader(bootstrap, Topics.dlq(Topics.PRIVACY_ERASURE))) {
            UUID id = UUID.randomUUID();
            writer.send(Topics.PRIVACY_ERASURE, "k", "{\"schemaVersion\":\"2.0\",\"id\":\"" + id + "\"}");
            writer.send(Topics.PRIVACY_ERASURE, "k", "{\"schemaVersion\":\"1.0\",\"id\":\"" + run + "\"}");
            ConsumerRecord<String, String> major = dlq.awaitRecord(r -> r.value().contains(id.toString()), WAIT);
            assertThat(TopicReader.header(major, "dead-letter-reason")).contains("unsupported schema major version 2");
            ConsumerRecord<String, String> bad = dlq.awaitRecord(r -> r.value().contains(run), WAIT);
            assertThat(TopicReader.header(bad, "dead-letter-reason")).contains("ErasureRequest");
        }
    }
}
