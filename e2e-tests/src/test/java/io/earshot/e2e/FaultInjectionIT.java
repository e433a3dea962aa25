package io.earshot.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.earshot.contracts.Ids;
import io.earshot.testing.OrganicText;
import io.earshot.testing.TestTokens;
import io.earshot.testing.TopicReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #10, point 1, and issue #19, point 7: the promises of DESIGN.md ("nothing lost, nothing doubled") under faults,
 * with two replicas each of sentiment, escalation and map (the listener runs as one). While
 * {@code earshot.e2e.fault.mentions} (30,000; see {@link #MENTIONS}) mentions are replayed into the whole suite, the
 * listener is killed with SIGKILL and restarted, one replica of each other service is killed while its twin goes on
 * and restarted, then every replica of each, Kafka is restarted, PostgreSQL crashes ({@code stop -m immediate}) and restarts, Redis is
 * flushed, and a loopback TCP proxy between the services and PostgreSQL cuts every connection and then delays all
 * traffic. The test owns its Kafka broker, PostgreSQL cluster and Redis database, so it disturbs no other test.
 *
 * <p>After recovery it counts and compares ids: every mention the listener stored is scored (sentiment's
 * {@code scores}) and decided (escalation's {@code recent_mentions}), or sits in a DLQ with a reason header; no mention
 * opened two cases, no merge key has two cases, no crisis was alerted as OPEN twice; every consumer group has caught up
 * (lag 0); the listener's outbox is empty. A third brand's spike opens a crisis before the escalation kill; after the
 * faults that brand has one crisis per stream, each alerted OPEN once in PostgreSQL and once on {@code crisis.alerts}.
 * Its OPEN alert, raised by one escalation replica (the crisis monitor's leaseholder), reaches the dashboard stream
 * (SSE) of both replicas, the one that did not raise it included; then the raiser is the replica killed, so that the
 * other takes over the monitor without a second alert. Before the replay each replicated service's consumer groups
 * have one member per replica, each with partitions.
 */
class FaultInjectionIT {
    /**
     * 30,000 in CI: raised from 20,000 once the set-based hot paths drained that in about 5 minutes on this 2-core
     * machine, within CI's time; {@code benchmarks/pipeline/fault-replay.sh} runs 100,000 outside CI, and
     * {@code -Dearshot.e2e.fault.mentions=2000} makes a quick local run of about 5 minutes.
     */
    private static final int MENTIONS = Integer.getInteger("earshot.e2e.fault.mentions", 30_000);
    private static final int BATCH = 200;
    private static final Duration DRAIN = Duration.parse(System.getProperty("earshot.e2e.fault.drain", "PT15M"));
    private static final int REDIS_DB = Integer.getInteger("earshot.e2e.fault.redis-db", 4);
    /** Past minutes of quiet traffic the crisis brand has before its spike (the detector learns from 30). */
    private static final int CRISIS_HISTORY_MINUTES = 34;
    /** Mentions of the crisis brand's spike, in one minute, from distinct authors with unrelated texts. */
    private static final int CRISIS_SPIKE = 150;
    /** How long a killed service may take to be ready again ({@code earshot.e2e.ready-timeout} when set). */
    private static final Duration RESTART = Duration.parse(System.getProperty("earshot.e2e.ready-timeout", "PT5M"));
    /** A consumer group whose lag has not fallen for this long is stuck. */
    private static final Duration STUCK = Duration.ofMinutes(3);

    private static Path root;
    private static KafkaBroker broker;
    private static OwnPostgres postgres;
    private static TcpProxy proxy;
    private static Suite suite;
    /** The services run as two replicas each (the listener as one): the scaling design's replicas, faults included. */
    private static final Map<String, Integer> REPLICAS = Map.of(Suite.SENTIMENT, 2, Suite.ESCALATION, 2, Suite.MAP, 2);
    /** Consumers per replica of sentiment's {@code mentions-raw} and escalation's {@code mentions-scored}. */
    private static final int CONCURRENCY = 2;
    /** The crisis brand of the run, and each escalation replica's dashboard stream of it (lines as they arrive). */
    private static String crisisBrand;
    private static final Map<ServiceProcess, Queue<String>> DASHBOARD = new LinkedHashMap<>();

    @BeforeAll
    static void start() {
        root = Path.of(System.getProperty("earshot.repo.root", "..")).toAbsolutePath().normalize();
        broker = new KafkaBroker(root, "faults-" + ProcessHandle.current().pid(),
                Integer.getInteger("earshot.e2e.fault-kafka-port", 19494)).fresh();
        postgres = new OwnPostgres(root, Integer.getInteger("earshot.e2e.fault-pg-port", 55494)).fresh();
        proxy = new TcpProxy(postgres.port());
        String redisUrl = "redis://127.0.0.1:" + System.getenv().getOrDefault("EARSHOT_REDIS_PORT", "6379") + "/"
                + REDIS_DB;
        Map<String, String> env = new LinkedHashMap<>();
        env.put("EARSHOT_PG_PORT", String.valueOf(proxy.port())); // the services reach PostgreSQL through the proxy
        // Retries outlast every outage below (0.5 s doubling, ten attempts: about four minutes), so a transient fault
        // delays records instead of dead-lettering them; what still fails lands in a DLQ and is counted.
        env.put("EARSHOT_CONSUMER_ATTEMPTS", "10");
        env.put("EARSHOT_CONSUMER_BACKOFF", "PT0.5S");
        env.put("EARSHOT_RECENT_MENTIONS", String.valueOf(MENTIONS * 2));
        env.put("EARSHOT_PG_POOL_SIZE", "8");
        // Seven JVMs start at once (and two at a time restart under the replay) on two cores: a JDBC connection (Flyway's,
        // at start) may take longer than the default 5 s to open through the proxy; the unit tests allow the same.
        env.put("QUARKUS_DATASOURCE_JDBC_ACQUISITION_TIMEOUT", "60S");
        // Two consumers per replica on the 4-partition topics: each consumer of sentiment's and escalation's hot path
        // gets a partition, so both replicas work (at the default 4 per replica, one replica could hold them all).
        env.put("EARSHOT_CONSUMER_CONCURRENCY", String.valueOf(CONCURRENCY));
        suite = Suite.start("FaultInjectionIT", Suite.ALL_SERVICES, broker.bootstrap(), String.valueOf(postgres.port()),
                redisUrl, env, REPLICAS);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[]{suite, proxy, broker, postgres}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    System.err.println("[fault] closing " + c + ": " + e);
                }
            }
        }
    }

    @Test
    void everyAcceptedMentionIsDecidedOrDeadLetteredAndNothingIsDoubledAcrossFaults() throws Exception {
        Instant began = Instant.now();
        String run = UUID.randomUUID().toString().substring(0, 8);
        crisisBrand = "fault" + run + "c";
        awaitReplicasShareTheWork();
        for (ServiceProcess escalation : suite.replicas(Suite.ESCALATION)) {
            DASHBOARD.put(escalation, openDashboardStream(escalation, crisisBrand));
        }
        List<String> brands = List.of("fault" + run + "a", "fault" + run + "b", crisisBrand);
        List<List<ObjectNode>> batches = workload(brands.subList(0, 2), run);
        Set<UUID> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger sentBatches = new AtomicInteger();
        createTopics("mentions.raw.dlq", "mentions.scored.dlq", "crisis.alerts");
        // Opened before the replay: a reader sees what is dead-lettered from the moment it is opened on.
        try (TopicReader rawDead = new TopicReader(broker.bootstrap(), "mentions.raw.dlq");
                TopicReader scoredDead = new TopicReader(broker.bootstrap(), "mentions.scored.dlq");
                TopicReader alerts = new TopicReader(broker.bootstrap(), "crisis.alerts")) {
            int crisisMentions = 0;
            for (List<ObjectNode> batch : crisisWorkload(crisisBrand, run)) {
                acknowledged.addAll(sendUntilAccepted(batch));
                crisisMentions += batch.size();
            }
            replayWithFaults(batches, rawDead, scoredDead, acknowledged, sentBatches, brands, began, crisisMentions);
            verifyOneAlertPerCrisis(crisisBrand, alerts);
        }
    }

    private static void replayWithFaults(List<List<ObjectNode>> batches, TopicReader rawDead, TopicReader scoredDead,
            Set<UUID> acknowledged, AtomicInteger sentBatches, List<String> brands, Instant began, int crisisMentions)
            throws Exception {

        List<Fault> faults = faults();
        ExecutorService senders = Executors.newFixedThreadPool(2);
        List<Future<?>> sends = new ArrayList<>();
        for (List<ObjectNode> batch : batches) {
            sends.add(senders.submit(() -> {
                acknowledged.addAll(sendUntilAccepted(batch));
                sentBatches.incrementAndGet();
            }));
        }
        // The faults, one after another, each once a further share of the replay has been acknowledged.
        for (int i = 0; i < faults.size(); i++) {
            int threshold = (i + 1) * batches.size() / (faults.size() + 2);
            await("replay reached " + threshold + " batches before fault " + faults.get(i).name)
                    .atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(200))
                    .until(() -> sentBatches.get() >= threshold);
            if (faults.get(i).name.contains(Suite.ESCALATION)) {
                awaitCrisis(brands.get(2)); // the escalation kill then lands on a stream in crisis
            }
            Instant t = Instant.now();
            faults.get(i).action.run();
            System.out.printf("[fault] %s at batch %d of %d, %d ms%n", faults.get(i).name, sentBatches.get(),
                    batches.size(), Duration.between(t, Instant.now()).toMillis());
        }
        for (Future<?> f : sends) {
            f.get(10, TimeUnit.MINUTES);
        }
        senders.shutdown();
        Instant replayed = Instant.now();

        // Ground truth of "accepted": what the listener stored (a superset of the 202 answers: a batch whose answer
        // was lost to a kill was stored all the same, and its retry counted as duplicates).
        Set<UUID> accepted = ids(Suite.LISTENER, "select id from mentions where brand = any(?)", brands);
        assertThat(accepted).as("every acknowledged mention is stored").containsAll(acknowledged);
        assertThat(accepted).as("one stored mention per sent mention").hasSize(MENTIONS + crisisMentions);

        Map<UUID, String> rawDlq = new HashMap<>();
        Map<UUID, String> scoredDlq = new HashMap<>();
        {
            await("every accepted mention scored and decided, or dead-lettered").atMost(DRAIN)
                    .pollInterval(Duration.ofSeconds(2)).until(() -> {
                        rawDlq.putAll(deadLettered(rawDead, false));
                        scoredDlq.putAll(deadLettered(scoredDead, true));
                        Set<UUID> scored = ids(Suite.SENTIMENT, "select mention_id from scores where brand = any(?)",
                                brands);
                        Set<UUID> decided = ids(Suite.ESCALATION,
                                "select mention_id from recent_mentions where brand = any(?)", brands);
                        Set<UUID> missing = new HashSet<>(accepted);
                        missing.removeAll(rawDlq.keySet());
                        missing.removeAll(decided);
                        missing.removeAll(scoredDlq.keySet());
                        Set<UUID> unscored = new HashSet<>(accepted);
                        unscored.removeAll(scored);
                        unscored.removeAll(rawDlq.keySet());
                        System.out.printf(
                                "[fault] drain: %d accepted, %d scored, %d decided, %d+%d dead-lettered, %d missing%n",
                                accepted.size(), scored.size(), decided.size(), rawDlq.size(), scoredDlq.size(), missing
                                        .size());
                        return missing.isEmpty() && unscored.isEmpty();
                    });
        }
        rawDlq.values().forEach(reason -> assertThat(reason).as("a DLQ entry names its reason").isNotBlank());
        scoredDlq.values().forEach(reason -> assertThat(reason).as("a DLQ entry names its reason").isNotBlank());
        assertThat(count(Suite.LISTENER, "select count(*) from outbox")).as("outbox drained").isZero();

        long doubledTriggers = count(Suite.ESCALATION,
                "select count(*) from (select trigger_mention_id from cases group by 1 having count(*) > 1) d");
        long doubledMergeKeys = count(Suite.ESCALATION,
                "select count(*) from (select merge_key from cases where status <> 'RESOLVED' group by 1 having count(*) > 1) d");
        long doubledCaseMentions = count(Suite.ESCALATION,
                "select count(*) from (select mention_id from case_mentions group by 1 having count(*) > 1) d");
        long doubledAlerts = count(Suite.ESCALATION,
                "select count(*) from (select crisis_id from crisis_alerts where state = 'OPEN' group by 1 having count(*) > 1) d");
        long cases = count(Suite.ESCALATION, "select count(*) from cases");
        long crises = count(Suite.ESCALATION, "select count(*) from crises");
        assertThat(cases).as("the workload's negative and distress mentions opened cases").isPositive();
        assertThat(doubledTriggers).as("mentions that opened two cases").isZero();
        assertThat(doubledMergeKeys).as("merge keys with two open cases").isZero();
        assertThat(doubledCaseMentions).as("mentions in two cases").isZero();
        assertThat(doubledAlerts).as("crises alerted as OPEN twice").isZero();

        // Every group catches up, and none stands still on the way: a group whose lag has not fallen for STUCK fails
        // the test at once (a slow one is not stuck; at 20,000 mentions map's groups drain minutes after the rest).
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()))) {
            Map<String, Long> lowest = new HashMap<>();
            Map<String, Instant> fell = new HashMap<>();
            await("no stuck consumer: every group caught up").atMost(DRAIN)
                    .pollInterval(Duration.ofSeconds(2)).until(() -> {
                        Map<String, Long> lags = lagByGroup(admin);
                        Instant now = Instant.now();
                        lags.forEach((group, lag) -> {
                            if (lag < lowest.getOrDefault(group, Long.MAX_VALUE)) {
                                lowest.put(group, lag);
                                fell.put(group, now);
                            }
                            if (lag > 0 && Duration.between(fell.get(group), now).compareTo(STUCK) > 0) {
                                throw new AssertionError("consumer group " + group + " is stuck at lag " + lag
                                        + " (no progress for " + STUCK + "); all lags: " + lags);
                            }
                        });
                        long total = lags.values().stream().mapToLong(Long::longValue).sum();
                        if (total > 0) {
                            System.out.printf("[fault] lag by group: %s%n", lags);
                        }
                        return total == 0;
                    });
        }
        System.out.printf(
                "[fault] FaultInjectionIT: %d mentions replayed into 2 replicas each of sentiment, escalation and map, "
                        + "%d faults injected (%d connections cut), "
                        + "%d accepted, %d dead-lettered (raw %d, scored %d), lost 0, %d cases, duplicated cases 0, "
                        + "%d crises, duplicated alerts 0, replay %d s, drained %d s after%n",
                MENTIONS + crisisMentions, faults.size(), proxy.cutConnections(), accepted.size(), rawDlq.size()
                        + scoredDlq.size(),
                rawDlq.size(), scoredDlq.size(), cases, crises, Duration.between(began, replayed).toSeconds(),
                Duration.between(replayed, Instant.now()).toSeconds());
    }

    private record Fault(String name, Runnable action) {}

    private static void killAndRestart(List<ServiceProcess> processes) {
        processes.forEach(ServiceProcess::kill);
        processes.forEach(ServiceProcess::start);
        processes.forEach(p -> p.awaitReady(RESTART));
    }

    /**
     * Each replicated service's consumer groups of its hot path have one member per consumer of each replica, each
     * with partitions of its own: the replicas share the work from the start (the topics have 4 partitions, and
     * sentiment and escalation run {@link #CONCURRENCY} consumers per replica, so 4 members of one partition each).
     */
    private static void awaitReplicasShareTheWork() throws Exception {
        Map<String, Integer> groups = new LinkedHashMap<>();
        groups.put(suite.groupId(Suite.SENTIMENT, "mentions-raw"), REPLICAS.get(Suite.SENTIMENT) * CONCURRENCY);
        groups.put(suite.groupId(Suite.ESCALATION, "mentions-scored"), REPLICAS.get(Suite.ESCALATION) * CONCURRENCY);
        groups.put("escalation-crisis", REPLICAS.get(Suite.ESCALATION));
        groups.put(suite.groupId(Suite.MAP, "insights-candidates"), REPLICAS.get(Suite.MAP));
        groups.put(suite.groupId(Suite.MAP, "mentions-scored"), REPLICAS.get(Suite.MAP));
        Map<String, List<Integer>> assigned = new TreeMap<>();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()))) {
            await("each replica of sentiment, escalation and map owns partitions").atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofSeconds(1))
                    .conditionEvaluationListener(c -> {
                        if (c.getRemainingTimeInMS() <= c.getPollInterval().toMillis()) {
                            System.out.printf("[fault] partitions per member, expected members %s: %s%n", groups,
                                    assigned);
                        }
                    }).until(() -> {
                        assigned.clear();
                        admin.describeConsumerGroups(groups.keySet()).all().get(30, TimeUnit.SECONDS)
                                .forEach((group, d) -> assigned.put(group, d.members().stream()
                                        .map(m -> m.assignment().topicPartitions().size()).sorted().toList()));
                        return groups.entrySet().stream().allMatch(g -> assigned.get(g.getKey()).size() == g.getValue()
                                && assigned.get(g.getKey()).stream().allMatch(n -> n > 0));
                    });
        }
        System.out.printf("[fault] replicas: %s; partitions per member of each group: %s%n", REPLICAS, assigned);
    }

    /** Opens the dashboard stream of {@code brand} on one escalation replica; its lines gather in the queue returned. */
    private static Queue<String> openDashboardStream(ServiceProcess escalation, String brand) {
        Queue<String> lines = new ConcurrentLinkedQueue<>();
        HttpRequest request = HttpRequest.newBuilder(escalation.url("/api/v1/dashboard/stream?brand=" + brand))
                .header("Authorization", TestTokens.bearer("comms")).header("Accept", "text/event-stream").build();
        HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofLines()).thenAccept(r -> {
            lines.add("status:" + r.statusCode());
            r.body().forEach(lines::add);
        });
        await("dashboard stream of " + escalation + " open").atMost(Duration.ofSeconds(60))
                .until(() -> lines.contains("status:200") && lines.stream().anyMatch(l -> l.startsWith(":")));
        return lines;
    }

    /**
     * The crisis brand's OPEN alert was raised (stored and relayed to the live fan-out) by exactly one escalation
     * replica, the crisis monitor's leaseholder, which logs it; it reaches the dashboard stream of every replica, the
     * one that did not raise it included. Returns the replica that raised it: the one to kill, so that the other
     * takes over the monitor.
     */
    private static ServiceProcess alertCrossesReplicas() {
        Set<UUID> crises = ids(Suite.ESCALATION, "select id from crises where brand = any(?)", List.of(crisisBrand));
        assertThat(crises).as("the spike opened a crisis").isNotEmpty();
        UUID crisis = crises.iterator().next();
        List<ServiceProcess> raisedBy = suite.replicas(Suite.ESCALATION).stream()
                .filter(p -> logLines(p).anyMatch(l -> l.contains("crisis " + crisis + " OPEN"))).toList();
        assertThat(raisedBy).as("escalation replicas that raised crisis " + crisis).hasSize(1);
        ServiceProcess raiser = raisedBy.get(0);
        ServiceProcess other = suite.replicas(Suite.ESCALATION).stream().filter(p -> p != raiser).findFirst()
                .orElseThrow();
        await("the OPEN alert of crisis " + crisis + " on every escalation replica's dashboard stream")
                .atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                .until(() -> DASHBOARD.values().stream().allMatch(lines -> sawOpenAlert(lines, crisis)));
        System.out.printf(
                "[fault] crisis %s raised on %s; its OPEN alert reached the dashboard streams of both replicas,"
                        + " %s's included%n", crisis, raiser.log().getFileName(), other.log().getFileName());
        return raiser;
    }

    private static boolean sawOpenAlert(Queue<String> lines, UUID crisis) {
        for (String line : lines) {
            if (line.startsWith("data:") && line.contains(crisis.toString())) {
                try {
                    JsonNode a = Api.JSON.readTree(line.substring("data:".length()));
                    if (crisis.toString().equals(a.path("id").asText()) && "OPEN".equals(a.path("state").asText())) {
                        return true;
                    }
                } catch (IOException e) {
                    // a line of another event
                }
            }
        }
        return false;
    }

    private static java.util.stream.Stream<String> logLines(ServiceProcess p) {
        try {
            return java.nio.file.Files.readAllLines(p.log(), StandardCharsets.UTF_8).stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void createTopics(String... topics) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = java.util.Arrays.stream(topics).filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, java.util.Optional.empty(), java.util.Optional.empty())).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * The faults, in order: the listener killed; one replica of sentiment, escalation and map killed while the other
     * goes on (escalation's: the replica that raised the crisis, once its alert reached both replicas' dashboard
     * streams), each restarted; then every replica of each service killed at once and restarted; then the
     * infrastructure's faults.
     */
    private static List<Fault> faults() {
        List<Fault> faults = new ArrayList<>();
        faults.add(new Fault("kill -9 " + Suite.LISTENER + " and restart", () -> killAndRestart(suite.replicas(
                Suite.LISTENER))));
        for (String service : Suite.ALL_SERVICES) {
            if (suite.replicas(service).size() > 1) {
                faults.add(new Fault("kill -9 one of the " + service + " replicas, the other going on, and restart it",
                        () -> {
                            ServiceProcess victim = service.equals(Suite.ESCALATION)
                                    ? alertCrossesReplicas()
                                    : suite.replicas(service).get(1);
                            System.out.printf("[fault] killing %s%n", victim);
                            killAndRestart(List.of(victim));
                        }));
            }
        }
        for (String service : Suite.ALL_SERVICES) {
            if (suite.replicas(service).size() > 1) {
                faults.add(new Fault("kill -9 every " + service + " replica and restart them",
                        () -> killAndRestart(suite.replicas(service))));
            }
        }
        faults.add(new Fault("restart Kafka", () -> broker.stop().start()));
        faults.add(new Fault("crash and restart PostgreSQL", () -> postgres.crash().start()));
        faults.add(new Fault("flush Redis", FaultInjectionIT::flushRedis));
        faults.add(new Fault("cut every PostgreSQL connection, refuse new ones for 3 s", () -> proxy.cut(Duration
                .ofSeconds(3))));
        faults.add(new Fault("delay PostgreSQL traffic 50 ms per chunk for 10 s",
                () -> proxy.delay(Duration.ofMillis(50), Duration.ofSeconds(10))));
        return faults;
    }

    /**
     * The replay: two brands, 100 authors, threads of a few mentions, texts that are negative (cases), distressed
     * (always a case), positive, neutral, questions, with emoji and a few languages, and a copy-paste burst.
     */
    private static List<List<ObjectNode>> workload(List<String> brands, String run) {
        String[] texts = {
                "This is the worst service ever, my order is late again and nobody answers",
                "I love the new update, thank you so much team 😍",
                "How do I reset my password? The link in the email does not work",
                "Honestly I can't go on anymore, nothing helps and I feel hopeless",
                "Delivery arrived on time, packaging was fine",
                "Der Kundendienst ist furchtbar, ich warte seit zwei Wochen auf mein Geld",
                "Le service client est très lent mais poli",
                "Refund still not processed after 3 weeks, this is a scam, I will call my lawyer 😡",
                "Great price, decent quality, would buy again",
                "Boycott them! Copy and paste this everywhere: they stole our data #leak",
        };
        List<ObjectNode> mentions = new ArrayList<>();
        for (int i = 0; i < MENTIONS; i++) {
            String brand = brands.get(i % brands.size());
            String author = "fault-" + run + "-" + (i % 100);
            String externalId = "fault-" + run + "-" + i;
            String text = texts[(i * 7 + i / 13) % texts.length] + " #" + (i % 37);
            ObjectNode m = Mentions.mention(brand, externalId, author, text);
            ((ObjectNode) m.get("thread")).put("rootId", "fault-" + run + "-thread-" + (i / 4));
            mentions.add(m);
        }
        return batches(mentions);
    }

    /**
     * The crisis brand: {@link #CRISIS_HISTORY_MINUTES} past minutes of two mentions each by two regular authors, then
     * {@link #CRISIS_SPIKE} mentions in the minute after next, each by its own author with a text unlike the others
     * (organic, not a coordinated campaign). The detector judges a minute once, when it has closed (plus a grace of
     * 10 s), against the learned history; a spike dated two minutes ahead (the listener accepts up to a day of clock
     * skew) is scored and counted before its minute even begins, although the listener and sentiment are killed
     * meanwhile.
     */
    private static List<List<ObjectNode>> crisisWorkload(String brand, String run) {
        Instant spikeMinute = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES).plus(Duration.ofMinutes(
                2));
        java.util.Random r = new java.util.Random(run.hashCode());
        List<ObjectNode> mentions = new ArrayList<>();
        for (int m = CRISIS_HISTORY_MINUTES; m >= 1; m--) {
            for (int i = 0; i < 2; i++) {
                String id = "fault-" + run + "-c-h" + m + "-" + i;
                ObjectNode mention = Mentions.mention(brand, id, "fault-" + run + "-regular-" + i, OrganicText.of(r));
                mention.put("createdAt", spikeMinute.minus(Duration.ofMinutes(m)).plusSeconds(10 + 25L * i).toString());
                mentions.add(mention);
            }
        }
        for (int i = 0; i < CRISIS_SPIKE; i++) {
            String id = "fault-" + run + "-c-s" + i;
            ObjectNode mention = Mentions.mention(brand, id, "fault-" + run + "-customer-" + i, OrganicText.of(r));
            mention.put("createdAt", spikeMinute.plusMillis(50_000L * i / CRISIS_SPIKE).toString());
            mentions.add(mention);
        }
        return batches(mentions);
    }

    /** Batches of {@link #BATCH} mentions, in order. */
    private static List<List<ObjectNode>> batches(List<ObjectNode> mentions) {
        List<List<ObjectNode>> batches = new ArrayList<>();
        for (int i = 0; i < mentions.size(); i += BATCH) {
            batches.add(mentions.subList(i, Math.min(mentions.size(), i + BATCH)));
        }
        return batches;
    }

    /** Waits until the crisis brand's spike opened a crisis and its OPEN alert went out to Kafka. */
    private static void awaitCrisis(String brand) {
        Instant t = Instant.now();
        await("a crisis opened for " + brand + " and its OPEN alert published").atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofSeconds(1)).ignoreExceptionsInstanceOf(IllegalStateException.class)
                .until(() -> count(Suite.ESCALATION,
                        "select count(*) from crisis_alerts a join crises c on c.id = a.crisis_id"
                                + " where c.brand = '" + brand
                                + "' and a.state = 'OPEN' and a.published_at is not null") > 0);
        System.out.printf("[fault] crisis open for %s after %d s%n", brand, Duration.between(t, Instant.now())
                .toSeconds());
    }

    /**
     * Across the faults that follow (the escalation kill, Kafka and PostgreSQL restarts, the Redis flush that loses the
     * windows) the crisis brand keeps one crisis per stream, each alerted as OPEN exactly once, in PostgreSQL and on
     * {@code crisis.alerts}; every stored alert is published.
     */
    private static void verifyOneAlertPerCrisis(String brand, TopicReader alerts) throws Exception {
        Set<UUID> crises = ids(Suite.ESCALATION, "select id from crises where brand = any(?)", List.of(brand));
        assertThat(crises).as("the spike opened a crisis").isNotEmpty();
        assertThat(count(Suite.ESCALATION, "select count(*) from (select topic from crises where brand = '" + brand
                + "' group by topic having count(*) > 1) d")).as("streams with two crises").isZero();
        for (UUID crisis : crises) {
            assertThat(count(Suite.ESCALATION,
                    "select count(*) from crisis_alerts where state = 'OPEN' and crisis_id = '"
                            + crisis + "'")).as("OPEN alerts stored for crisis " + crisis).isEqualTo(1);
        }
        await("every crisis alert published").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .until(() -> count(Suite.ESCALATION,
                        "select count(*) from crisis_alerts where published_at is null") == 0);
        List<UUID> opened = new ArrayList<>();
        await("the OPEN alerts on crisis.alerts").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    opened.clear();
                    for (ConsumerRecord<String, String> r : alerts.records()) {
                        JsonNode a = Api.JSON.readTree(r.value());
                        if (brand.equals(a.path("brand").asText()) && "OPEN".equals(a.path("state").asText())) {
                            opened.add(UUID.fromString(a.path("id").asText()));
                        }
                    }
                    return new HashSet<>(opened).equals(crises);
                });
        assertThat(opened).as("OPEN alerts on crisis.alerts, one per crisis").hasSameSizeAs(crises);
        System.out.printf("[fault] crisis brand %s: %d crises, %d OPEN alerts on Kafka, %d alerts stored%n", brand,
                crises.size(), opened.size(), count(Suite.ESCALATION,
                        "select count(*) from crisis_alerts a join crises c"
                                + " on c.id = a.crisis_id where c.brand = '" + brand + "'"));
    }

    /**
     * Posts one batch until the listener answers 202 (it may be down, restarting or without its database meanwhile):
     * the ids it acknowledged. A repeat of a batch the listener stored before its answer was lost counts as duplicates.
     */
    private static Set<UUID> sendUntilAccepted(List<ObjectNode> batch) {
        Set<UUID> ids = new HashSet<>();
        await("batch accepted").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(250))
                .ignoreExceptionsInstanceOf(UncheckedIOException.class)
                .until(() -> {
                    Api.Response r = Api.post(suite.url(Suite.LISTENER, "/api/v1/mentions"), TestTokens.bearer(
                            "service"),
                            batch, Map.of());
                    if (r.status() != 202) {
                        return false;
                    }
                    r.json().path("ids").forEach(id -> ids.add(UUID.fromString(id.asText())));
                    return true;
                });
        if (ids.isEmpty()) {
            batch.forEach(m -> ids.add(Ids.mentionId(m.path("source").asText(), m.path("externalId").asText())));
        }
        return ids;
    }

    /** Mention ids in a DLQ with the reason header of each (scored: the id sits under {@code mention}). */
    private static Map<UUID, String> deadLettered(TopicReader reader, boolean scored) {
        Map<UUID, String> out = new HashMap<>();
        for (ConsumerRecord<String, String> r : reader.records()) {
            try {
                JsonNode node = Api.JSON.readTree(r.value());
                JsonNode id = scored ? node.path("mention").path("id") : node.path("id");
                if (id.isTextual()) {
                    String reason = TopicReader.header(r, "dead-letter-reason");
                    out.put(UUID.fromString(id.asText()), reason == null ? "" : reason);
                }
            } catch (IOException | IllegalArgumentException e) {
                // not one of ours
            }
        }
        return out;
    }

    /** The lag of each consumer group (committed offset to end, summed over its partitions). */
    private static Map<String, Long> lagByGroup(Admin admin) throws Exception {
        Map<String, Long> lags = new TreeMap<>();
        for (GroupListing group : admin.listGroups(ListGroupsOptions.forConsumerGroups()).all().get(30,
                TimeUnit.SECONDS)) {
            long lag = 0;
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                    .get(30, TimeUnit.SECONDS);
            for (Map.Entry<TopicPartition, OffsetAndMetadata> e : committed.entrySet()) {
                if (e.getValue() != null) {
                    lag += Math.max(0, ends.get(e.getKey()).offset() - e.getValue().offset());
                }
            }
            lags.put(group.groupId(), lag);
        }
        return lags;
    }

    private static void flushRedis() {
        int port = Integer.parseInt(System.getenv().getOrDefault("EARSHOT_REDIS_PORT", "6379"));
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = s.getOutputStream();
            String db = String.valueOf(REDIS_DB);
            out.write(("*2\r\n$6\r\nSELECT\r\n$" + db.length() + "\r\n" + db + "\r\n*1\r\n$7\r\nFLUSHDB\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String replies = readLines(in, 2);
            assertThat(replies).as("Redis answered SELECT and FLUSHDB").isEqualTo("+OK\r\n+OK\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readLines(InputStream in, int lines) throws IOException {
        StringBuilder sb = new StringBuilder();
        int seen = 0;
        while (seen < lines) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            sb.append((char) c);
            if (c == '\n') {
                seen++;
            }
        }
        return sb.toString();
    }

    private static Set<UUID> ids(String service, String sql, List<String> brands) {
        return query(service, c -> {
            try (var ps = c.prepareStatement(sql)) {
                ps.setArray(1, c.createArrayOf("varchar", brands.toArray()));
                Set<UUID> out = new HashSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add((UUID) rs.getObject(1));
                    }
                }
                return out;
            }
        });
    }

    private static long count(String service, String sql) {
        return query(service, c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private interface Query<T> {
        T run(Connection c) throws SQLException;
    }

    private static <T> T query(String service, Query<T> q) {
        try (Connection c = suite.database(service)) {
            return q.run(c);
        } catch (SQLException e) {
            throw new IllegalStateException("query on " + service + " failed: " + e.getMessage(), e);
        }
    }
}
