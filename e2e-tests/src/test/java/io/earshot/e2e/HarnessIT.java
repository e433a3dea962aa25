package io.earshot.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.earshot.contracts.Ids;
import io.earshot.testing.TestTokens;
import io.earshot.testing.TopicReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the harness itself against the listener alone: the packaged service starts as a process with the suite's
 * environment, its spans reach the {@link OtlpReceiver} under the caller's trace, the published record carries that
 * trace, and a {@code kill -9} plus restart keeps its state.
 */
class HarnessIT {
    private static Suite suite;

    @BeforeAll
    static void start() {
        suite = Suite.start("HarnessIT", List.of(Suite.LISTENER));
    }

    @AfterAll
    static void stop() {
        if (suite != null) {
            suite.close();
        }
    }

    @Test
    void listenerIngestIsTracedPublishedAndSurvivesKill9() {
        String brand = Suite.uniqueBrand();
        String externalId = "harness-" + UUID.randomUUID();
        Api.Trace trace = Api.Trace.random();
        UUID expectedId = Ids.mentionId(Mentions.SOURCE, externalId);
        JsonNode mention = Mentions.mention(brand, externalId, "harness-author",
                "Just trying the new release, seems fine.");

        try (TopicReader raw = new TopicReader(suite.kafkaBootstrap(), "mentions.raw")) {
            Api.Response posted = Api.post(suite.url(Suite.LISTENER, "/api/v1/mentions"), TestTokens.bearer("service"),
                    List.of(mention), trace.header());
            assertThat(posted.status()).as("%s", posted).isEqualTo(202);
            assertThat(posted.json().path("ids").get(0).asText()).isEqualTo(expectedId.toString());
            assertThat(posted.json().path("accepted").asInt()).isEqualTo(1);
            assertThat(posted.json().path("duplicates").asInt()).isZero();

            ConsumerRecord<String, String> record = raw.awaitRecord(r -> r.value().contains(expectedId.toString()),
                    Duration.ofSeconds(30));
            assertThat(record.key()).isEqualTo(Ids.sha256(Mentions.SOURCE + ":harness-author"));
            assertThat(TopicReader.header(record, "traceparent")).as("traceparent header of the published record")
                    .contains(trace.traceId());
        }

        // The request's span reaches the collector; the record carries the trace on in its traceparent header
        // (checked above) instead of a producer span per record (docs/design.md, traces across hops).
        await("listener spans of trace " + trace.traceId()).atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<CapturedSpan> spans = suite.receiver().spans(trace.traceId());
            assertThat(spans).as("spans of the trace; receiver rejected %s", suite.receiver().rejected())
                    .allMatch(s -> s.service().equals("listener-service"))
                    .extracting(CapturedSpan::kind).contains("SERVER").doesNotContain("PRODUCER");
        });

        Api.Response read = Api.get(suite.url(Suite.LISTENER, "/api/v1/mentions/" + expectedId), TestTokens.bearer(
                "analyst"));
        assertThat(read.status()).as("%s", read).isEqualTo(200);
        assertThat(read.json().path("brand").asText()).isEqualTo(brand);

        ServiceProcess listener = suite.service(Suite.LISTENER);
        long before = listener.pid();
        listener.kill();
        assertThat(listener.isAlive()).isFalse();
        listener.restart(Duration.ofSeconds(90));
        assertThat(listener.pid()).isNotEqualTo(before);

        Api.Response again = Api.post(suite.url(Suite.LISTENER, "/api/v1/mentions"), TestTokens.bearer("service"),
                List.of(mention), Map.of());
        assertThat(again.status()).as("%s", again).isEqualTo(202);
        assertThat(again.json().path("duplicates").asInt()).isEqualTo(1);
        assertThat(again.json().path("accepted").asInt()).isZero();
    }
}
