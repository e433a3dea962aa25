package io.earshot.listener.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.contracts.Ids;
import io.earshot.contracts.Topics;
import io.earshot.platform.vertx.SafeContext;
import io.earshot.testing.ArrivalClock;
import io.earshot.testing.OrganicText;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Throughput driver of the listener's ingest path (not a test: surefire runs only {@code *Test} classes; run it with
 * {@code -Dtest=IngestBenchmark}). Pushes N mentions through the real {@link IngestService} (what
 * {@code POST /api/v1/mentions} calls after validation) in batches, with a few batches in flight, against the real
 * PostgreSQL and Kafka, and follows them to {@code mentions.raw}. Prints the process's CPU time per mention (the whole
 * JVM: the service, this driver and its consumer), the mentions/s, and the latency from the ingest call to its answer
 * and to the record on {@code mentions.raw}. Settings (system properties): earshot.bench.count (20000),
 * earshot.bench.batch (200), earshot.bench.concurrency (4), earshot.bench.warmup (2000).
 */
@QuarkusTest
class IngestBenchmark {
    @Inject
    IngestService ingest;
    @Inject
    Vertx vertx;

    @Test
    void ingestThroughput() throws Exception {
        int count = Integer.getInteger("earshot.bench.count", 20_000);
        int batch = Integer.getInteger("earshot.bench.batch", 200);
        int concurrency = Integer.getInteger("earshot.bench.concurrency", 4);
        int warmup = Integer.getInteger("earshot.bench.warmup", 2_000);
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        run("warm-up", warmup, batch, concurrency, bootstrap);
        run("measured", count, batch, concurrency, bootstrap);
    }

    private void run(String label, int count, int batch, int concurrency, String bootstrap) throws Exception {
        String brand = "bench" + UUID.randomUUID().toString().substring(0, 8);
        List<MentionInput> inputs = inputs(brand, count, new Random(42));
        Map<UUID, Long> sentAt = new ConcurrentHashMap<>();
        Map<UUID, Long> relayedAt = new ConcurrentHashMap<>();
        List<Long> answered = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        Thread reader = ArrivalClock.start(bootstrap, Topics.MENTIONS_RAW, brand, relayedAt, stop);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        Semaphore inFlight = new Semaphore(concurrency);
        for (int from = 0; from < count; from += batch) {
            List<MentionInput> slice = inputs.subList(from, Math.min(count, from + batch));
            inFlight.acquire();
            long sent = System.nanoTime();
            slice.forEach(in -> sentAt.put(Ids.mentionId(in.source(), in.externalId()), sent));
            // On a Vert.x context, as the HTTP resource calls it.
            Uni.createFrom().deferred(() -> ingest.ingest(slice, null, null)).runSubscriptionOn(SafeContext.current(
                    vertx))
                    .subscribe().with(r -> {
                        answered.add(System.nanoTime() - sent);
                        inFlight.release();
                    }, f -> {
                        System.out.println("ingest failed: " + f);
                        inFlight.release();
                    });
        }
        inFlight.acquire(concurrency);
        long ingestedNanos = System.nanoTime() - t0;
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (relayedAt.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20); // a driver polling its own counters, not a test synchronisation
        }
        long allNanos = System.nanoTime() - t0;
        long cpu = os.getProcessCpuTime() - cpu0;
        stop.set(true);
        reader.join();
        long[] toAnswer = answered.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] toRelay = relayedAt.entrySet().stream().filter(e -> sentAt.containsKey(e.getKey()))
                .mapToLong(e -> e.getValue() - sentAt.get(e.getKey())).sorted().toArray();
        System.out.printf(Locale.ROOT, "IngestBenchmark %s: %d mentions, batch %d, %d in flight, %s%n", label, count,
                batch,
                concurrency, Instant.now());
        System.out.printf(Locale.ROOT, "  ingested %.0f/s; on mentions.raw %d of %d, %.0f/s%n", count / (ingestedNanos
                / 1e9),
                relayedAt.size(), count, relayedAt.size() / (allNanos / 1e9));
        System.out.printf(Locale.ROOT, "  CPU %.3f ms per mention (process, %d cores)%n", cpu / 1e6 / count,
                os.getAvailableProcessors());
        System.out.printf(Locale.ROOT,
                "  batch call->answer ms: p50 %d p99 %d; call->on mentions.raw ms: p50 %d p99 %d%n",
                pct(toAnswer, 50), pct(toAnswer, 99), pct(toRelay, 50), pct(toRelay, 99));
        assertThat(relayedAt).hasSize(count);
    }

    private static long pct(long[] sortedNanos, int p) {
        if (sortedNanos.length == 0) {
            return -1;
        }
        return sortedNanos[Math.min(sortedNanos.length - 1, sortedNanos.length * p / 100)] / 1_000_000;
    }

    /** Realistic enough: organic texts, a few loud authors and many quiet ones, four sources. */
    static List<MentionInput> inputs(String brand, int count, Random random) {
        String[] sources = {"bluesky", "mastodon", "reddit", "hackernews"};
        Instant base = Instant.now();
        List<MentionInput> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int author = (int) Math.floor(Math.pow(random.nextDouble(), 2) * 5_000);
            String source = sources[random.nextInt(sources.length)];
            String externalId = brand + "-" + i;
            out.add(new MentionInput(source, externalId, "https://" + source + ".example/p/" + externalId, brand,
                    new MentionInput.AuthorInput("a" + author, "@user" + author, "User " + author,
                            (long) random.nextInt(20_000), false, null),
                    "@" + brand + " " + OrganicText.of(random), "en", base.plusMillis(i), null));
        }
        return out;
    }
}
