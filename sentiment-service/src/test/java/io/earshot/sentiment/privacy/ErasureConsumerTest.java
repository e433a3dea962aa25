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
        String externalId = UUID.randomUUID().toString();
        return new Mention(Mention.SCHEMA_VERSION, Ids.mentionId("bluesky", externalId), "bluesky", externalId,
                "https://bsky.example/" + externalId, "acme", List.of("acme"),
                new Author(authorId, handle, "Someone " + run, 10L, false, null), "the acme app crashed again " + run, "en",
                Instant.now(), Instant.now(), null, null);
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
            await().atMost(WAIT).until(() -> List.of(byId, byHandle, other).stream().allMatch(m -> status(m.id()) == 200));

            // Handle given with other case and without @: both of the author's mentions match it.
            ErasureRequest request = new ErasureRequest(ErasureRequest.SCHEMA_VERSION, UUID.randomUUID(),
                    new ErasureRequest.Subject("Bluesky", null, "ann" + run + ".BSKY.social"), "dpo", Instant.now());
            writer.send(Topics.PRIVACY_ERASURE, "k", EventCodec.encode(request));
            ConsumerRecord<String, String> ack = done.awaitRecord(r -> r.value().contains(request.id().toString()), WAIT);
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
            await().atMost(WAIT).until(() -> done.records().stream().filter(r -> r.value().contains(request.id().toString())).count() == 2);
            ErasureDone again = done.records().stream().filter(r -> r.value().contains(request.id().toString()))
                    .map(r -> EventCodec.decode(r.value(), ErasureDone.class)).toList().get(1);
            assertThat(again.erased()).isZero();
            ErasureDone third = EventCodec.decode(done.awaitRecord(r -> r.value().contains(byAuthor.id().toString()), WAIT)
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
