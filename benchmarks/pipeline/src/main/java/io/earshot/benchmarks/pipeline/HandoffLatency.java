package io.earshot.benchmarks.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.earshot.platform.security.Roles;
import io.earshot.platform.security.TokenMinter;
import io.earshot.platform.webhooks.WebhookSignature;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Hand-off latency of live conversations on the running suite (docs/conversations.md, issue #24 item 4): N
 * conversations at once, each a bot platform's chat posting one turn at a time to the listener with a think time
 * between turns (customer, then a bot fallback, then the customer asking for a person: the turn that hands off). A
 * fixture bot platform on loopback is registered as a webhook endpoint for {@code conversation.handoff}, verifies each
 * request's signature and notes when it arrived. The latency of a hand-off is from the moment the triggering turn's
 * POST was sent to the moment its signed webhook arrived: listener, outbox, Kafka, sentiment, escalation's assessment
 * and case transaction, the webhook dispatcher. A conversation that got its webhook starts again under a new id, so the
 * load stays at N concurrent conversations until the count of hand-offs is measured.
 *
 * <p>Where the time goes: the triggering turn is followed on {@code mentions.raw} and {@code mentions.scored} (the
 * records' create times, stamped by the relay's and sentiment's producers), and the webhook's delivery row (created when
 * escalation's case transaction began) and payload ({@code data.at}: the hand-off decided, before the commit) give the
 * rest, so each hand-off is split into six hops, printed with their percentiles. A conversation without its webhook in
 * time is followed to where it stopped (not published, not scored, no delivery, delivery retried, late).
 *
 * <p>Options: --conversations N (100), --handoffs N (300, measured after the warm-up), --warmup N (100 hand-offs not
 * counted), --think-ms N (1000, between a conversation's turns), --timeout PT30S (a hand-off not seen by then is
 * missed), --listener URL, --escalation URL, --kafka HOST:PORT (127.0.0.1:9092, for the breakdown), --keys DIR
 * (.earshot/keys: signs the tokens).
 */
public final class HandoffLatency {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRIGGER_TURN = "3";

    /** What was seen of one conversation's triggering turn, in wall-clock milliseconds (-1: not seen). */
    private static final class Trace {
        volatile long sentNanos;
        volatile long sentMs = -1;
        volatile long acceptedMs = -1;
        volatile long rawMs = -1;
        volatile long scoredMs = -1;
        volatile long txStartMs = -1;
        volatile long decidedMs = -1;
        volatile long arrivedMs = -1;
        volatile long latencyNanos = -1;
        volatile int attempts;
        volatile String deliveryStatus;
        volatile String lastError;
        volatile String delivery;
    }

    private final Map<String, Trace> traces = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> waiting = new ConcurrentHashMap<>();
    private final AtomicInteger badSignatures = new AtomicInteger();
    private final AtomicInteger httpErrors = new AtomicInteger();
    private final AtomicInteger earlyWebhooks = new AtomicInteger();
    private final AtomicInteger duplicateWebhooks = new AtomicInteger();
    private final AtomicInteger resentWebhooks = new AtomicInteger();
    private final AtomicLong turnsPosted = new AtomicLong();
    private final List<String> errorSamples = Collections.synchronizedList(new ArrayList<>());
    private volatile String secret;

    private int conversations = 100;
    private int handoffs = 1000;
    private int warmup = 300;
    private long thinkMs = 1000;
    /** Seeds the users' pauses, so runs offer the same arrival pattern. */
    private static final long SEED = 20261207L;
    private Duration timeout = Duration.ofSeconds(30);
    private String listener = "http://127.0.0.1:8081";
    private String escalation = "http://127.0.0.1:8083";
    private String kafka = "127.0.0.1:9092";
    private Path keys = Path.of(".earshot/keys");

    public static void main(String[] args) throws Exception {
        HandoffLatency b = new HandoffLatency();
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--conversations" -> b.conversations = Integer.parseInt(v);
                case "--handoffs" -> b.handoffs = Integer.parseInt(v);
                case "--warmup" -> b.warmup = Integer.parseInt(v);
                case "--think-ms" -> b.thinkMs = Long.parseLong(v);
                case "--timeout" -> b.timeout = Duration.parse(v);
                case "--listener" -> b.listener = v;
                case "--escalation" -> b.escalation = v;
                case "--kafka" -> b.kafka = v;
                case "--keys" -> b.keys = Path.of(v);
                case "--help", "-h" -> {
                    System.out.println("options: --conversations N --handoffs N --warmup N --think-ms N --timeout PT30S"
                            + " --listener URL --escalation URL --kafka HOST:PORT --keys DIR");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
            i++;
        }
        System.exit(b.run());
    }

    private int run() throws Exception {
        TokenMinter minter = TokenMinter.fromPem(Files.readString(keys.resolve("private.pem")));
        String service = "Bearer " + minter.mint(Roles.SERVICE);
        String admin = "Bearer " + minter.mint(Roles.ADMIN);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        String run = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
        String brand = "bench-handoff-" + run;

        HttpServer bot = receiver(brand);
        String endpoint = register(http, admin, "http://127.0.0.1:" + bot.getAddress().getPort() + "/bot");
        AtomicBoolean stop = new AtomicBoolean();
        Thread topics = followTopics(brand, stop);
        header(brand);

        AtomicInteger started = new AtomicInteger();
        List<String> missed = Collections.synchronizedList(new ArrayList<>());
        List<String> measured = Collections.synchronizedList(new ArrayList<>());
        int total = warmup + handoffs;
        ExecutorService users = Executors.newFixedThreadPool(conversations);
        long t0 = System.nanoTime();
        for (int u = 0; u < conversations; u++) {
            int user = u;
            users.submit(() -> user(user, started, total, run, http, service, brand, measured, missed));
        }
        users.shutdown();
        users.awaitTermination(2, TimeUnit.HOURS);
        double seconds = (System.nanoTime() - t0) / 1e9;
        String loadAtEnd = PipelineBenchmark.loadAverage();
        // Late webhooks of missed conversations still count as late (not lost): wait a little for them.
        long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < drainUntil && missed.stream().anyMatch(c -> traces.get(c).arrivedMs < 0)) {
            Thread.sleep(200);
        }
        String deliveriesNote = deliveries(http, admin, endpoint, brand);
        stop.set(true);
        if (topics != null) {
            topics.join(5000);
        }
        delete(http, admin, endpoint);
        bot.stop(0);
        ((ExecutorService) bot.getExecutor()).shutdownNow();

        long[] ms = measured.stream().map(traces::get).mapToLong(t -> t.latencyNanos / 1_000_000).sorted().toArray();
        System.out.printf(
                "turns:     %d posted in %.0f s (%.1f turns/s), hand-offs %d of %d conversations (warm-up %d)%n",
                turnsPosted.get(), seconds, turnsPosted.get() / seconds, total - missed.size() - httpErrors.get(),
                total,
                warmup);
        System.out.printf("latency (ms): p50 %d  p95 %d  p99 %d  max %d  (n=%d measured hand-offs)%n",
                PipelineBenchmark.pct(ms, 50), PipelineBenchmark.pct(ms, 95), PipelineBenchmark.pct(ms, 99),
                ms.length == 0 ? -1 : ms[ms.length - 1], ms.length);
        System.out.printf("target:    p99 under 1000 ms at %d concurrent conversations: %s%n", conversations,
                ms.length == 0 ? "not measured" : PipelineBenchmark.pct(ms, 99) < 1000 ? "met" : "NOT met");
        System.out.printf("errors:    %d missed (no webhook within %s), %d HTTP errors, %d bad signatures, %d second"
                + " hand-offs of a conversation, %d hand-offs before the asking turn; %d deliveries re-sent after a late"
                + " answer%n", missed.size(), timeout, httpErrors.get(), badSignatures.get(), duplicateWebhooks.get(),
                earlyWebhooks.get(), resentWebhooks.get());
        errorSamples.forEach(e -> System.out.println("           " + e));
        breakdown(measured);
        if (!missed.isEmpty()) {
            explainMisses(http, service, brand, missed);
        }
        if (deliveriesNote != null) {
            System.out.println("note:      " + deliveriesNote);
        }
        System.out.printf("machine:   load average %s (at end)%n", loadAtEnd);
        if (ms.length == 0 && !missed.isEmpty()) {
            System.out.println("no hand-off arrived: the suite must let webhooks reach 127.0.0.1"
                    + " (EARSHOT_OUTBOUND_ALLOW_LIST=127.0.0.1; benchmarks/run.sh handoff-latency sets it on a suite it starts)");
            return 1;
        }
        return 0;
    }

    /** What the run measures, on what, with which command. */
    private void header(String brand) {
        String command = "benchmarks/run.sh handoff-latency --conversations " + conversations + " --handoffs "
                + handoffs
                + " --warmup " + warmup + " --think-ms " + thinkMs;
        System.out.printf("hand-off latency: turn POST -> signed conversation.handoff webhook received%n");
        System.out.printf("date:      %s%n", Instant.now().truncatedTo(ChronoUnit.SECONDS));
        System.out.printf("machine:   %d CPUs, %s, load average %s (at start)%n", Runtime.getRuntime()
                .availableProcessors(),
                PipelineBenchmark.cpuModel(), PipelineBenchmark.loadAverage());
        System.out.printf("command:   %s%n", command);
        System.out.printf("workload:  %d concurrent conversations of brand %s, 3 turns each (customer, bot fallback,"
                + " customer asks for a person), %d ms between turns on average (0.5-1.5x, users started spread over one"
                + " pause), a new conversation when one is handed off%n",
                conversations, brand, thinkMs);
    }

    /** The bot platform's webhook receiver: verifies each signature and records the hand-off's arrival. */
    private HttpServer receiver(String brand) throws IOException {
        HttpServer bot = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        bot.setExecutor(Executors.newFixedThreadPool(8));
        bot.createContext("/bot", exchange -> {
            long now = System.nanoTime();
            long wall = System.currentTimeMillis();
            try (InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                boolean ok = secret != null && WebhookSignature.verify(exchange.getRequestHeaders()
                        .getFirst(WebhookSignature.HEADER), body, secret, Instant.now(),
                        WebhookSignature.DEFAULT_TOLERANCE);
                if (!ok) {
                    badSignatures.incrementAndGet();
                } else {
                    arrived(JSON.readTree(body).path("data"), exchange.getRequestHeaders()
                            .getFirst(WebhookSignature.DELIVERY_HEADER), brand, now, wall);
                }
                exchange.sendResponseHeaders(ok ? 200 : 401, -1);
            } finally {
                exchange.close();
            }
        });
        bot.start();
        return bot;
    }

    /** A signed webhook of this run's brand arrived at the fixture bot. */
    private void arrived(JsonNode data, String delivery, String brand, long nanos, long wall) {
        if (!brand.equals(data.path("brand").asText())) {
            return;
        }
        String conv = data.path("conversationId").asText();
        Trace t = traces.get(conv);
        if (t == null || t.sentNanos == 0) {
            earlyWebhooks.incrementAndGet(); // handed off before the turn that asks for a person
            return;
        }
        synchronized (t) {
            if (t.arrivedMs >= 0) {
                // The same delivery again is a retry after an answer that came too late (receivers dedupe on
                // Earshot-Delivery); another delivery for the conversation would be a second hand-off.
                (String.valueOf(delivery).equals(t.delivery) ? resentWebhooks : duplicateWebhooks).incrementAndGet();
                return;
            }
            t.delivery = delivery;
            t.arrivedMs = wall;
            t.latencyNanos = nanos - t.sentNanos;
            try {
                t.decidedMs = Instant.parse(data.path("at").asText()).toEpochMilli();
            } catch (RuntimeException e) {
                // no decision time: the breakdown leaves this hand-off's last two hops out
            }
        }
        CountDownLatch l = waiting.get(conv);
        if (l != null) {
            l.countDown();
        }
    }

    /**
     * One simulated user: starts after its share of one pause, then converses until the run has started all its
     * conversations. A steady load: the users start spread over one think time and each pauses a random 0.5-1.5 think
     * times between turns (the same mean), so turns arrive evenly instead of 100 at the same instant every cycle.
     */
    private void user(int u, AtomicInteger started, int total, String run, HttpClient http, String service,
            String brand, List<String> measured, List<String> missed) {
        java.util.SplittableRandom pace = new java.util.SplittableRandom(SEED + u);
        try {
            Thread.sleep(thinkMs * u / conversations);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        int n;
        while ((n = started.getAndIncrement()) < total) {
            String conv = run + "-" + n;
            try {
                if (converse(http, service, brand, conv, pace)) {
                    if (n >= warmup) {
                        measured.add(conv);
                    }
                } else {
                    missed.add(conv);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | IOException e) {
                httpErrors.incrementAndGet();
                if (errorSamples.size() < 3) {
                    errorSamples.add(conv + ": " + e.getMessage());
                }
            }
        }
    }

    /** One conversation, turn by turn; whether its hand-off webhook arrived in time. */
    private boolean converse(HttpClient http, String token, String brand, String conv, java.util.SplittableRandom pace)
            throws IOException, InterruptedException {
        CountDownLatch arrived = new CountDownLatch(1);
        Trace t = new Trace();
        traces.put(conv, t);
        waiting.put(conv, arrived);
        try {
            post(http, token, conv, turn(brand, "1", "customer",
                    "My parcel has not arrived and the tracking page shows nothing"));
            Thread.sleep(think(pace));
            post(http, token, conv, turn(brand, "2", "bot", "Sorry, I didn't understand that. Could you rephrase?"));
            Thread.sleep(think(pace));
            ObjectNode ask = turn(brand, TRIGGER_TURN, "customer", "Can I talk to a human agent please");
            t.sentMs = System.currentTimeMillis();
            t.sentNanos = System.nanoTime();
            post(http, token, conv, ask);
            t.acceptedMs = System.currentTimeMillis();
            return arrived.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            waiting.remove(conv);
        }
    }

    /** A pause between turns: uniform between half and one and a half think times. */
    private long think(java.util.SplittableRandom pace) {
        return thinkMs / 2 + pace.nextLong(thinkMs + 1);
    }

    private static ObjectNode turn(String brand, String turnId, String speaker, String text) {
        ObjectNode t = JSON.createObjectNode();
        t.put("turnId", turnId).put("speaker", speaker).put("text", text).put("time", Instant.now().toString())
                .put("channel", "web").put("brand", brand);
        return t;
    }

    private void post(HttpClient http, String token, String conv, ObjectNode turn) throws IOException,
            InterruptedException {
        turn.put("customerHandle", "@c-" + conv);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(listener + "/api/v1/conversations/" + conv
                + "/turns"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", token).header("Content-Type",
                        "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(turn.toString())).build(), HttpResponse.BodyHandlers
                        .ofString());
        if (r.statusCode() != 202) {
            throw new IOException("POST turns: HTTP " + r.statusCode() + " " + r.body());
        }
        turnsPosted.incrementAndGet();
    }

    // ---------------------------------------------------------------------------------------------------------
    // where the time goes
    // ---------------------------------------------------------------------------------------------------------

    /**
     * Follows mentions.raw and mentions.scored from their current ends and notes the create time of each triggering
     * turn of this run's brand (null, and no breakdown, when Kafka cannot be reached).
     */
    private Thread followTopics(String brand, AtomicBoolean stop) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50");
        KafkaConsumer<String, String> consumer;
        List<TopicPartition> partitions = new ArrayList<>();
        try {
            consumer = new KafkaConsumer<>(p);
            for (String topic : List.of("mentions.raw", "mentions.scored")) {
                for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(20))) {
                    partitions.add(new TopicPartition(info.topic(), info.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
        } catch (RuntimeException e) {
            System.out.printf("breakdown: Kafka at %s not followed (%s): no per-hop figures%n", kafka, e.getMessage());
            return null;
        }
        String marker = "\"" + brand + "\"";
        Thread t = new Thread(() -> {
            try (consumer) {
                while (!stop.get()) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                        if (r.value() == null || !r.value().contains(marker)) {
                            continue;
                        }
                        try {
                            JsonNode root = JSON.readTree(r.value());
                            JsonNode mention = r.topic().equals("mentions.scored") ? root.path("mention") : root;
                            JsonNode c = mention.path("conversation");
                            if (!TRIGGER_TURN.equals(c.path("turnId").asText())) {
                                continue;
                            }
                            Trace tr = traces.get(c.path("id").asText());
                            if (tr == null) {
                                continue;
                            }
                            if (r.topic().equals("mentions.raw")) {
                                tr.rawMs = tr.rawMs < 0 ? r.timestamp() : Math.min(tr.rawMs, r.timestamp());
                            } else {
                                tr.scoredMs = tr.scoredMs < 0 ? r.timestamp() : Math.min(tr.scoredMs, r.timestamp());
                            }
                        } catch (IOException e) {
                            // not a record of this run
                        }
                    }
                }
            }
        }, "topic-follower");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * Reads the endpoint's delivery log (before the endpoint is deleted with it): when escalation's transaction that
     * queued each hand-off began, its attempts and status. Returns a note when it could not be read.
     */
    private String deliveries(HttpClient http, String admin, String endpoint, String brand) {
        String cursor = null;
        try {
            do {
                String url = escalation + "/api/v1/webhooks/deliveries?limit=500&endpoint=" + endpoint
                        + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(
                        30))
                        .header("Authorization", admin).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    return "delivery log not read: HTTP " + r.statusCode();
                }
                JsonNode page = JSON.readTree(r.body());
                for (JsonNode d : page.path("items")) {
                    String[] key = d.path("eventKey").asText().split(":");
                    Trace t = key.length == 3 && key[0].equals("handoff") ? traces.get(key[1]) : null;
                    if (t == null) {
                        continue;
                    }
                    t.txStartMs = Instant.parse(d.path("createdAt").asText()).toEpochMilli();
                    t.attempts = d.path("attempts").asInt();
                    t.deliveryStatus = d.path("status").asText();
                    t.lastError = d.path("lastError").isNull() ? null : d.path("lastError").asText();
                }
                cursor = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
            } while (cursor != null);
            return null;
        } catch (IOException | RuntimeException e) {
            return "delivery log not read: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "delivery log not read: interrupted";
        }
    }

    private record Hop(String name, ToLongFunction<Trace> from, ToLongFunction<Trace> to) {
        long of(Trace t) {
            long a = from.applyAsLong(t);
            long b = to.applyAsLong(t);
            return a < 0 || b < 0 ? Long.MIN_VALUE : b - a;
        }
    }

    private static final List<Hop> HOPS = List.of(
            new Hop("listener: POST -> 202 (redact, store, outbox row)", t -> t.sentMs, t -> t.acceptedMs),
            new Hop("outbox relay: 202 -> sent to mentions.raw", t -> t.acceptedMs, t -> t.rawMs),
            new Hop("sentiment: mentions.raw -> mentions.scored", t -> t.rawMs, t -> t.scoredMs),
            new Hop("escalation: mentions.scored -> case transaction", t -> t.scoredMs, t -> t.txStartMs),
            new Hop("escalation: case transaction -> hand-off decided", t -> t.txStartMs, t -> t.decidedMs),
            new Hop("commit, dispatcher, HTTP -> webhook received", t -> t.decidedMs, t -> t.arrivedMs));

    /** Each hop's percentiles over the measured hand-offs, and the slowest hand-offs hop by hop. */
    private void breakdown(List<String> measured) {
        List<Trace> all = measured.stream().map(traces::get).toList();
        if (all.isEmpty() || all.stream().noneMatch(t -> t.rawMs >= 0)) {
            return;
        }
        System.out.println(
                "breakdown (ms; each hop's own percentiles over the measured hand-offs, so they do not add up):");
        System.out.printf(Locale.ROOT, "  %-52s %6s %6s %6s %6s %5s%n", "hop", "p50", "p95", "p99", "max", "n");
        for (Hop h : HOPS) {
            long[] v = all.stream().mapToLong(h::of).filter(x -> x != Long.MIN_VALUE).sorted().toArray();
            System.out.printf(Locale.ROOT, "  %-52s %6d %6d %6d %6d %5d%n", h.name(), PipelineBenchmark.pct(v, 50),
                    PipelineBenchmark.pct(v, 95), PipelineBenchmark.pct(v, 99), v.length == 0 ? -1 : v[v.length - 1],
                    v.length);
        }
        List<Trace> slowest = all.stream().sorted(Comparator.comparingLong((Trace t) -> t.latencyNanos).reversed())
                .limit(5).toList();
        StringBuilder sb = new StringBuilder("  slowest (ms, the hops above in order):");
        for (Trace t : slowest) {
            sb.append(String.format(Locale.ROOT, "%n    %5d =", t.latencyNanos / 1_000_000));
            for (Hop h : HOPS) {
                long v = h.of(t);
                sb.append(v == Long.MIN_VALUE ? "     ?" : String.format(Locale.ROOT, " %5d", v));
            }
            if (t.attempts > 1) {
                sb.append("  (").append(t.attempts).append(" delivery attempts)");
            }
        }
        System.out.println(sb);
    }

    /** Where each missed conversation's hand-off stopped. */
    private void explainMisses(HttpClient http, String service, String brand, List<String> missed) {
        Map<String, List<String>> why = new LinkedHashMap<>();
        for (String conv : missed) {
            Trace t = traces.get(conv);
            String reason;
            if (t.arrivedMs >= 0) {
                reason = "webhook arrived late";
            } else if (t.deliveryStatus != null) {
                reason = "delivery " + t.deliveryStatus + " after " + t.attempts + " attempt(s)"
                        + (t.lastError == null ? "" : ", last error: " + t.lastError);
            } else if (t.scoredMs >= 0) {
                reason = "scored, no delivery queued; escalation says " + state(http, service, brand, conv);
            } else if (t.rawMs >= 0) {
                reason = "on mentions.raw, not scored";
            } else {
                reason = "not seen on mentions.raw; escalation says "
                        + state(http, service, brand, conv);
            }
            why.computeIfAbsent(reason, k -> new ArrayList<>()).add(
                    conv + (t.arrivedMs >= 0 ? " (" + t.latencyNanos / 1_000_000 + " ms)" : ""));
        }
        System.out.println("missed:");
        why.forEach((reason, convs) -> System.out.printf("  %3d %s: %s%n", convs.size(), reason,
                String.join(", ", convs.subList(0, Math.min(5, convs.size()))) + (convs.size() > 5 ? ", ..." : "")));
    }

    /** The conversation's state on escalation, as its GET answers. */
    private String state(HttpClient http, String service, String brand, String conv) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(escalation + "/api/v1/conversations/"
                    + conv + "?brand=" + brand)).timeout(Duration.ofSeconds(30)).header("Authorization", service).GET()
                    .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return "HTTP " + r.statusCode();
            }
            JsonNode c = JSON.readTree(r.body());
            return "state " + c.path("state").asText() + ", hand-off turn " + c.path("handoffTurnId").asText("-")
                    + ", score " + c.path("assessment").path("score").asText("-");
        } catch (IOException | RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private String register(HttpClient http, String admin, String url) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("url", url).put("format", "event");
        ArrayNode events = body.putArray("events");
        events.add("conversation.handoff");
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(escalation + "/api/v1/webhooks/endpoints"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", admin).header("Content-Type",
                        "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers
                        .ofString());
        if (r.statusCode() != 201) {
            throw new IOException("could not register the fixture bot's webhook endpoint: HTTP " + r.statusCode() + " "
                    + r.body());
        }
        JsonNode e = JSON.readTree(r.body());
        secret = e.path("secret").asText();
        return e.path("id").asText();
    }

    private void delete(HttpClient http, String admin, String id) throws IOException, InterruptedException {
        http.send(HttpRequest.newBuilder(URI.create(escalation + "/api/v1/webhooks/endpoints/" + id))
                .timeout(Duration.ofSeconds(30)).header("Authorization", admin).DELETE().build(),
                HttpResponse.BodyHandlers.discarding());
    }
}
