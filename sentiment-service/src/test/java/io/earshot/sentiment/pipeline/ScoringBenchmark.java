package io.earshot.sentiment.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.contracts.Ids;
import io.earshot.contracts.Topics;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.Author;
import io.earshot.contracts.events.Mention;
import io.earshot.testing.ArrivalClock;
import io.earshot.testing.OrganicText;
import io.quarkus.test.junit.QuarkusTest;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Throughput driver of sentiment's batch path (not a test: surefire runs only {@code *Test} classes; run it with
 * {@code -Dtest=ScoringBenchmark}). Produces N mentions to {@code mentions.raw} at a steady rate on the real broker,
 * lets the real {@link ScoringPipeline} consume, score, store (real PostgreSQL) and publish them, and follows them to
 * {@code mentions.scored}. Prints the process's CPU time per mention (the whole JVM: the service, this driver's
 * producer and consumer), mentions/s and the latency from produce to scored. Settings (system properties):
 * earshot.bench.count (20000), earshot.bench.rate (mentions/s, 0 = all at once; 2000), earshot.bench.warmup (2000).
 */
@QuarkusTest
class ScoringBenchmark {
    @Test
    void scoringThroughput() throws Exception {
        int count = Integer.getInteger("earshot.bench.count", 20_000);
        int rate = Integer.getInteger("earshot.bench.rate", 2_000);
        int warmup = Integer.getInteger("earshot.bench.warmup", 2_000);
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            run("warm-up", warmup, rate, bootstrap, producer);
            run("measured", count, rate, bootstrap, producer);
        }
    }

    private void run(String label, int count, int rate, String bootstrap, KafkaProducer<String, String> producer)
            throws Exception {
        String brand = "bench" + UUID.randomUUID().toString().substring(0, 8);
        Random random = new Random(7);
        List<Mention> mentions = new ArrayList<>(count);
        List<String> payloads = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Mention m = mention(brand, i, random);
            mentions.add(m);
            payloads.add(EventCodec.encode(m));
        }
        Map<UUID, Long> sentAt = new ConcurrentHashMap<>();
        Map<UUID, Long> scoredAt = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread reader = ArrivalClock.start(bootstrap, Topics.MENTIONS_SCORED, brand, scoredAt, stop);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            if (rate > 0) {
                long due = t0 + (long) (i * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 1_000_000) {
                    Thread.sleep(wait / 1_000_000); // pacing the load generator
                }
            }
            Mention m = mentions.get(i);
            sentAt.put(m.id(), System.nanoTime());
            producer.send(new ProducerRecord<>(Topics.MENTIONS_RAW, m.kafkaKey(), payloads.get(i)));
        }
        producer.flush();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (scoredAt.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20); // a driver polling its own counters, not a test synchronisation
        }
        long allNanos = System.nanoTime() - t0;
        long cpu = os.getProcessCpuTime() - cpu0;
        stop.set(true);
        reader.join();
        long[] latency = scoredAt.entrySet().stream().filter(e -> sentAt.containsKey(e.getKey()))
                .mapToLong(e -> e.getValue() - sentAt.get(e.getKey())).sorted().toArray();
        System.out.printf(Locale.ROOT, "ScoringBenchmark %s: %d mentions at %s, %s%n", label, count,
                rate > 0 ? rate + "/s" : "once", Instant.now());
        System.out.printf(Locale.ROOT, "  scored %d of %d, %.0f/s%n", scoredAt.size(), count, scoredAt.size()
                / (allNanos / 1e9));
        System.out.printf(Locale.ROOT, "  CPU %.3f ms per mention (process, %d cores)%n", cpu / 1e6 / count,
                os.getAvailableProcessors());
        System.out.printf(Locale.ROOT, "  produce->scored ms: p50 %d p99 %d max %d%n", pct(latency, 50), pct(latency,
                99),
                pct(latency, 100));
        assertThat(scoredAt).hasSize(count);
    }

    private static long pct(long[] sortedNanos, int p) {
        if (sortedNanos.length == 0) {
            return -1;
        }
        return sortedNanos[Math.min(sortedNanos.length - 1, sortedNanos.length * p / 100)] / 1_000_000;
    }

    private static Mention mention(String brand, int i, Random random) {
        int author = (int) Math.floor(Math.pow(random.nextDouble(), 2) * 5_000);
        String externalId = brand + "-" + i;
        return new Mention(Mention.SCHEMA_VERSION, Ids.mentionId("bluesky", externalId), "bluesky", externalId,
                "https://bsky.example/" + externalId, brand, List.of(brand),
                new Author("a" + author, "@user" + author, "User " + author, (long) random.nextInt(20_000), false,
                        null),
                "@" + brand + " " + OrganicText.of(random), "en", Instant.now(), Instant.now(), null, null);
    }
}
