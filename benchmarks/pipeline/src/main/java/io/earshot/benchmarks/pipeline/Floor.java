package io.earshot.benchmarks.pipeline;

import java.lang.management.ManagementFactory;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The infrastructure floor (issue #19, point 5): the same mentions through the same Kafka broker and PostgreSQL
 * server with no business logic at all, so Earshot's end-to-end rate can be read as a share of what the
 * infrastructure itself allows on this machine at this moment.
 *
 * <p>A feeder produces the mentions (their ingest JSON, keyed by mention id) to a topic of the run; then four hops, as
 * Earshot's services are chained (listener, then sentiment, then escalation and map side by side on sentiment's
 * output), each do, per poll of up to {@value #MAX_POLL} records: one {@code INSERT ... SELECT FROM unnest($1::uuid[],
 * $2::text[]) ON CONFLICT (id) DO NOTHING} of the batch into a scratch table of its own (one transaction), produce
 * every record to the next topic (acks=all, idempotent, lz4, linger 10 ms, 128 KiB batches), wait for the broker's
 * acknowledgements, and commit the consumed offsets. The records each hop produces are padded to the mean size Earshot's
 * records had on the same topic in the run (mentions.raw after the listener, mentions.scored after sentiment), with
 * text cut from the other mentions so that they compress as real records do. The clock runs from the feeder's first
 * record until escalation's and map's hops have both stored every mention.
 *
 * <p>Not included, so the floor is a lower bound on the cost of any implementation: HTTP (the feeder stands in for
 * the ingest API), JSON parsing (the id is the record key), scoring, rules, Redis, more than one table and one index
 * per hop, and the separate JVMs (the four hops are four threads of this one).
 */
final class Floor {
    static final int MAX_POLL = 1000;
    static final String[] HOPS = {"listener", "sentiment", "escalation", "map"};

    /** One floor run: mentions, seconds from the first record to the last hop, and CPU seconds by process. */
    record Result(int mentions, double seconds, Map<String, Double> hopSeconds, Map<String, Double> cpuSeconds,
            Map<String, Integer> payloadBytes) {
        double rate() {
            return mentions / seconds;
        }
    }

    private final String kafka;
    private final String pg;
    private final String pgUser;
    private final String runId;
    private final Duration timeout;

    Floor(String kafka, String pg, String pgUser, String runId, Duration timeout) {
        this.kafka = kafka;
        this.pg = pg;
        this.pgUser = pgUser;
        this.runId = runId;
        this.timeout = timeout;
    }

    /**
     * Pushes {@code mentions} (id to ingest JSON) through the four hops; {@code rawBytes} and {@code scoredBytes} are
     * the sizes to pad the records of the listener's and sentiment's hops to (0: as they come).
     */
    Result run(Map<UUID, String> mentions, int rawBytes, int scoredBytes, Processes processes, int partitions)
            throws Exception {
        // The services it is compared with are warm JVMs: first an unmeasured pass of up to 1,000 other mentions.
        Map<UUID, String> warmUp = new LinkedHashMap<>();
        for (String json : mentions.values()) {
            if (warmUp.size() >= Math.min(1_000, mentions.size())) {
                break;
            }
            warmUp.put(UUID.randomUUID(), json);
        }
        once(runId + "w", warmUp, rawBytes, scoredBytes, processes, partitions);
        return once(runId, mentions, rawBytes, scoredBytes, processes, partitions);
    }

    private Result once(String id, Map<UUID, String> mentions, int rawBytes, int scoredBytes, Processes processes,
            int partitions) throws Exception {
        String prefix = "bench.floor." + id + ".";
        String[] topics = {prefix + "in", prefix + "raw", prefix + "scored", prefix + "cases", prefix + "map"};
        String db = "earshot_bench_floor";
        ensureDatabase(db);
        String padding = padding(mentions);
        List<String> tables = new ArrayList<>();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka));
                Connection ddl = DriverManager.getConnection(pg + "/" + db, pgUser, "")) {
            List<NewTopic> newTopics = new ArrayList<>();
            for (String t : topics) {
                newTopics.add(new NewTopic(t, partitions, (short) 1));
            }
            admin.createTopics(newTopics).all().get(60, TimeUnit.SECONDS);
            try (Statement st = ddl.createStatement()) {
                for (String hop : HOPS) {
                    String table = "floor_" + id + "_" + hop;
                    st.execute("create table " + table
                            + " (id uuid primary key, payload text not null, stored_at timestamptz not null default now())");
                    tables.add(table);
                }
            }
            try {
                return pushThrough(id, mentions, topics, db, padding, rawBytes, scoredBytes, processes, partitions);
            } finally {
                try (Statement st = ddl.createStatement()) {
                    for (String table : tables) {
                        st.execute("drop table if exists " + table);
                    }
                }
                admin.deleteTopics(List.of(topics)).all().get(60, TimeUnit.SECONDS);
            }
        }
    }

    private Result pushThrough(String id, Map<UUID, String> mentions, String[] topics, String db, String padding,
            int rawBytes, int scoredBytes, Processes processes, int partitions) throws Exception {
        int n = mentions.size();
        Map<String, Double> hopSeconds = new ConcurrentHashMap<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Hop> hops = List.of(
                new Hop(id, HOPS[0], topics[0], topics[1], rawBytes, db, padding, n, partitions),
                new Hop(id, HOPS[1], topics[1], topics[2], scoredBytes, db, padding, n, partitions),
                new Hop(id, HOPS[2], topics[2], topics[3], 0, db, padding, n, partitions),
                new Hop(id, HOPS[3], topics[2], topics[4], 0, db, padding, n, partitions));
        for (Hop hop : hops) {
            hop.open();
        }
        Processes.Reading before = processes.read();
        long cpuBefore = ownCpuNanos();
        long t0 = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (Hop hop : hops) {
            Thread t = new Thread(() -> {
                try {
                    hop.loop(t0, timeout);
                    hopSeconds.put(hop.name, (hop.doneAt - t0) / 1e9);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    hop.close();
                }
            }, "floor-" + hop.name);
            t.start();
            threads.add(t);
        }
        try (KafkaProducer<String, String> feeder = new KafkaProducer<>(producerProps())) {
            for (Map.Entry<UUID, String> m : mentions.entrySet()) {
                feeder.send(new ProducerRecord<>(topics[0], m.getKey().toString(), m.getValue()));
            }
            feeder.flush();
        }
        for (Thread t : threads) {
            t.join();
        }
        long t1 = System.nanoTime();
        long cpuAfter = ownCpuNanos();
        Processes.Reading after = processes.read();
        if (failure.get() != null) {
            throw new IllegalStateException("the floor failed: " + failure.get(), failure.get());
        }
        Map<String, Double> cpu = new LinkedHashMap<>();
        cpu.put("floor JVM", (cpuAfter - cpuBefore) / 1e9);
        for (String name : List.of("kafka", "postgresql")) {
            cpu.put(name, after.cpuSeconds().getOrDefault(name, 0.0) - before.cpuSeconds().getOrDefault(name, 0.0));
        }
        double seconds = Math.max(hopSeconds.getOrDefault("escalation", 0.0), hopSeconds.getOrDefault("map", 0.0));
        if (seconds <= 0) {
            seconds = (t1 - t0) / 1e9;
        }
        Map<String, Integer> sizes = new LinkedHashMap<>();
        sizes.put("in", mentions.values().stream().mapToInt(v -> v.getBytes(
                java.nio.charset.StandardCharsets.UTF_8).length)
                .sum() / Math.max(1, n));
        for (Hop hop : hops) {
            sizes.put(hop.out.substring(hop.out.lastIndexOf('.') + 1), (int) (hop.bytesOut.get() / Math.max(1,
                    hop.recordsOut.get())));
        }
        return new Result(n, seconds, hopSeconds, cpu, sizes);
    }

    /** One service hop: consume, one set-based insert per poll, produce, wait for the acks, commit. */
    private final class Hop {
        final String id;
        final String name;
        final String in;
        final String out;
        final int padTo;
        final String db;
        final String padding;
        final int expected;
        final int partitions;
        final AtomicLong bytesOut = new AtomicLong();
        final AtomicLong recordsOut = new AtomicLong();
        final Random random;
        KafkaConsumer<String, String> consumer;
        KafkaProducer<String, String> producer;
        Connection connection;
        PreparedStatement insert;
        long doneAt;

        Hop(String id, String name, String in, String out, int padTo, String db, String padding, int expected,
                int partitions) {
            this.id = id;
            this.name = name;
            this.in = in;
            this.out = out;
            this.padTo = padTo;
            this.db = db;
            this.padding = padding;
            this.expected = expected;
            this.partitions = partitions;
            this.random = new Random(name.hashCode());
        }

        void open() throws SQLException {
            connection = DriverManager.getConnection(pg + "/" + db, pgUser, "");
            connection.setAutoCommit(true); // the one statement per batch is the batch's transaction
            insert = connection.prepareStatement("insert into floor_" + id + "_" + name
                    + " (id, payload) select * from unnest(?::uuid[], ?::text[]) on conflict (id) do nothing");
            consumer = new KafkaConsumer<>(consumerProps("bench-floor-" + id + "-" + name));
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                tps.add(new TopicPartition(in, p));
            }
            consumer.assign(tps); // no group rebalance to wait for; offsets are still committed to the group
            consumer.seekToBeginning(tps);
            producer = new KafkaProducer<>(producerProps());
        }

        void loop(long t0, Duration timeout) throws SQLException {
            long stored = 0;
            long deadline = t0 + timeout.toNanos();
            while (stored < expected) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("hop " + name + " stored " + stored + " of " + expected
                            + " within " + timeout);
                }
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
                if (records.isEmpty()) {
                    continue;
                }
                UUID[] ids = new UUID[records.count()];
                String[] payloads = new String[records.count()];
                int i = 0;
                for (ConsumerRecord<String, String> r : records) {
                    ids[i] = UUID.fromString(r.key());
                    payloads[i] = r.value();
                    i++;
                }
                Array idArray = connection.createArrayOf("uuid", ids);
                Array payloadArray = connection.createArrayOf("text", payloads);
                insert.setArray(1, idArray);
                insert.setArray(2, payloadArray);
                stored += insert.executeUpdate();
                for (ConsumerRecord<String, String> r : records) {
                    String value = pad(r.value(), r.serializedValueSize());
                    bytesOut.addAndGet(r.serializedValueSize() + value.length() - r.value().length());
                    recordsOut.incrementAndGet();
                    producer.send(new ProducerRecord<>(out, r.key(), value));
                }
                producer.flush();
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (TopicPartition tp : records.partitions()) {
                    List<ConsumerRecord<String, String>> part = records.records(tp);
                    offsets.put(tp, new OffsetAndMetadata(part.get(part.size() - 1).offset() + 1));
                }
                consumer.commitSync(offsets);
            }
            doneAt = System.nanoTime();
        }

        /** {@code value} grown to {@link #padTo} bytes with text cut from the other mentions. */
        private String pad(String value, int bytes) {
            int missing = padTo - bytes;
            if (missing <= 0) {
                return value;
            }
            int from = random.nextInt(Math.max(1, padding.length() - missing));
            return value + padding.substring(from, Math.min(padding.length(), from + missing));
        }

        void close() {
            try {
                if (consumer != null) {
                    consumer.close();
                }
                if (producer != null) {
                    producer.close();
                }
                if (connection != null) {
                    connection.close();
                }
            } catch (RuntimeException | SQLException e) {
                // closing after the measurement: nothing to report
            }
        }
    }

    private Map<String, Object> producerProps() {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "131072");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return p;
    }

    private Map<String, Object> consumerProps(String group) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(MAX_POLL));
        return p;
    }

    /** The scratch database, created on first use (the tables of a run are dropped after it). */
    private void ensureDatabase(String db) throws SQLException {
        try (Connection c = DriverManager.getConnection(pg + "/postgres", pgUser, "");
                PreparedStatement st = c.prepareStatement("select 1 from pg_database where datname = ?")) {
            st.setString(1, db);
            try (ResultSet rs = st.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement create = c.createStatement()) {
                create.execute("create database " + db);
            } catch (SQLException e) {
                if (!"42P04".equals(e.getSQLState())) { // duplicate_database: another run made it meanwhile
                    throw e;
                }
            }
        }
    }

    /** Text to pad records with: the mentions themselves, so padding compresses as the records do. */
    private static String padding(Map<UUID, String> mentions) {
        StringBuilder sb = new StringBuilder();
        for (String m : mentions.values()) {
            sb.append(m);
            if (sb.length() > 4_000_000) {
                break;
            }
        }
        while (sb.length() < 100_000) {
            sb.append(sb.toString());
        }
        return sb.toString();
    }

    private static long ownCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    static String describe(Result r, double earshotRate) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT,
                "floor:     %d mentions through 4 hops (Kafka -> one unnest insert per poll -> Kafka, no logic) in %.1f s = %.0f mentions/s%n",
                r.mentions(), r.seconds(), r.rate()));
        StringBuilder hops = new StringBuilder();
        r.hopSeconds().entrySet().stream().sorted(Map.Entry.comparingByValue())
                .forEach(e -> hops.append(String.format(Locale.ROOT, " %s %.1f s,", e.getKey(), e.getValue())));
        StringBuilder sizes = new StringBuilder();
        r.payloadBytes().forEach((t, b) -> sizes.append(String.format(Locale.ROOT, " %s %d,", t, b)));
        double cpuTotal = r.cpuSeconds().values().stream().mapToDouble(Double::doubleValue).sum();
        StringBuilder cpu = new StringBuilder();
        r.cpuSeconds().forEach((p, s) -> cpu.append(String.format(Locale.ROOT, " %s %.2f,", p, 1000 * s / r
                .mentions())));
        out.append(String.format(Locale.ROOT, "floor hops done after:%s; record bytes (mean):%s%n",
                hops.substring(0, hops.length() - 1), sizes.substring(0, sizes.length() - 1)));
        out.append(String.format(Locale.ROOT, "floor CPU: %.2f ms per mention (%s)%n", 1000 * cpuTotal / r.mentions(),
                cpu.substring(1, cpu.length() - 1)));
        if (earshotRate > 0) {
            out.append(String.format(Locale.ROOT,
                    "ratio:     Earshot %.0f mentions/s end to end / floor %.0f mentions/s = %.3f (%.1f%% of the floor)%n",
                    earshotRate, r.rate(), earshotRate / r.rate(), 100 * earshotRate / r.rate()));
        }
        return out.toString();
    }
}
