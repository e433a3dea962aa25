package io.earshot.benchmarks.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.earshot.contracts.Ids;
import io.earshot.platform.security.Roles;
import io.earshot.platform.security.TokenMinter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The end-to-end replay benchmark (issue #9). Against a running suite (as {@code bin/earshot demo} starts it) it posts
 * a seeded, realistic workload ({@link Workload}) to the listener at a target rate (or as fast as it takes them),
 * follows every mention through {@code mentions.scored}, and afterwards reads the cases the escalation service opened
 * for them from its database. It prints, and writes to {@code --out}: sustained mentions/s per stage (ingested,
 * scored, decided), p50/p95/p99 latency from ingest (the moment the batch was sent) to scored and to case created,
 * consumer lag over time, CPU and memory of each process, and errors; plus an SVG plot and a CSV time line.
 *
 * <p>"Decided" means the escalation service has consumed (committed) the scored mention, whether or not it opened a
 * case; it is measured from the escalation consumer group's committed offsets on {@code mentions.scored}.
 */
public final class PipelineBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The most clusters {@code GET /api/v1/clusters} returns at once (map-service's limit). */
    private static final int CLUSTER_QUEUE_LIMIT = 200;
    private static final List<String> DLQS = List.of("mentions.raw.dlq", "mentions.scored.dlq",
            "insights.candidates.dlq");
    /** Consumer group and the topic it reads, whose lag is sampled. */
    private static final Map<String, String> GROUPS = new LinkedHashMap<>();

    static {
        GROUPS.put("sentiment-service", "mentions.raw");
        GROUPS.put("escalation-service", "mentions.scored");
        GROUPS.put("escalation-crisis", "mentions.scored");
        GROUPS.put("map-service", "insights.candidates");
        GROUPS.put("map-service-authors", "mentions.scored");
    }

    private final Options o;
    private final String runId = UUID.randomUUID().toString().substring(0, 8);
    private final List<String> brands;
    /** What every record of the run carries: the start of its brands' names. */
    private final String marker;
    private final Map<UUID, Long> sentAt = new ConcurrentHashMap<>();
    private final Map<UUID, Long> scoredAt = new ConcurrentHashMap<>();
    private final AtomicLong scoredRecords = new AtomicLong();
    /** Bytes and records of the run seen on mentions.raw and mentions.scored (the floor pads its records to these). */
    private final Map<String, long[]> topicBytes = new ConcurrentHashMap<>();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong httpErrors = new AtomicLong();
    private final List<String> errorSamples = new CopyOnWriteArrayList<>();
    private final List<Sample> timeline = new CopyOnWriteArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private volatile long startMillis;

    record Sample(double t, long ingested, long scored, long decided, Map<String, Long> lag, long outbox,
            Processes.Reading processes, Map<String, Long> heap) {}

    private PipelineBenchmark(Options o) {
        this.o = o;
        this.brands = Workload.brands(runId);
        this.marker = "\"brand\":\"bench-" + runId + "-";
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        new PipelineBenchmark(o).run();
    }

    private void run() throws Exception {
        Workload.Texts texts = Workload.Texts.load(o.data);
        List<Workload.Item> items = Workload.generate(o.mix, brands, runId, o.count, o.seed, texts);
        long uniqueExpected = items.stream().filter(i -> !i.resend()).count();
        System.out.printf(Locale.ROOT,
                "pipeline benchmark: run %s, mix %s, brands %s, %d mentions, rate %s, batch %d, %d in flight%n",
                runId, o.mix.label(), String.join(" ", brands), o.count, o.rate <= 0
                        ? "as fast as possible"
                        : o.rate + "/s",
                o.batch, o.concurrency);
        Processes processes = new Processes(o.state);
        if (o.floorOnly) {
            StringBuilder out = new StringBuilder();
            line(out, "command:   benchmarks/pipeline/run.sh %s", String.join(" ", o.args));
            line(out, "machine:   %d CPUs, %s, load average %s", Runtime.getRuntime().availableProcessors(), cpuModel(),
                    loadAverage());
            line(out, "workload:  %s", composition(items, texts));
            out.append(floor(items, 0, 0, processes, 0));
            write(out, null);
            return;
        }
        String token = TokenMinter.fromPem(Files.readString(o.keys.resolve("private.pem"))).mint("service");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, o.kafka));
                Connection escalationDb = DriverManager.getConnection(o.pg + "/" + o.escalationDb, o.pgUser, "");
                Connection listenerDb = DriverManager.getConnection(o.pg + "/" + o.listenerDb, o.pgUser, "")) {
            int leftOver = resolveBenchmarkCases(escalationDb, "bench-%");
            if (leftOver > 0) {
                System.out.printf(Locale.ROOT, "resolved %d cases earlier benchmark runs left open%n", leftOver);
            }
            Map<String, Long> dlqBefore = endOffsets(admin, DLQS);
            Map<String, Long> decidedBefore = committed(admin, "escalation-service", "mentions.scored");
            Thread consumer = startTopicConsumer();
            startMillis = System.currentTimeMillis();
            Thread sampler = startSampler(admin, listenerDb, processes, decidedBefore);

            send(items, token);
            long sendDone = System.currentTimeMillis();
            System.out.printf(Locale.ROOT, "sent %d mentions in %.1f s: %d accepted, %d duplicates, %d HTTP errors%n",
                    items.size(), (sendDone - startMillis) / 1000.0, accepted.get(), duplicates.get(), httpErrors
                            .get());

            long deadline = System.currentTimeMillis() + o.drainTimeout.toMillis();
            while (scoredAt.size() < sentAt.size() && System.currentTimeMillis() < deadline) {
                TimeUnit.MILLISECONDS.sleep(200); // waiting for the system under test, not synchronising a test
            }
            long scoredDone = System.currentTimeMillis();
            long decidedDone = -1;
            while (System.currentTimeMillis() < deadline) {
                Map<String, Long> lag = lag(admin);
                lag.remove("sentiment-service");
                if (!lag.isEmpty() && lag.values().stream().allMatch(l -> l == 0)) {
                    decidedDone = System.currentTimeMillis();
                    break;
                }
                TimeUnit.MILLISECONDS.sleep(200);
            }
            TimeUnit.SECONDS.sleep(1); // one more sample after the end
            stop.set(true);
            sampler.join();
            consumer.join();

            Map<UUID, Long> caseAt = cases(escalationDb);
            String caseShare = caseShare(escalationDb);
            String review = reviewItems();
            Map<String, Long> dlqAfter = endOffsets(admin, DLQS);
            resolveBenchmarkCases(escalationDb, "bench-" + runId + "-%");
            StringBuilder out = report(items, texts, uniqueExpected, sendDone, scoredDone, decidedDone, caseAt,
                    caseShare,
                    review, dlqBefore, dlqAfter, processes);
            if (o.floor) {
                double earshotRate = decidedDone > 0 ? scoredAt.size() / ((decidedDone - startMillis) / 1000.0) : 0;
                out.append(floor(items, meanBytes("mentions.raw"), meanBytes("mentions.scored"), processes,
                        earshotRate));
            }
            write(out, toScoredBySecond());
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // load
    // ---------------------------------------------------------------------------------------------------------

    private void send(List<Workload.Item> items, String token) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        Semaphore inFlight = new Semaphore(o.concurrency);
        long t0 = System.nanoTime();
        int batches = (items.size() + o.batch - 1) / o.batch;
        for (int b = 0; b < batches; b++) {
            if (o.rate > 0) {
                long due = t0 + (long) (b * (double) o.batch / o.rate * 1e9);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait); // pacing the load generator to the target rate
                }
            }
            List<Workload.Item> batch = items.subList(b * o.batch, Math.min(items.size(), (b + 1) * o.batch));
            String body = batch.stream().map(Workload.Item::json).collect(Collectors.joining(",", "[", "]"));
            inFlight.acquire();
            long sent = System.currentTimeMillis();
            HttpRequest request = HttpRequest.newBuilder(URI.create(o.listener + "/api/v1/mentions"))
                    .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
            http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((resp, err) -> {
                try {
                    if (err != null) {
                        error("request failed: " + err);
                    } else if (resp.statusCode() != 202) {
                        error("HTTP " + resp.statusCode() + ": " + resp.body().substring(0, Math.min(300, resp.body()
                                .length())));
                    } else {
                        accepted(resp.body(), batch, sent);
                    }
                } finally {
                    inFlight.release();
                }
            });
        }
        inFlight.acquire(o.concurrency);
    }

    private void accepted(String body, List<Workload.Item> batch, long sent) {
        try {
            JsonNode node = JSON.readTree(body);
            accepted.addAndGet(node.path("accepted").asLong());
            duplicates.addAndGet(node.path("duplicates").asLong());
        } catch (IOException e) {
            error("unreadable 202 body: " + e.getMessage());
        }
        // The first accepted send of a post is its ingest time (a re-send whose original's batch failed counts).
        for (Workload.Item item : batch) {
            sentAt.putIfAbsent(Ids.mentionId(item.source(), item.externalId()), sent);
        }
    }

    private void error(String message) {
        httpErrors.incrementAndGet();
        if (errorSamples.size() < 5) {
            errorSamples.add(message);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // observation
    // ---------------------------------------------------------------------------------------------------------

    /**
     * Follows mentions.scored (when each mention of the run was scored) and mentions.raw (only the size of the run's
     * records, for the floor) from their current ends.
     */
    private Thread startTopicConsumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, o.kafka);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of("mentions.scored", "mentions.raw")) {
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(info.topic(), info.partition()));
            }
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end now, before any mention is sent
        Thread t = new Thread(() -> {
            try (consumer) {
                while (!stop.get()) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                        long now = System.currentTimeMillis();
                        if (r.value() == null || !r.value().contains(marker)) {
                            continue;
                        }
                        long[] bytes = topicBytes.computeIfAbsent(r.topic(), k -> new long[2]);
                        synchronized (bytes) {
                            bytes[0] += r.serializedValueSize();
                            bytes[1]++;
                        }
                        if (!r.topic().equals("mentions.scored")) {
                            continue;
                        }
                        scoredRecords.incrementAndGet();
                        try {
                            UUID id = UUID.fromString(JSON.readTree(r.value()).path("mention").path("id").asText());
                            scoredAt.putIfAbsent(id, now);
                        } catch (IOException | IllegalArgumentException e) {
                            error("unreadable scored record: " + e.getMessage());
                        }
                    }
                }
            }
        }, "topic-consumer");
        t.start();
        return t;
    }

    private Thread startSampler(Admin admin, Connection listenerDb, Processes processes,
            Map<String, Long> decidedBefore) {
        HttpClient http = HttpClient.newHttpClient();
        Thread t = new Thread(() -> {
            int tick = 0;
            while (!stop.get()) {
                try {
                    long decided = sum(committed(admin, "escalation-service", "mentions.scored")) - sum(decidedBefore);
                    Map<String, Long> heap = tick % 5 == 0 ? heap(http) : Map.of();
                    timeline.add(new Sample((System.currentTimeMillis() - startMillis) / 1000.0, sentAt.size(),
                            scoredAt.size(), decided, lag(admin), outbox(listenerDb), processes.read(), heap));
                    tick++;
                    TimeUnit.SECONDS.sleep(1); // the sampling period
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException | SQLException e) {
                    error("sampling failed: " + e);
                }
            }
        }, "sampler");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private Map<String, Long> heap(HttpClient http) {
        Map<String, Long> heap = new LinkedHashMap<>();
        o.metrics.forEach((svc, url) -> {
            try {
                String body = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                double used = 0;
                for (String line : body.split("\n")) {
                    if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                        used += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    }
                }
                heap.put(svc, (long) used);
            } catch (IOException | RuntimeException e) {
                heap.put(svc, -1L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return heap;
    }

    private static long outbox(Connection db) throws SQLException {
        try (PreparedStatement st = db.prepareStatement("select count(*) from outbox");
                ResultSet rs = st.executeQuery()) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    private Map<UUID, Long> cases(Connection db) throws SQLException {
        Map<UUID, Long> at = new HashMap<>();
        try (PreparedStatement st = db.prepareStatement(
                "select trigger_mention_id, created_at from cases where brand = any(?)")) {
            st.setArray(1, db.createArrayOf("varchar", brands.toArray()));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    at.put(rs.getObject(1, UUID.class), rs.getTimestamp(2).getTime());
                }
            }
        }
        return at;
    }

    /**
     * Resolves the open cases of the benchmark brands matching {@code brandPattern} (SQL {@code like}), so that the
     * next run does not pay for this one's: left open, every run's cases stayed in the SLA monitor's and the distress
     * pager's work (30 to 54% of escalation's CPU after a few runs, docs/pipeline.md). Benchmark brands
     * ({@code bench-RUN-x}) are made up for the run and nobody works their cases, so they are resolved straight in the
     * database, without audit entries or case events.
     */
    private static int resolveBenchmarkCases(Connection db, String brandPattern) throws SQLException {
        try (PreparedStatement st = db.prepareStatement(
                """
                        update cases set status = 'RESOLVED', outcome = 'NO_ACTION_NEEDED', resolved_at = now(), updated_at = now(),
                               version = version + 1
                         where brand like ? and status <> 'RESOLVED'""")) {
            st.setString(1, brandPattern);
            return st.executeUpdate();
        }
    }

    /** Lag of each consumer group of {@link #GROUPS} that has committed on its topic (a group this version lacks is left out). */
    private static Map<String, Long> lag(Admin admin) {
        Map<String, Long> lag = new LinkedHashMap<>();
        GROUPS.forEach((group, topic) -> {
            Map<String, Long> committed = committed(admin, group, topic);
            if (committed.isEmpty()) {
                return;
            }
            Map<String, Long> end = partitionEndOffsets(admin, List.of(topic));
            long l = 0;
            for (Map.Entry<String, Long> e : end.entrySet()) {
                l += Math.max(0, e.getValue() - committed.getOrDefault(e.getKey(), 0L));
            }
            lag.put(group, l);
        });
        return lag;
    }

    /** Committed offsets of {@code group} on {@code topic}, keyed by partition ("topic-n"). */
    private static Map<String, Long> committed(Admin admin, String group, String topic) {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(60, TimeUnit.SECONDS);
            Map<String, Long> out = new HashMap<>();
            offsets.forEach((tp, om) -> {
                if (tp.topic().equals(topic) && om != null) {
                    out.put(tp.toString(), om.offset());
                }
            });
            return out;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the offsets of group " + group, e);
        }
    }

    private static Map<String, Long> endOffsets(Admin admin, Collection<String> topics) {
        Map<String, Long> perPartition = partitionEndOffsets(admin, topics);
        Map<String, Long> perTopic = new LinkedHashMap<>();
        topics.forEach(t -> perTopic.put(t, 0L));
        perPartition.forEach((tp, off) -> perTopic.merge(tp.substring(0, tp.lastIndexOf('-')), off, Long::sum));
        return perTopic;
    }

    /** End offsets of every partition of {@code topics} that exist, keyed by partition ("topic-n"). */
    private static Map<String, Long> partitionEndOffsets(Admin admin, Collection<String> topics) {
        try {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (var entry : admin.describeTopics(topics.stream().filter(existing::contains).toList()).allTopicNames()
                    .get(60, TimeUnit.SECONDS).entrySet()) {
                entry.getValue().partitions().forEach(p -> request.put(new TopicPartition(entry.getKey(), p
                        .partition()),
                        OffsetSpec.latest()));
            }
            Map<String, Long> out = new HashMap<>();
            admin.listOffsets(request).all().get(60, TimeUnit.SECONDS).forEach((tp, info) -> out.put(tp.toString(), info
                    .offset()));
            return out;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read end offsets of " + topics, e);
        }
    }

    private static long sum(Map<String, Long> m) {
        return m.values().stream().mapToLong(Long::longValue).sum();
    }

    // ---------------------------------------------------------------------------------------------------------
    // report
    // ---------------------------------------------------------------------------------------------------------

    private StringBuilder report(List<Workload.Item> items, Workload.Texts texts, long uniqueExpected, long sendDone,
            long scoredDone, long decidedDone, Map<UUID, Long> caseAt, String caseShare, String review,
            Map<String, Long> dlqBefore, Map<String, Long> dlqAfter, Processes processes) {
        int sent = items.size();
        StringBuilder out = new StringBuilder();
        double sendSecs = (sendDone - startMillis) / 1000.0;
        double scoredSecs = (scoredDone - startMillis) / 1000.0;
        long[] toScored = latencies(scoredAt);
        long[] toCase = latencies(caseAt);
        long notScored = sentAt.keySet().stream().filter(id -> !scoredAt.containsKey(id)).count();
        line(out, "command:   benchmarks/pipeline/run.sh %s", String.join(" ", o.args));
        line(out, "machine:   %d CPUs, %s, load average %s", Runtime.getRuntime().availableProcessors(), cpuModel(),
                loadAverage());
        line(out,
                "workload:  %d mentions sent (%d unique, %d re-sends), brands bench-%s-a..e, rate %s, batch %d, %d in flight",
                sent, uniqueExpected, sent - uniqueExpected, runId, o.rate <= 0 ? "max" : o.rate + "/s", o.batch,
                o.concurrency);
        line(out, "workload:  %s", composition(items, texts));
        line(out, "ingested:  %d accepted + %d duplicates in %.1f s = %.0f mentions/s (HTTP 202)", accepted.get(),
                duplicates.get(), sendSecs, (accepted.get() + duplicates.get()) / sendSecs);
        line(out,
                "scored:    %d of %d in %.1f s = %.0f mentions/s; %d scored records (%d redeliveries); not scored: %d",
                scoredAt.size(), sentAt.size(), scoredSecs, scoredAt.size() / scoredSecs, scoredRecords.get(),
                scoredRecords.get() - scoredAt.size(), notScored);
        if (decidedDone > 0) {
            double decidedSecs = (decidedDone - startMillis) / 1000.0;
            line(out,
                    "decided:   escalation and map (all their groups) caught up after %.1f s = %.0f mentions/s end to end",
                    decidedSecs,
                    scoredAt.size() / decidedSecs);
        } else {
            line(out, "decided:   escalation/map did NOT catch up within the drain timeout (%s)", o.drainTimeout);
        }
        line(out, "peak 5 s:  ingested %.0f/s, scored %.0f/s, decided %.0f/s", peak(s -> s.ingested),
                peak(s -> s.scored), peak(s -> s.decided));
        line(out, "latency ingest->scored (ms):  p50 %d  p95 %d  p99 %d  max %d  (n=%d)", pct(toScored, 50),
                pct(toScored, 95), pct(toScored, 99), pct(toScored, 100), toScored.length);
        line(out, "latency ingest->case (ms):    p50 %d  p95 %d  p99 %d  max %d  (n=%d cases)", pct(toCase, 50),
                pct(toCase, 95), pct(toCase, 99), pct(toCase, 100), toCase.length);
        line(out, "cases:     %s", caseShare);
        line(out, "cases by kind of mention (the workload's intent, by human label): %s", casesByKind(items, caseAt));
        line(out, "%s", review);
        for (String group : GROUPS.keySet()) {
            line(out, "lag %-20s max %d, at end %d", group, timeline.stream().mapToLong(s -> s.lag.getOrDefault(group,
                    0L)).max().orElse(0),
                    timeline.isEmpty() ? 0 : timeline.get(timeline.size() - 1).lag.getOrDefault(group, 0L));
        }
        line(out, "outbox backlog: max %d rows", timeline.stream().mapToLong(Sample::outbox).max().orElse(0));
        if (timeline.size() >= 2) {
            Sample first = timeline.get(0);
            Sample last = timeline.get(timeline.size() - 1);
            double secs = (last.processes.nanos() - first.processes.nanos()) / 1e9;
            double total = 0;
            int mentions = Math.max(1, scoredAt.size());
            for (String name : processes.names()) {
                double cpu = last.processes.cpuSeconds().getOrDefault(name, 0.0) - first.processes.cpuSeconds()
                        .getOrDefault(name, 0.0);
                total += cpu;
                long rss = timeline.stream().mapToLong(s -> s.processes.rssBytes().getOrDefault(name, 0L)).max().orElse(
                        0);
                long heap = timeline.stream().mapToLong(s -> s.heap.getOrDefault(name, -1L)).max().orElse(-1);
                line(out, "process %-11s CPU %5.0f%% of one core (avg), %6.2f ms CPU per mention, RSS max %4d MiB%s",
                        name,
                        100 * cpu / secs, 1000 * cpu / mentions, rss >> 20,
                        heap >= 0 ? String.format(Locale.ROOT, ", heap used max %d MiB", heap >> 20) : "");
            }
            line(out,
                    "process all         CPU %5.0f%% of one core (avg), %6.2f ms CPU per mention (per scored mention, "
                            + "over the %.0f s from the first send to the end of the drain)", 100 * total / secs, 1000
                                    * total / mentions, secs);
        }
        StringBuilder dlq = new StringBuilder();
        dlqAfter.forEach((t, n) -> dlq.append(' ').append(t).append(" +").append(n - dlqBefore.getOrDefault(t, 0L)));
        line(out, "errors:    %d (HTTP/observation); dead-lettered:%s", httpErrors.get(), dlq);
        errorSamples.forEach(e -> line(out, "  e.g. %s", e));
        return out;
    }

    /** Writes the printout (and, after a suite run, the plot and the time line) to {@code --out} and prints it. */
    private void write(StringBuilder out, Map<Long, long[]> latencyBySecond) throws IOException {
        Files.createDirectories(o.out);
        String stamp = Instant.now().toString().replace(":", "").substring(0, 17);
        Path txt = o.out.resolve("pipeline-" + stamp + ".txt");
        Files.writeString(txt, out);
        System.out.print(out);
        if (latencyBySecond == null) {
            System.out.printf("written: %s%n", txt);
            return;
        }
        Path svg = o.out.resolve("pipeline-" + stamp + ".svg");
        Path csv = o.out.resolve("pipeline-" + stamp + ".csv");
        Files.writeString(svg, plot(latencyBySecond));
        Files.writeString(csv, csv());
        System.out.printf("written: %s, %s, %s%n", txt, svg, csv);
    }

    /** The mix, where its texts come from, and what share of the unique mentions each kind is. */
    private String composition(List<Workload.Item> items, Workload.Texts texts) {
        Map<Workload.Kind, Long> kinds = Workload.kinds(items);
        long unique = Math.max(1, kinds.values().stream().mapToLong(Long::longValue).sum());
        StringBuilder sb = new StringBuilder("mix ").append(o.mix.label()).append(" (");
        kinds.forEach((k, n) -> {
            if (n > 0) {
                sb.append(String.format(Locale.ROOT, "%s %.1f%%, ", k.name().toLowerCase(Locale.ROOT).replace('_', ' '),
                        100.0 * n / unique));
            }
        });
        sb.setLength(sb.length() - 2);
        return sb.append("); texts: ").append(texts.origin()).toString();
    }

    /** How many mentions of each kind opened a case: what Earshot made of the labelled texts. */
    private static String casesByKind(List<Workload.Item> items, Map<UUID, Long> caseAt) {
        Map<Workload.Kind, long[]> byKind = new java.util.EnumMap<>(Workload.Kind.class);
        for (Workload.Item item : items) {
            if (!item.resend()) {
                long[] c = byKind.computeIfAbsent(item.kind(), k -> new long[2]);
                c[1]++;
                if (caseAt.containsKey(Ids.mentionId(item.source(), item.externalId()))) {
                    c[0]++;
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        byKind.forEach((k, c) -> sb.append(String.format(Locale.ROOT, "%s%s %d of %d (%.0f%%)", sb.length() == 0
                ? ""
                : ", ",
                k.name().toLowerCase(Locale.ROOT).replace('_', ' '), c[0], c[1], 100.0 * c[0] / Math.max(1, c[1]))));
        return sb.toString();
    }

    /** Cases of the run: how many, how many mentions they hold, by queue. */
    private String caseShare(Connection db) {
        long unique = Math.max(1, scoredAt.size());
        try {
            Array brandArray = db.createArrayOf("varchar", brands.toArray());
            long cases = 0;
            StringBuilder queues = new StringBuilder();
            try (PreparedStatement st = db.prepareStatement(
                    "select queue, count(*) from cases where brand = any(?) group by queue order by 2 desc, 1")) {
                st.setArray(1, brandArray);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        cases += rs.getLong(2);
                        queues.append(String.format(Locale.ROOT, "%s%s %d", queues.length() == 0 ? "" : ", ", rs
                                .getString(1), rs.getLong(2)));
                    }
                }
            }
            long inCases = -1;
            try (PreparedStatement st = db.prepareStatement("select count(distinct m.mention_id) from case_mentions m "
                    + "join cases c on c.id = m.case_id where c.brand = any(?)")) {
                st.setArray(1, brandArray);
                try (ResultSet rs = st.executeQuery()) {
                    inCases = rs.next() ? rs.getLong(1) : -1;
                }
            } catch (SQLException e) {
                // no case_mentions table in this version: the opened cases alone
            }
            return String.format(Locale.ROOT, "%d opened for %d scored mentions (%.1f%%)%s; by queue: %s", cases,
                    unique,
                    100.0 * cases / unique, inCases < 0
                            ? ""
                            : String.format(Locale.ROOT,
                                    "; mentions that led to a case (opened or joined one): %d = %.1f%%", inCases, 100.0
                                            * inCases / unique),
                    queues.length() == 0 ? "none" : queues);
        } catch (SQLException e) {
            return "could not be counted: " + e.getMessage();
        }
    }

    /**
     * What an analyst reviews for the run's brands: the insight clusters of map-service's review queue
     * ({@code GET /api/v1/clusters}: PENDING clusters with enough organic authors, a cluster's facets in other zones
     * reviewed with it), per 1,000 scored mentions, with the mentions those clusters hold as evidence, the PENDING
     * clusters still waiting below the author threshold and the campaign clusters shown apart.
     */
    private String reviewItems() {
        String token;
        try {
            token = TokenMinter.fromPem(Files.readString(o.keys.resolve("private.pem"))).mint(Roles.ANALYST);
        } catch (IOException e) {
            return "review items per 1,000 mentions: unknown (no key to sign an analyst token: " + e.getMessage() + ")";
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long items = 0;
        long evidence = 0;
        long waiting = 0;
        long campaigns = 0;
        boolean capped = false;
        List<UUID> queued = new ArrayList<>(); // the queue's clusters and their facets (reviewed with them)
        try {
            for (String b : brands) {
                String url = o.map + "/api/v1/clusters?limit=" + CLUSTER_QUEUE_LIMIT + "&brand=" + b;
                HttpResponse<String> resp = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration
                        .ofSeconds(60))
                        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
                if (resp.statusCode() != 200) {
                    return "review items per 1,000 mentions: unknown (GET /api/v1/clusters answered " + resp
                            .statusCode() + ")";
                }
                JsonNode queue = JSON.readTree(resp.body());
                for (JsonNode cluster : queue.path("items")) {
                    items++;
                    evidence += cluster.path("stats").path("mentions").asLong();
                    queued.add(UUID.fromString(cluster.path("id").asText()));
                    cluster.path("facets").forEach(f -> queued.add(UUID.fromString(f.path("id").asText())));
                }
                capped |= queue.path("items").size() >= CLUSTER_QUEUE_LIMIT;
                waiting += queue.path("waiting").asLong();
                campaigns += queue.path("campaigns").size();
            }
        } catch (IOException e) {
            return "review items per 1,000 mentions: unknown (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "review items per 1,000 mentions: unknown (interrupted)";
        }
        long unique = Math.max(1, scoredAt.size());
        return String.format(Locale.ROOT, "review items per 1,000 mentions: %s%.1f, %s (%d insight clusters in map's "
                + "review queue, GET /api/v1/clusters, for %d scored mentions; they hold %d organic mentions of evidence "
                + "once per author = %.1f%%; %d more PENDING clusters wait below the queue's author threshold; %d campaign "
                + "clusters shown apart)", capped ? "at least " : "", 1000.0 * items / unique, coverage(queued), items,
                unique, evidence, 100.0 * evidence / unique, waiting, campaigns);
    }

    /**
     * Coverage as issue "Empathy maps at scale" defines it: the share of the run's candidate mentions (mentions that
     * gave at least one insight candidate) attached to some insight cluster, and beside it the share attached to a
     * cluster of the review queue (or a facet reviewed with one), from map-service's database.
     */
    private String coverage(List<UUID> queued) {
        try (Connection db = DriverManager.getConnection(o.pg + "/" + o.mapDb, o.pgUser, "");
                PreparedStatement st = db.prepareStatement(
                        """
                                with candidate_mentions as (
                                    select distinct m from candidates c cross join lateral unnest(c.evidence_mention_ids) as m
                                    where c.brand = any(?)),
                                attached as (
                                    select distinct e.mention_id, e.cluster_id = any(?) as queued from cluster_evidence e
                                    join insight_clusters k on k.id = e.cluster_id where k.brand = any(?))
                                select (select count(*) from candidate_mentions),
                                       (select count(distinct a.mention_id) from attached a join candidate_mentions c on c.m = a.mention_id),
                                       (select count(distinct a.mention_id) from attached a join candidate_mentions c on c.m = a.mention_id
                                         where a.queued)""")) {
            Array brandArray = db.createArrayOf("varchar", brands.toArray());
            st.setArray(1, brandArray);
            st.setArray(2, db.createArrayOf("uuid", queued.toArray()));
            st.setArray(3, brandArray);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                long candidates = Math.max(1, rs.getLong(1));
                return String.format(Locale.ROOT, "coverage %.1f%% of %d candidate mentions attached to some insight "
                        + "cluster (%.1f%% to a cluster of the review queue)", 100.0 * rs.getLong(2) / candidates,
                        rs.getLong(1), 100.0 * rs.getLong(3) / candidates);
            }
        } catch (SQLException e) {
            return "coverage unknown (" + o.mapDb + ": " + e.getMessage() + ")";
        }
    }

    /** Mean serialized size of the run's records seen on {@code topic} (0 when none were seen). */
    private int meanBytes(String topic) {
        long[] b = topicBytes.get(topic);
        return b == null || b[1] == 0 ? 0 : (int) (b[0] / b[1]);
    }

    /** Runs the infrastructure floor with the run's unique mentions and describes it beside Earshot's rate. */
    private String floor(List<Workload.Item> items, int rawBytes, int scoredBytes, Processes processes,
            double earshotRate)
            throws Exception {
        Map<UUID, String> mentions = new LinkedHashMap<>();
        for (Workload.Item item : items) {
            if (!item.resend()) {
                mentions.put(Ids.mentionId(item.source(), item.externalId()), item.json());
            }
        }
        int partitions;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, o.kafka))) {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            partitions = existing.contains("mentions.raw")
                    ? admin.describeTopics(List.of("mentions.raw")).allTopicNames()
                            .get(60, TimeUnit.SECONDS).get("mentions.raw").partitions().size()
                    : 4;
        }
        System.out.printf(Locale.ROOT,
                "floor: %d mentions through Kafka and PostgreSQL with no logic (%d partitions)...%n",
                mentions.size(), partitions);
        Floor.Result r = new Floor(o.kafka, o.pg, o.pgUser, runId, o.drainTimeout).run(mentions, rawBytes, scoredBytes,
                processes, partitions);
        return Floor.describe(r, earshotRate);
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private interface Counter {
        long of(Sample s);
    }

    private double peak(Counter c) {
        double best = 0;
        for (int i = 5; i < timeline.size(); i++) {
            Sample a = timeline.get(i - 5);
            Sample b = timeline.get(i);
            best = Math.max(best, (c.of(b) - c.of(a)) / (b.t - a.t));
        }
        return best;
    }

    private long[] latencies(Map<UUID, Long> at) {
        return at.entrySet().stream().filter(e -> sentAt.containsKey(e.getKey()))
                .mapToLong(e -> e.getValue() - sentAt.get(e.getKey())).sorted().toArray();
    }

    static long pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return -1;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /** p50 and p99 ingest->scored latency of the mentions sent in each second. */
    private Map<Long, long[]> toScoredBySecond() {
        Map<Long, List<Long>> bySecond = new HashMap<>();
        scoredAt.forEach((id, at) -> {
            Long sent = sentAt.get(id);
            if (sent != null) {
                bySecond.computeIfAbsent((sent - startMillis) / 1000, k -> new ArrayList<>()).add(at - sent);
            }
        });
        Map<Long, long[]> out = new java.util.TreeMap<>();
        bySecond.forEach((s, l) -> {
            long[] a = l.stream().mapToLong(Long::longValue).sorted().toArray();
            out.put(s, new long[]{pct(a, 50), pct(a, 99)});
        });
        return out;
    }

    private String plot(Map<Long, long[]> latency) {
        Map<String, List<double[]>> rates = new LinkedHashMap<>();
        rates.put("ingested/s", rate(s -> s.ingested));
        rates.put("scored/s", rate(s -> s.scored));
        rates.put("decided/s", rate(s -> s.decided));
        Map<String, List<double[]>> lat = new LinkedHashMap<>();
        lat.put("p50 ingest->scored", latency.entrySet().stream().map(e -> new double[]{e.getKey(), e.getValue()[0]})
                .toList());
        lat.put("p99 ingest->scored", latency.entrySet().stream().map(e -> new double[]{e.getKey(), e.getValue()[1]})
                .toList());
        Map<String, List<double[]>> lags = new LinkedHashMap<>();
        for (String group : GROUPS.keySet()) {
            lags.put(group, timeline.stream().map(s -> new double[]{s.t, s.lag.getOrDefault(group, 0L)}).toList());
        }
        lags.put("outbox rows", timeline.stream().map(s -> new double[]{s.t, s.outbox}).toList());
        return SvgPlot.render("Earshot pipeline benchmark " + runId + ": " + o.count + " mentions, rate "
                + (o.rate <= 0 ? "max" : o.rate + "/s"), List.of(
                        new SvgPlot.Chart("throughput", "mentions/s", rates),
                        new SvgPlot.Chart("latency by second sent", "ms", lat),
                        new SvgPlot.Chart("consumer lag", "records", lags)));
    }

    private List<double[]> rate(Counter c) {
        List<double[]> points = new ArrayList<>();
        for (int i = 1; i < timeline.size(); i++) {
            Sample a = timeline.get(i - 1);
            Sample b = timeline.get(i);
            points.add(new double[]{b.t, Math.max(0, (c.of(b) - c.of(a)) / (b.t - a.t))});
        }
        return points;
    }

    private String csv() {
        StringBuilder sb = new StringBuilder(
                "t_s,ingested,scored,decided,lag_sentiment,lag_escalation,lag_map,outbox\n");
        for (Sample s : timeline) {
            sb.append(String.format(Locale.ROOT, "%.1f,%d,%d,%d,%d,%d,%d,%d%n", s.t, s.ingested, s.scored, s.decided,
                    s.lag.getOrDefault("sentiment-service", 0L), s.lag.getOrDefault("escalation-service", 0L),
                    s.lag.getOrDefault("map-service", 0L), s.outbox));
        }
        return sb.toString();
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }

    static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    /** Command-line options; every one has a default that fits a suite started by {@code bin/earshot demo}. */
    static final class Options {
        List<String> args = List.of();
        int count = 20_000;
        double rate = 0;
        int batch = 200;
        int concurrency = 4;
        long seed = 42;
        Workload.Mix mix = Workload.Mix.REALISTIC;
        boolean floor;
        boolean floorOnly;
        Path data = Path.of(System.getenv().getOrDefault("EARSHOT_DATA", "../shared/data"));
        String listener = "http://127.0.0.1:8081";
        String map = "http://127.0.0.1:8084";
        String kafka = "127.0.0.1:9092";
        String pg = "jdbc:postgresql://127.0.0.1:5432";
        String pgUser = "postgres";
        String listenerDb = "earshot_listener";
        String escalationDb = "earshot_escalation";
        String mapDb = "earshot_map";
        Path state = Path.of(".earshot");
        Path keys = Path.of(".earshot/keys");
        Path out = Path.of("benchmarks/pipeline/target/results");
        Duration drainTimeout = Duration.ofSeconds(300);
        Map<String, String> metrics = new LinkedHashMap<>();

        static Options parse(String[] argv) {
            Options o = new Options();
            o.args = Arrays.asList(argv);
            for (int i = 0; i < argv.length; i++) {
                String a = argv[i];
                if (a.equals("-h") || a.equals("--help")) {
                    System.out.println(
                            "options: --count N (20000) --rate N/s (0 = as fast as possible) --batch N (200) "
                                    + "--concurrency N (4) --seed N --mix realistic|crisis (realistic) --floor (then the same "
                                    + "mentions through Kafka and PostgreSQL with no logic, and the ratio) --floor-only "
                                    + "--data DIR (EARSHOT_DATA or ../shared/data) --listener URL --map URL --kafka HOST:PORT "
                                    + "--pg JDBC-URL-WITHOUT-DB --map-db NAME (earshot_map) --state DIR (.earshot) --out DIR --drain-timeout ISO-8601 (PT300S)");
                    System.exit(0);
                }
                if (a.equals("--floor")) {
                    o.floor = true;
                    continue;
                }
                if (a.equals("--floor-only")) {
                    o.floorOnly = true;
                    continue;
                }
                if (i + 1 >= argv.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                String v = argv[++i];
                switch (a) {
                    case "--count" -> o.count = Integer.parseInt(v);
                    case "--rate" -> o.rate = Double.parseDouble(v);
                    case "--batch" -> o.batch = Integer.parseInt(v);
                    case "--concurrency" -> o.concurrency = Integer.parseInt(v);
                    case "--seed" -> o.seed = Long.parseLong(v);
                    case "--mix" -> o.mix = Workload.Mix.parse(v);
                    case "--data" -> o.data = Path.of(v);
                    case "--listener" -> o.listener = v;
                    case "--map" -> o.map = v;
                    case "--kafka" -> o.kafka = v;
                    case "--pg" -> o.pg = v;
                    case "--map-db" -> o.mapDb = v;
                    case "--state" -> {
                        o.state = Path.of(v);
                        o.keys = o.state.resolve("keys");
                    }
                    case "--out" -> o.out = Path.of(v);
                    case "--drain-timeout" -> o.drainTimeout = Duration.parse(v);
                    default -> throw new IllegalArgumentException("unknown option " + a + " (see --help)");
                }
            }
            if (o.count < 1 || o.batch < 1 || o.batch > 1000 || o.concurrency < 1) {
                throw new IllegalArgumentException("--count >= 1, --batch 1..1000 and --concurrency >= 1 please");
            }
            int port = 8081;
            for (String svc : List.of("listener", "sentiment", "escalation", "map")) {
                o.metrics.put(svc, "http://127.0.0.1:" + port++ + "/q/metrics");
            }
            return o;
        }
    }
}
