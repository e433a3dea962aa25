package io.earshot.benchmarks.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.earshot.contracts.security.Roles;
import io.earshot.contracts.security.TokenMinter;
import io.earshot.contracts.webhooks.WebhookSignature;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

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
 * <p>Options: --conversations N (100), --handoffs N (300, measured after the warm-up), --warmup N (100 hand-offs not
 * counted), --think-ms N (1000, between a conversation's turns), --timeout PT30S (a hand-off not seen by then is
 * missed), --listener URL, --escalation URL, --keys DIR (.earshot/keys: signs the tokens).
 */
public final class HandoffLatency {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> waiting = new ConcurrentHashMap<>();
    private final Map<String, Long> latencyNanos = new ConcurrentHashMap<>();
    private final AtomicInteger badSignatures = new AtomicInteger();
    private final AtomicInteger httpErrors = new AtomicInteger();
    private final AtomicLong turnsPosted = new AtomicLong();
    private volatile String secret;

    private int conversations = 100;
    private int handoffs = 300;
    private int warmup = 100;
    private long thinkMs = 1000;
    private Duration timeout = Duration.ofSeconds(30);
    private String listener = "http://127.0.0.1:8081";
    private String escalation = "http://127.0.0.1:8083";
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
                case "--keys" -> b.keys = Path.of(v);
                case "--help", "-h" -> {
                    System.out.println("options: --conversations N --handoffs N --warmup N --think-ms N --timeout PT30S"
                            + " --listener URL --escalation URL --keys DIR");
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
        String command = "benchmarks/run.sh handoff-latency --conversations " + conversations + " --handoffs " + handoffs
                + " --warmup " + warmup + " --think-ms " + thinkMs;
        System.out.printf("hand-off latency: turn POST -> signed conversation.handoff webhook received%n");
        System.out.printf("date:      %s%n", Instant.now().truncatedTo(ChronoUnit.SECONDS));
        System.out.printf("machine:   %d CPUs, %s, load average %s (at start)%n", Runtime.getRuntime().availableProcessors(),
                PipelineBenchmark.cpuModel(), PipelineBenchmark.loadAverage());
        System.out.printf("command:   %s%n", command);
        System.out.printf("workload:  %d concurrent conversations of brand %s, 3 turns each (customer, bot fallback,"
                + " customer asks for a person), %d ms between turns, a new conversation when one is handed off%n",
                conversations, brand, thinkMs);

        AtomicInteger started = new AtomicInteger();
        AtomicInteger missed = new AtomicInteger();
        List<String> measured = java.util.Collections.synchronizedList(new ArrayList<>());
        int total = warmup + handoffs;
        ExecutorService users = Executors.newFixedThreadPool(conversations);
        long t0 = System.nanoTime();
        for (int u = 0; u < conversations; u++) {
            users.submit(() -> {
                int n;
                while ((n = started.getAndIncrement()) < total) {
                    String conv = run + "-" + n;
                    try {
                        if (converse(http, service, brand, conv)) {
                            if (n >= warmup) {
                                measured.add(conv);
                            }
                        } else {
                            missed.incrementAndGet();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    } catch (RuntimeException | IOException e) {
                        httpErrors.incrementAndGet();
                    }
                }
            });
        }
        users.shutdown();
        users.awaitTermination(2, TimeUnit.HOURS);
        double seconds = (System.nanoTime() - t0) / 1e9;
        delete(http, admin, endpoint);
        bot.stop(0);
        ((ExecutorService) bot.getExecutor()).shutdownNow();

        long[] ms = measured.stream().map(latencyNanos::get).filter(java.util.Objects::nonNull)
                .mapToLong(nanos -> nanos / 1_000_000).sorted().toArray();
        System.out.printf("turns:     %d posted in %.0f s (%.1f turns/s), hand-offs %d of %d conversations (warm-up %d)%n",
                turnsPosted.get(), seconds, turnsPosted.get() / seconds, total - missed.get(), total, warmup);
        System.out.printf("latency (ms): p50 %d  p95 %d  p99 %d  max %d  (n=%d measured hand-offs)%n",
                PipelineBenchmark.pct(ms, 50), PipelineBenchmark.pct(ms, 95), PipelineBenchmark.pct(ms, 99),
                ms.length == 0 ? -1 : ms[ms.length - 1], ms.length);
        System.out.printf("target:    p99 under 1000 ms at 100 concurrent conversations: %s%n",
                ms.length == 0 ? "not measured" : PipelineBenchmark.pct(ms, 99) < 1000 ? "met" : "NOT met");
        System.out.printf("errors:    %d missed (no webhook within %s), %d HTTP errors, %d bad signatures%n", missed.get(),
                timeout, httpErrors.get(), badSignatures.get());
        System.out.printf("machine:   load average %s (at end)%n", PipelineBenchmark.loadAverage());
        if (ms.length == 0 && missed.get() > 0) {
            System.out.println("no hand-off arrived: the suite must let webhooks reach 127.0.0.1"
                    + " (EARSHOT_OUTBOUND_ALLOW_LIST=127.0.0.1; benchmarks/run.sh handoff-latency sets it on a suite it starts)");
            return 1;
        }
        return 0;
    }

    /** The bot platform's webhook receiver: verifies each signature and records the hand-off's arrival. */
    private HttpServer receiver(String brand) throws IOException {
        HttpServer bot = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        bot.setExecutor(Executors.newFixedThreadPool(4));
        bot.createContext("/bot", exchange -> {
            long now = System.nanoTime();
            try (InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                boolean ok = secret != null && WebhookSignature.verify(exchange.getRequestHeaders()
                        .getFirst(WebhookSignature.HEADER), body, secret, Instant.now(), WebhookSignature.DEFAULT_TOLERANCE);
                if (!ok) {
                    badSignatures.incrementAndGet();
                } else {
                    JsonNode data = JSON.readTree(body).path("data");
                    String conv = data.path("conversationId").asText();
                    Long sent = sentAt.get(conv);
                    if (sent != null && brand.equals(data.path("brand").asText())) {
                        latencyNanos.putIfAbsent(conv, now - sent);
                        CountDownLatch l = waiting.get(conv);
                        if (l != null) {
                            l.countDown();
                        }
                    }
                }
                exchange.sendResponseHeaders(ok ? 200 : 401, -1);
            } finally {
                exchange.close();
            }
        });
        bot.start();
        return bot;
    }

    /** One conversation, turn by turn; whether its hand-off webhook arrived in time. */
    private boolean converse(HttpClient http, String token, String brand, String conv)
            throws IOException, InterruptedException {
        CountDownLatch arrived = new CountDownLatch(1);
        waiting.put(conv, arrived);
        try {
            post(http, token, conv, turn(brand, "1", "customer", "My parcel has not arrived and the tracking page shows nothing"));
            Thread.sleep(thinkMs);
            post(http, token, conv, turn(brand, "2", "bot", "Sorry, I didn't understand that. Could you rephrase?"));
            Thread.sleep(thinkMs);
            sentAt.put(conv, System.nanoTime());
            post(http, token, conv, turn(brand, "3", "customer", "Can I talk to a human agent please"));
            return arrived.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            waiting.remove(conv);
        }
    }

    private static ObjectNode turn(String brand, String turnId, String speaker, String text) {
        ObjectNode t = JSON.createObjectNode();
        t.put("turnId", turnId).put("speaker", speaker).put("text", text).put("time", Instant.now().toString())
                .put("channel", "web").put("brand", brand);
        return t;
    }

    private void post(HttpClient http, String token, String conv, ObjectNode turn) throws IOException, InterruptedException {
        turn.put("customerHandle", "@c-" + conv);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(listener + "/api/v1/conversations/" + conv + "/turns"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(turn.toString())).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) {
            throw new IOException("POST turns: HTTP " + r.statusCode() + " " + r.body());
        }
        turnsPosted.incrementAndGet();
    }

    private String register(HttpClient http, String admin, String url) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("url", url).put("format", "event");
        ArrayNode events = body.putArray("events");
        events.add("conversation.handoff");
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(escalation + "/api/v1/webhooks/endpoints"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IOException("could not register the fixture bot's webhook endpoint: HTTP " + r.statusCode() + " " + r.body());
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
