package io.earshot.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.assertj.core.api.SoftAssertions;

/**
 * A catalogue of poison records for a consumed topic, generated from one valid event of that topic, and a check that
 * every one lands in the consumer's dead-letter topic ({@code <topic>.dlq}) with a {@code dead-letter-reason} header
 * while the consumer goes on with the next good record.
 */
public final class PoisonRecords {
    public static final String REASON = "dead-letter-reason";
    /** Records above this size are refused by the consumers' codec (see EventCodec.MAX_PAYLOAD_CHARS). */
    static final int HUGE = 600 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private PoisonRecords() {}

    /** One poison record: a name and its raw value (null: a tombstone). */
    public record Poison(String name, byte[] value) {
        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * What a consumer's test provides: its topic and dead-letter topic, a valid record value (each call may return a
     * new one, with a fresh id) and a check that awaits the effect of a good record (a row, an outgoing record, the
     * consumer group's offset) and fails when it is missing.
     */
    public record Consumer(String topic, String dlqTopic, Supplier<String> goodValue,
            java.util.function.Consumer<String> awaitProcessed) {}

    /**
     * Awaits the consumer group {@code group} having committed every record of {@code topic} written so far. Records
     * deleted before the group read them ({@link FreshTopics}) are not owed: a group that committed nothing on a
     * partition whose records are all deleted has caught up.
     */
    public static void awaitCaughtUp(String bootstrap, String group, String topic, Duration timeout) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            org.awaitility.Awaitility.await().atMost(timeout).untilAsserted(() -> {
                List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
                        .partitions().stream().map(i -> new TopicPartition(topic, i.partition())).toList();
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(partitions
                        .stream()
                        .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()))).all().get();
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts = admin.listOffsets(partitions
                        .stream()
                        .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.earliest()))).all().get();
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get();
                for (TopicPartition tp : partitions) {
                    OffsetAndMetadata c = committed.get(tp);
                    long position = Math.max(c == null ? 0 : c.offset(), starts.get(tp).offset());
                    assertThat(position).as("%s committed on %s", group, tp).isEqualTo(ends.get(tp).offset());
                }
            });
        }
    }

    public static final List<String> KINDS = List.of("not JSON", "JSON array (wrong shape)",
            "JSON string (wrong shape)",
            "wrong field types", "missing required fields", "no schemaVersion", "unknown schema major version 2",
            "unreadable schemaVersion", "invalid UTF-8 bytes", "huge record (600 KB)", "null value (tombstone)",
            "empty value", "trailing garbage after JSON");

    /** Every poison kind, built from one valid event of the topic. */
    public static List<Poison> catalogue(String validEvent) {
        ObjectNode event = parse(validEvent);
        List<Poison> p = new ArrayList<>();
        p.add(text("not JSON", "this is not JSON {"));
        p.add(text("JSON array (wrong shape)", "[" + validEvent + "]"));
        p.add(text("JSON string (wrong shape)", "\"" + event.path("schemaVersion").asText() + "\""));
        ObjectNode wrongTypes = event.deepCopy();
        event.fieldNames().forEachRemaining(f -> {
            if (!f.equals("schemaVersion")) {
                wrongTypes.putArray(f).add(1).add(2);
            }
        });
        p.add(text("wrong field types", wrongTypes.toString()));
        p.add(text("missing required fields", "{\"schemaVersion\":\"" + event.path("schemaVersion").asText() + "\"}"));
        ObjectNode noVersion = event.deepCopy();
        noVersion.remove("schemaVersion");
        p.add(text("no schemaVersion", noVersion.toString()));
        ObjectNode major2 = event.deepCopy();
        major2.put("schemaVersion", "2.0");
        p.add(text("unknown schema major version 2", major2.toString()));
        ObjectNode unreadable = event.deepCopy();
        unreadable.put("schemaVersion", "one");
        p.add(text("unreadable schemaVersion", unreadable.toString()));
        byte[] json = validEvent.getBytes(StandardCharsets.UTF_8);
        byte[] invalid = new byte[json.length + 3];
        invalid[0] = (byte) 0xC3;
        invalid[1] = (byte) 0x28;
        invalid[2] = (byte) 0xFF;
        System.arraycopy(json, 0, invalid, 3, json.length);
        p.add(new Poison("invalid UTF-8 bytes", invalid));
        ObjectNode huge = event.deepCopy();
        huge.put("padding", "z".repeat(HUGE));
        p.add(text("huge record (600 KB)", huge.toString()));
        p.add(new Poison("null value (tombstone)", null));
        p.add(text("empty value", ""));
        p.add(text("trailing garbage after JSON", validEvent + " {\"again\":1}"));
        return p;
    }

    /**
     * Writes every poison kind to the consumer's topic under one key, then a good record under the same key (same
     * partition, so after the poison), and asserts: each poison is in the dead-letter topic with a non-blank reason,
     * and the good record was processed. Returns the number of kinds.
     */
    public static int verify(String bootstrap, Consumer consumer, Duration timeout) {
        String key = "poison-" + UUID.randomUUID();
        List<Poison> poisons = catalogue(consumer.goodValue().get());
        String dlqTopic = consumer.dlqTopic();
        try (TopicReader dlq = new TopicReader(bootstrap, dlqTopic); TopicWriter writer = new TopicWriter(bootstrap)) {
            for (Poison poison : poisons) {
                writer.sendBytes(consumer.topic(), key, poison.value());
            }
            String good = consumer.goodValue().get();
            writer.send(consumer.topic(), key, good);
            consumer.awaitProcessed().accept(good);
            try {
                org.awaitility.Awaitility.await().atMost(timeout).until(
                        () -> dlq.records().stream().filter(r -> key.equals(r.key())).count() >= poisons.size());
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                // Go on: the assertions below name the dead letters that are missing.
            }
            List<ConsumerRecord<String, String>> parked = dlq.records().stream().filter(r -> key.equals(r.key()))
                    .toList();
            SoftAssertions soft = new SoftAssertions();
            // Consumers may work in parallel, so the dead letters are compared as a set of values, not in order.
            soft.assertThat(parked.stream().map(r -> String.valueOf(r.value())).toList())
                    .as("dead letters of %s", consumer.topic())
                    .containsExactlyInAnyOrderElementsOf(poisons.stream().map(x -> x.value() == null
                            ? "null"
                            : new String(x.value(), StandardCharsets.UTF_8)).toList());
            soft.assertThat(parked).as("number of dead letters of %s (kinds %s)", consumer.topic(), poisons)
                    .hasSize(poisons.size());
            for (ConsumerRecord<String, String> r : parked) {
                soft.assertThat(TopicReader.header(r, REASON)).as("reason of a dead letter on %s (%s)", consumer
                        .topic(),
                        r.value() == null ? "tombstone" : r.value().substring(0, Math.min(60, r.value().length())))
                        .isNotBlank();
            }
            soft.assertThat(parked.stream().map(r -> r.value() == null ? "" : r.value()))
                    .as("the good record is not dead-lettered").doesNotContain(good);
            soft.assertAll();
            assertThat(poisons).hasSizeGreaterThanOrEqualTo(10);
            return poisons.size();
        }
    }

    /**
     * For a consumer that by design skips what it cannot read (another service's consumer of the same topic
     * dead-letters it): writes every poison kind, then a good record under the same key, and awaits the good record's
     * effect; the consumer must not be stuck behind the poison. Returns the number of kinds.
     */
    public static int verifySkipped(String bootstrap, Consumer consumer) {
        String key = "poison-" + UUID.randomUUID();
        List<Poison> poisons = catalogue(consumer.goodValue().get());
        try (TopicWriter writer = new TopicWriter(bootstrap)) {
            for (Poison poison : poisons) {
                writer.sendBytes(consumer.topic(), key, poison.value());
            }
            String good = consumer.goodValue().get();
            writer.send(consumer.topic(), key, good);
            consumer.awaitProcessed().accept(good);
        }
        return poisons.size();
    }

    private static Poison text(String name, String value) {
        return new Poison(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static ObjectNode parse(String event) {
        try {
            return (ObjectNode) JSON.readTree(event);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalArgumentException("not a JSON object event: " + event, e);
        }
    }
}
