package io.earshot.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The system under test for one test class: an {@link OtlpReceiver}, fresh databases and a unique Redis prefix and
 * Kafka consumer groups for this run, and the requested services started as {@link ServiceProcess}es, ready.
 * {@link #close()} stops everything it started.
 *
 * <p>Infrastructure comes from the environment, as {@code bin/earshot test} exports it: {@code KAFKA_BOOTSTRAP_SERVERS}
 * (default 127.0.0.1:19092), {@code EARSHOT_PG_HOST}/{@code EARSHOT_PG_PORT} (127.0.0.1:5432, user postgres),
 * {@code EARSHOT_REDIS_PORT} (6379). System property {@code earshot.e2e.ready-timeout} (ISO-8601 duration, default
 * PT120S, or 30 s per process when more than four start) bounds the start of all services together.
 */
public final class Suite implements AutoCloseable {
    public static final String LISTENER = "listener";
    public static final String SENTIMENT = "sentiment";
    public static final String ESCALATION = "escalation";
    public static final String MAP = "map";
    public static final List<String> ALL_SERVICES = List.of(LISTENER, SENTIMENT, ESCALATION, MAP);
    /** The database name part of the run's subject key vault ({@link #databaseName}). */
    public static final String KEYS = "keys";
    /** The key-encryption key every service of a run shares ({@code EARSHOT_SECRETS_KEY}): e2e only. */
    public static final String E2E_SECRETS_KEY = "ZTJlLW9ubHktd2ViaG9vay1zZWNyZXRzLWtleS0zMiE=";

    /**
     * The Kafka inputs of each service: incoming channel name and its topic. Each gets a consumer group id unique to
     * the run ({@code MP_MESSAGING_INCOMING_<CHANNEL>_GROUP_ID}) whose offsets start at the topic's current end. Only a
     * service that declares the channel may get its variable: SmallRye Reactive Messaging reads an
     * {@code MP_MESSAGING_INCOMING_*} variable of an unknown channel as a new channel ({@code mentions}) without a
     * connector and the service fails to start (SRMSG00071).
     */
    static final Map<String, Map<String, String>> INPUTS = Map.of(
            LISTENER, Map.of("privacy-erasure", "privacy.erasure", "privacy-erasure-done", "privacy.erasure.done"),
            SENTIMENT, Map.of("mentions-raw", "mentions.raw", "privacy-erasure", "privacy.erasure"),
            ESCALATION, Map.of("mentions-scored", "mentions.scored", "privacy-erasure", "privacy.erasure"),
            MAP, Map.of("insights-candidates", "insights.candidates", "mentions-scored", "mentions.scored",
                    "privacy-erasure", "privacy.erasure"));

    private final String label;
    private final String runId = UUID.randomUUID().toString();
    private final Path repoRoot;
    private final Path target;
    private final Path logDir;
    private String kafkaBootstrap = env("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:19092");
    private final String pgHost = env("EARSHOT_PG_HOST", "127.0.0.1");
    private String pgPort = env("EARSHOT_PG_PORT", "5432");
    private String redisUrl = "redis://127.0.0.1:" + env("EARSHOT_REDIS_PORT", "6379") + "/2";
    /** Each service's replicas, in start order (one unless {@link #start(String, List, String, String, String, Map, Map)} asked for more). */
    private final Map<String, List<ServiceProcess>> services = new LinkedHashMap<>();
    private Map<String, String> extraEnv = Map.of();
    private Map<String, Integer> replicas = Map.of();
    private OtlpReceiver receiver;
    private Thread shutdownHook;

    private Suite(String label) {
        this.label = label;
        this.repoRoot = Path.of(System.getProperty("earshot.repo.root", guessRepoRoot().toString())).toAbsolutePath()
                .normalize();
        this.target = Path.of(System.getProperty("earshot.e2e.target", repoRoot.resolve("e2e-tests/target").toString()))
                .toAbsolutePath().normalize();
        this.logDir = target.resolve("logs").resolve(label);
    }

    /**
     * Starts the receiver and the given services (short names, see {@link #ALL_SERVICES}) and waits until all are
     * ready. {@code label} names the log folder: {@code target/logs/<label>/<service>.log}.
     */
    public static Suite start(String label, List<String> serviceNames) {
        return start(label, serviceNames, null, Map.of());
    }

    /**
     * Like {@link #start(String, List)}, against the Kafka broker at {@code kafkaBootstrap} (null: the run's broker),
     * with {@code extraEnv} added to every service's environment.
     */
    public static Suite start(String label, List<String> serviceNames, String kafkaBootstrap,
            Map<String, String> extraEnv) {
        return start(label, serviceNames, kafkaBootstrap, null, null, extraEnv);
    }

    /**
     * Like {@link #start(String, List, String, Map)}, with this run's databases on the PostgreSQL at 127.0.0.1:
     * {@code pgPort} and its Redis data at {@code redisUrl} (null: the defaults). The services reach PostgreSQL at
     * {@code pgPort} too, unless {@code extraEnv} sets {@code EARSHOT_PG_PORT} (a proxy in front of it, say).
     */
    public static Suite start(String label, List<String> serviceNames, String kafkaBootstrap, String pgPort,
            String redisUrl, Map<String, String> extraEnv) {
        return start(label, serviceNames, kafkaBootstrap, pgPort, redisUrl, extraEnv, Map.of());
    }

    /**
     * Like {@link #start(String, List, String, String, String, Map)}, with {@code replicas} processes of the services it
     * names (one of the others): the replicas of a service share its database, Redis prefix and consumer groups, as
     * replicas of a deployment do, each on a port of its own with its own log ({@code <service>-<n>.log} from the
     * second on).
     */
    public static Suite start(String label, List<String> serviceNames, String kafkaBootstrap, String pgPort,
            String redisUrl, Map<String, String> extraEnv, Map<String, Integer> replicas) {
        Suite suite = new Suite(label);
        suite.replicas = Map.copyOf(replicas);
        if (kafkaBootstrap != null) {
            suite.kafkaBootstrap = kafkaBootstrap;
        }
        if (pgPort != null) {
            suite.pgPort = pgPort;
        }
        if (redisUrl != null) {
            suite.redisUrl = redisUrl;
        }
        suite.extraEnv = Map.copyOf(extraEnv);
        try {
            suite.boot(serviceNames);
            return suite;
        } catch (RuntimeException | Error e) {
            suite.close();
            throw e;
        }
    }

    private void boot(List<String> serviceNames) {
        int processes = serviceNames.stream().mapToInt(n -> replicas.getOrDefault(n, 1)).sum();
        // 120 s for up to four JVMs starting at once on two cores, 30 s per process beyond (FaultInjectionIT starts 7).
        Duration ready = System.getProperty("earshot.e2e.ready-timeout") != null
                ? Duration.parse(System.getProperty("earshot.e2e.ready-timeout"))
                : Duration.ofSeconds(Math.max(120, 30L * processes));
        Instant deadline = Instant.now().plus(ready);
        receiver = OtlpReceiver.start();
        Path publicKey = extractResource("earshot-test-public.pem");
        recreateDatabases(withKeys(serviceNames));
        prepareKafka(serviceNames);
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String name : serviceNames) {
            for (int replica = 1; replica <= replicas.getOrDefault(name, 1); replica++) {
                services.computeIfAbsent(name, n -> new ArrayList<>()).add(process(name, replica, publicKey));
            }
        }
        shutdownHook = new Thread(() -> all().forEach(ServiceProcess::kill), "e2e-suite-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        all().forEach(ServiceProcess::start);
        for (ServiceProcess service : all()) {
            service.awaitReady(Duration.between(Instant.now(), deadline));
        }
        System.out.printf("[e2e] %s: run %s, OTLP receiver %s, %s%n", label, runId, receiver.endpoint(),
                all().stream().map(ServiceProcess::toString).collect(Collectors.joining(", ")));
    }

    /** Replica {@code replica} (from 1) of a service: its environment, port and log. */
    private ServiceProcess process(String name, int replica, Path publicKey) {
        Map<String, String> env = new LinkedHashMap<>();
        int port = freePort();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("EARSHOT_HTTP_PORT", String.valueOf(port));
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap);
        env.put("EARSHOT_PG_HOST", pgHost);
        env.put("EARSHOT_PG_PORT", pgPort);
        env.put("EARSHOT_DB_NAME", databaseName(name));
        // The subject key vault (crypto-shredding): one database of the run's, shared by its services, under one
        // key-encryption key (a suite's extraEnv may give its own).
        env.put("EARSHOT_KEYS_DB_NAME", databaseName(KEYS));
        env.put("EARSHOT_SECRETS_KEY", E2E_SECRETS_KEY);
        env.put("EARSHOT_REDIS_URL", redisUrl);
        env.put("EARSHOT_REDIS_PREFIX", redisPrefix(name));
        env.put("EARSHOT_JWT_PUBLIC_KEY", publicKey.toString());
        env.put("EARSHOT_OTLP_ENDPOINT", receiver.endpoint());
        env.put("EARSHOT_OTLP_PROTOCOL", "http/protobuf");
        env.put("QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "200ms");
        // The suites replay thousands of mentions as fast as the services take them, with one service token: the
        // production ingest rate limit would refuse part of the replay (its own test is IngestRateLimitTest).
        env.put("EARSHOT_INGEST_RATE_PER_MINUTE", "6000000");
        env.put("EARSHOT_INGEST_RATE_BURST", "100000");
        INPUTS.getOrDefault(name, Map.of()).keySet().forEach(channel -> env.put(
                "MP_MESSAGING_INCOMING_" + channel.toUpperCase(Locale.ROOT).replace('-', '_') + "_GROUP_ID",
                groupId(name, channel)));
        env.putAll(extraEnv);
        Path log = logDir.resolve(replica == 1 ? name + ".log" : name + "-" + replica + ".log");
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ServiceProcess(name, jar(name), port, env, List.of("-Xmx256m", "-Dearshot.e2e=" + runId), log);
    }

    private List<ServiceProcess> all() {
        return services.values().stream().flatMap(List::stream).toList();
    }

    public String runId() {
        return runId;
    }

    public OtlpReceiver receiver() {
        return receiver;
    }

    /** The (first) replica of a service. */
    public ServiceProcess service(String name) {
        return replicas(name).get(0);
    }

    /** Every replica of a service, in start order. */
    public List<ServiceProcess> replicas(String name) {
        List<ServiceProcess> replicas = services.get(name);
        if (replicas == null) {
            throw new IllegalArgumentException(name + " is not part of this suite: " + services.keySet());
        }
        return List.copyOf(replicas);
    }

    public URI url(String service, String path) {
        return service(service).url(path);
    }

    public String kafkaBootstrap() {
        return kafkaBootstrap;
    }

    /** A JDBC connection to this run's database of a service (direct, not through any proxy). */
    public Connection database(String service) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + pgHost + ":" + pgPort + "/" + databaseName(service),
                env("EARSHOT_PG_USER", "postgres"), env("EARSHOT_PG_PASSWORD", ""));
    }

    /** Consumer group id of one input channel of a service in this run (each channel has a group of its own). */
    public String groupId(String service, String channel) {
        return "e2e-" + runId + "-" + service + "-" + channel;
    }

    /**
     * Redis key prefix of a service in this run. Per service, like the services' defaults ({@code earshot:listener:}),
     * so that two services' keys of the same name (a dedup "seen" set, say) cannot collide.
     */
    public String redisPrefix(String service) {
        return "earshot:e2e:" + runId + ":" + service + ":";
    }

    /** This run's own database of a service: concurrent runs on one PostgreSQL never touch each other's data. */
    public String databaseName(String service) {
        return "earshot_test_e2e_" + service + "_" + runId.substring(0, 8);
    }

    /** JDBC URL of this run's database of a service. */
    public String jdbcUrl(String service) {
        return "jdbc:postgresql://" + pgHost + ":" + pgPort + "/" + databaseName(service);
    }

    public String redisHost() {
        return "127.0.0.1";
    }

    public int redisPort() {
        return Integer.parseInt(env("EARSHOT_REDIS_PORT", "6379"));
    }

    /** The Redis database the services of a run use (see {@code EARSHOT_REDIS_URL}). */
    public int redisDatabase() {
        return Integer.parseInt(redisUrl.substring(redisUrl.lastIndexOf('/') + 1));
    }

    public Path repoRoot() {
        return repoRoot;
    }

    public Path jar(String service) {
        return repoRoot.resolve(service + "-service/target/quarkus-app/quarkus-run.jar");
    }

    /**
     * Stops every service (SIGTERM, SIGKILL after 20 s) and the receiver, and writes the spans it received to
     * {@code target/logs/<label>/spans.txt} for diagnosis.
     */
    @Override
    public void close() {
        all().forEach(ServiceProcess::signalStop);
        all().forEach(s -> s.stop(Duration.ofSeconds(20)));
        if (receiver != null) {
            try {
                Files.createDirectories(logDir);
                Files.write(logDir.resolve("spans.txt"), receiver.spans().stream().map(CapturedSpan::toString)
                        .toList());
            } catch (IOException e) {
                System.err.println("[e2e] cannot write " + logDir.resolve("spans.txt") + ": " + e);
            }
        }
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook runs anyway
            }
        }
        if (receiver != null) {
            receiver.close();
        }
        dropDatabases();
    }

    // ------------------------------------------------------------------------------------------------------------

    private void recreateDatabases(List<String> serviceNames) {
        forEachDatabase(serviceNames, (s, db) -> {
            s.execute("drop database if exists " + db + " with (force)");
            s.execute("create database " + db);
        });
    }

    /** The services' databases and the key vault's ({@link #KEYS}), which every service shares. */
    private static List<String> withKeys(java.util.Collection<String> serviceNames) {
        List<String> all = new java.util.ArrayList<>(serviceNames);
        all.add(KEYS);
        return all;
    }

    private void dropDatabases() {
        try {
            forEachDatabase(withKeys(services.keySet()), (s, db) -> s.execute("drop database if exists " + db
                    + " with (force)"));
        } catch (IllegalStateException e) {
            System.err.println("[e2e] " + e.getMessage());
        }
    }

    private interface DatabaseAction {
        void run(Statement statement, String database) throws SQLException;
    }

    private void forEachDatabase(List<String> serviceNames, DatabaseAction action) {
        String url = "jdbc:postgresql://" + pgHost + ":" + pgPort + "/postgres";
        try (Connection c = DriverManager.getConnection(url, env("EARSHOT_PG_USER", "postgres"), env(
                "EARSHOT_PG_PASSWORD", ""));
                Statement s = c.createStatement()) {
            for (String name : serviceNames) {
                action.run(s, databaseName(name));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot manage the e2e databases on " + url + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates the consumed topics when missing and commits, for this run's (new) consumer groups, the current end of
     * each partition. The services then consume exactly what is produced after this point, whatever their
     * {@code auto.offset.reset}: no history from earlier runs, and no record missed because a consumer joined its
     * group after the first mention was published.
     */
    private void prepareKafka(List<String> serviceNames) {
        Map<String, Set<String>> topicsByGroup = new LinkedHashMap<>();
        serviceNames.stream().filter(INPUTS::containsKey)
                .forEach(name -> INPUTS.get(name).forEach((channel, topic) -> topicsByGroup.put(groupId(name, channel),
                        Set.of(topic))));
        Set<String> topics = new TreeSet<>();
        topicsByGroup.values().forEach(topics::addAll);
        if (topics.isEmpty()) {
            return;
        }
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000,
                AdminClientConfig.CLIENT_ID_CONFIG, "e2e-" + runId);
        try (Admin admin = Admin.create(config)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, Optional.empty(), Optional.empty())).toList();
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
            admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS)
                    .forEach((topic, description) -> description.partitions()
                            .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
            for (Map.Entry<String, Set<String>> group : topicsByGroup.entrySet()) {
                Map<TopicPartition, OffsetAndMetadata> start = new LinkedHashMap<>();
                ends.forEach((tp, info) -> {
                    if (group.getValue().contains(tp.topic())) {
                        start.put(tp, new OffsetAndMetadata(info.offset()));
                    }
                });
                admin.alterConsumerGroupOffsets(group.getKey(), start).all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot prepare Kafka at " + kafkaBootstrap
                    + " (KAFKA_BOOTSTRAP_SERVERS; bin/earshot test starts one): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while preparing Kafka", e);
        }
    }

    private Path extractResource(String resource) {
        Path file = target.resolve("e2e").resolve(resource);
        try (InputStream in = Suite.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " not on the test classpath (platform test-jar)");
            }
            Files.createDirectories(file.getParent());
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path guessRepoRoot() {
        Path cwd = Path.of("").toAbsolutePath();
        return cwd.getFileName() != null && cwd.getFileName().toString().equals("e2e-tests") ? cwd.getParent() : cwd;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** A brand no earlier run used (lowercase: the listener lowercases brands). */
    public static String uniqueBrand() {
        return "e2e" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
    }
}
