package io.earshot.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.earshot.contracts.Ids;
import io.earshot.testing.TestTokens;
import io.earshot.testing.TopicReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Nothing lost when Kafka goes away: the listener keeps accepting mentions while its broker is stopped (they wait in
 * the outbox), a relay attempt fails, and once the broker is back every accepted mention is published, in the order
 * of acceptance per key.
 */
class KafkaOutageIT {
    private static final int PER_PHASE = 40;
    private static KafkaBroker broker;
    private static Suite suite;

    @BeforeAll
    static void start() {
        Path root = Path.of(System.getProperty("earshot.repo.root", "..")).toAbsolutePath().normalize();
        // The port can be moved when another checkout's broker holds the default one.
        broker = new KafkaBroker(root, "outage-" + ProcessHandle.current().pid(),
                Integer.getInteger("earshot.e2e.outage-kafka-port", 19292)).fresh();
        // A short delivery timeout, so that the outage outlasts the producer's own buffering and the relay really fails,
        // rolls back and retries from the outbox.
        suite = Suite.start("KafkaOutageIT", List.of(Suite.LISTENER), broker.bootstrap(), Map.of(
                "EARSHOT_KAFKA_DELIVERY_TIMEOUT_MS", "5000",
                "EARSHOT_KAFKA_REQUEST_TIMEOUT_MS", "2000",
                "EARSHOT_KAFKA_MAX_BLOCK_MS", "2000"));
    }

    @AfterAll
    static void stop() {
        if (suite != null) {
            suite.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void mentionsAcceptedWhileKafkaIsDownArePublishedWhenItReturns() {
        String brand = Suite.uniqueBrand();
        List<UUID> before = new ArrayList<>();
        List<UUID> during = new ArrayList<>();
        try (TopicReader raw = new TopicReader(broker.bootstrap(), "mentions.raw")) {
            before.addAll(ingest(brand, "before", PER_PHASE));
            await("published before the outage").atMost(Duration.ofSeconds(60))
                    .until(() -> ids(raw.records()).containsAll(before));

            broker.stop();
            during.addAll(ingest(brand, "during", PER_PHASE)); // accepted: stored with their outbox rows
            Path log = suite.service(Suite.LISTENER).log();
            await("a relay attempt failed while Kafka was down").atMost(Duration.ofSeconds(60))
                    .until(() -> java.nio.file.Files.readString(log).contains("outbox relay paused"));
            assertThat(ids(raw.records())).as("nothing of the outage published yet").doesNotContainAnyElementsOf(
                    during);
            broker.start();

            await("published after the broker returned").atMost(Duration.ofSeconds(120))
                    .until(() -> ids(raw.records()).containsAll(during));

            List<ConsumerRecord<String, String>> records = raw.records().stream()
                    .filter(r -> r.value().contains("\"brand\":\"" + brand + "\"")).toList();
            Map<UUID, Long> copies = records.stream().collect(Collectors.groupingBy(KafkaOutageIT::id, Collectors
                    .counting()));
            assertThat(copies.keySet()).as("every accepted mention was published").containsAll(before).containsAll(
                    during);
            System.out.printf(
                    "[e2e] KafkaOutageIT: %d accepted, %d published records, %d ids published more than once%n",
                    before.size() + during.size(), records.size(), copies.values().stream().filter(c -> c > 1).count());
            // Per-key order across the failed relay attempt: for every key (one author), the mentions appear, by first
            // occurrence, in the order they were accepted. Redeliveries may repeat a mention but never jump ahead.
            List<UUID> acceptance = new ArrayList<>(before);
            acceptance.addAll(during);
            Map<String, List<UUID>> firstSeenByKey = new java.util.LinkedHashMap<>();
            Set<UUID> seen = new java.util.HashSet<>();
            for (ConsumerRecord<String, String> r : records) {
                UUID id = id(r);
                if (seen.add(id)) {
                    firstSeenByKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(id);
                }
            }
            assertThat(firstSeenByKey).as("four authors, four keys").hasSize(4);
            firstSeenByKey.forEach((key, published) -> assertThat(published).as("order of key %s", key)
                    .containsExactlyElementsOf(acceptance.stream().filter(published::contains).toList()));
        }
    }

    private static List<UUID> ingest(String brand, String phase, int count) {
        List<JsonNode> mentions = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String externalId = "outage-" + phase + "-" + i + "-" + UUID.randomUUID();
            // Four authors, so several mentions share a key and their order can be checked.
            mentions.add(Mentions.mention(brand, externalId, "author-" + (i % 4), phase + " mention number " + i));
            ids.add(Ids.mentionId(Mentions.SOURCE, externalId));
        }
        for (JsonNode mention : mentions) { // one call each: the order of acceptance is the order of the list
            Api.Response posted = Api.post(suite.url(Suite.LISTENER, "/api/v1/mentions"), TestTokens.bearer("service"),
                    List.of(mention), Map.of());
            assertThat(posted.status()).as("%s", posted).isEqualTo(202);
            assertThat(posted.json().path("accepted").asInt()).as("%s", posted).isEqualTo(1);
        }
        return ids;
    }

    private static Set<UUID> ids(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(KafkaOutageIT::id).collect(Collectors.toSet());
    }

    private static UUID id(ConsumerRecord<String, String> record) {
        JsonNode node;
        try {
            node = Api.JSON.readTree(record.value());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return UUID.fromString(node.path("id").asText());
    }
}
