package io.earshot.map.review;

import io.earshot.contracts.Ids;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.InsightCandidate;
import io.earshot.contracts.events.Zone;
import io.earshot.testing.TopicWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.ConfigProvider;

/** Builds insight candidates and produces them to the real test broker with a plain Kafka producer. */
final class CandidateEvents {
    static final String TOPIC = "insights.candidates";

    private CandidateEvents() {}

    static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    /** A unique brand per test, so that tests never see each other's candidates. */
    static String brand(String purpose) {
        return purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static InsightCandidate candidate(String brand, String theme) {
        UUID mention = Ids.mentionId("mastodon", "m-" + UUID.randomUUID());
        return new InsightCandidate(InsightCandidate.SCHEMA_VERSION, Ids.candidateId(mention, "PAINS", theme), brand,
                "frustrated-commuter", Zone.PAINS, "the app logs me out every morning", theme, List.of(mention), 3,
                Instant.parse("2026-11-20T08:00:00Z"), Instant.parse("2026-11-20T09:30:00.123456Z"));
    }

    static ProducerRecord<String, String> record(String key, String value) {
        return new ProducerRecord<>(TOPIC, key, value);
    }

    static ProducerRecord<String, String> record(String key, String value, String traceparent) {
        ProducerRecord<String, String> r = record(key, value);
        r.headers().add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
        return r;
    }

    /** Sends the records in order and waits until the broker acknowledged each. */
    /** Writes the records in order, each acknowledged before the next (TopicWriter from the platform test-jar). */
    static void send(List<ProducerRecord<String, String>> records) {
        try (TopicWriter writer = new TopicWriter(bootstrap())) {
            for (ProducerRecord<String, String> r : records) {
                Map<String, String> headers = new LinkedHashMap<>();
                r.headers().forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
                writer.send(r.topic(), r.key(), r.value(), headers);
            }
        }
    }

    static void send(InsightCandidate... candidates) {
        send(Arrays.stream(candidates).map(c -> record(c.brand(), EventCodec.encode(c))).toList());
    }
}
