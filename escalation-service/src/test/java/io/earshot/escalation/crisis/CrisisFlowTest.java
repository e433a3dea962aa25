package io.earshot.escalation.crisis;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.earshot.contracts.Ids;
import io.earshot.contracts.Topics;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.Author;
import io.earshot.contracts.events.CrisisAlert;
import io.earshot.contracts.events.Distress;
import io.earshot.contracts.events.Emotions;
import io.earshot.contracts.events.Mention;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.contracts.events.Scores;
import io.earshot.contracts.events.SentimentLabel;
import io.earshot.testing.OrganicText;
import io.earshot.testing.TestTokens;
import io.earshot.testing.TopicReader;
import io.earshot.testing.TopicWriter;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scored mentions on the real Kafka through the crisis consumer, Redis windows, the monitor (with a controlled clock),
 * PostgreSQL, crisis.alerts, a loopback webhook and the SSE stream.
 */
@QuarkusTest
@WithTestResource(value = WebhookFixture.class, scope = TestResourceScope.GLOBAL)
class CrisisFlowTest {
    static TopicWriter writer;
    static String bootstrap;

    @Inject
    TestCrisisClock clock;

    @TestHTTPResource("/api/v1/dashboard/stream")
    URI streamUri;

    @BeforeAll
    static void open() {
        bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        writer = new TopicWriter(bootstrap);
    }

    @AfterAll
    static void close() {
        writer.close();
    }

    @AfterEach
    void realTime() {
        clock.reset();
    }

    /** Start of a synthetic stream: the next whole hour a day ahead, so that no other test's minutes overlap it. */
    static Instant streamStart() {
        return Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.HOURS);
    }

    static String brand() {
        return "c" + UUID.randomUUID().toString().substring(0, 8);
    }

    static ScoredMention mention(String brand, String author, Instant at, String text, double sentiment, long followers,
            Instant authorSince) {
        String externalId = UUID.randomUUID().toString();
        Mention m = new Mention(Mention.SCHEMA_VERSION, Ids.mentionId("reddit", externalId), "reddit", externalId,
                "https://reddit.example/" + externalId, brand, List.of(brand),
                new Author(author, "@" + author, author, followers, false, authorSince), text, "en", at, at, null,
                null);
        return new ScoredMention(ScoredMention.SCHEMA_VERSION, m, new Scores(sentiment,
                sentiment < 0 ? SentimentLabel.negative : SentimentLabel.neutral,
                new Emotions(sentiment < 0 ? 0.7 : 0, 0, 0.2, 0, 0, 0), 0.1, Distress.NONE, 0, List.of("delivery"),
                List.of()), "test", at);
    }

    /** Minutes of normal traffic before the injected event (the test profile learns for 10 minutes). */
    static final int BASE = 12;
    /** Mentions injected in minute {@link #BASE}. */
    static final int SPIKE = 40;

    /** {@link #BASE} minutes of 3 mentions a minute (a third negative) from a pool of 100 authors. */
    static List<ScoredMention> baseline(String brand, Instant start, Random r) {
        List<ScoredMention> out = new ArrayList<>();
        for (int m = 0; m < BASE; m++) {
            for (int i = 0; i < 3; i++) {
                out.add(mention(brand, "reg" + r.nextInt(100), start.plus(Duration.ofMinutes(m)).plusSeconds(5 + 15
                        * i),
                        OrganicText.of(r), i == 0 ? -0.6 : 0.4, 500, start.minus(Duration.ofDays(900))));
            }
        }
        return out;
    }

    static void publish(List<ScoredMention> mentions) {
        mentions.forEach(s -> writer.send(Topics.MENTIONS_SCORED, s.mention().kafkaKey(), EventCodec.encode(s)));
    }

    static JsonPath get(String path, Object... query) {
        var req = given().header("Authorization", TestTokens.bearer("comms"));
        for (int i = 0; i + 1 < query.length; i += 2) {
            req = req.queryParam((String) query[i], query[i + 1]);
        }
        return req.get(path).then().statusCode(200).extract().jsonPath();
    }

    /** Total volume recorded for a brand in the hour of {@code start} (the clock must stand in that hour). */
    static long hourVolume(String brand) {
        return get("/api/v1/windows/hours", "brand", brand, "hours", 1).getLong("hours[0].volume");
    }

    /** Reads the SSE stream of a brand in the background, line by line. */
    ConcurrentLinkedQueue<String> listen(String brand, List<CompletableFuture<?>> streams) {
        ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
        HttpRequest req = HttpRequest.newBuilder(URI.create(streamUri + "?brand=" + brand))
                .header("Authorization", TestTokens.bearer("comms")).header("Accept", "text/event-stream").build();
        HttpClient client = HttpClient.newHttpClient();
        streams.add(client.sendAsync(req, HttpResponse.BodyHandlers.ofLines())
                .thenAccept(r -> {
                    lines.add("status:" + r.statusCode());
                    r.body().forEach(lines::add);
                }));
        await().atMost(Duration.ofSeconds(30)).until(() -> lines.contains("status:200"));
        return lines;
    }

    @Test
    void aSpikeOpensOneCrisisPerStreamOnKafkaWebhookAndStreamUpdatedOnceAndResolved() {
        String brand = brand();
        Instant t0 = streamStart();
        Random r = new Random(1);
        List<ScoredMention> base = baseline(brand, t0, r);
        List<ScoredMention> spike = new ArrayList<>();
        for (int i = 0; i < SPIKE; i++) { // distinct, unrelated, mostly angry authors
            spike.add(mention(brand, "cust" + i, t0.plus(Duration.ofMinutes(BASE)).plusMillis(1400L * i), OrganicText
                    .of(r),
                    i % 5 == 0 ? 0.2 : -0.8, 300, t0.minus(Duration.ofDays(400))));
        }
        List<CompletableFuture<?>> streams = new ArrayList<>();
        clock.set(t0); // nothing of this stream has closed yet
        ConcurrentLinkedQueue<String> sse = listen(brand, streams);
        try (TopicReader alerts = new TopicReader(bootstrap, Topics.CRISIS_ALERTS)) {
            publish(base);
            publish(spike);
            await().atMost(Duration.ofSeconds(120)).until(() -> hourVolume(brand) == 3 * BASE + SPIKE);

            clock.set(t0.plus(Duration.ofMinutes(BASE + 1)).plusSeconds(10)); // the spike's minute closed, grace over
            ConsumerRecord<String, String> open = alerts.awaitRecord(rec -> brand.equals(rec.key())
                    && rec.value().contains("\"topic\":null"), Duration.ofSeconds(30));
            CrisisAlert alert = EventCodec.decode(open.value(), CrisisAlert.class);
            assertThat(alert.state()).isEqualTo(CrisisAlert.State.OPEN);
            // Detected when the spike's minute closed: within 60 s of stream time from its first mention.
            assertThat(alert.at()).isEqualTo(t0.plus(Duration.ofMinutes(BASE + 1)));
            assertThat(alert.volume()).isGreaterThan(SPIKE);
            assertThat(alert.spread()).isEqualTo(CrisisAlert.Spread.SYSTEMIC);
            assertThat(alert.distinctAuthors()).isGreaterThan(SPIKE);
            assertThat(alert.topAuthorsShare()).isLessThan(0.25);
            assertThat(alert.velocity()).isEqualTo((double) SPIKE);
            assertThat(alert.sourceMix()).containsEntry("reddit", 1.0);
            assertThat(alert.drivers()).startsWith("anger");
            assertThat(alert.excludedVolume()).isZero();
            // Schema 1.2: the alert states its baseline, observed volume, significance, top drivers and risk.
            assertThat(alert.schemaVersion()).isEqualTo("1.2");
            CrisisAlert.Significance sig = alert.significance();
            assertThat(sig.observed()).isEqualTo(alert.volume());
            assertThat(sig.expected()).isEqualTo(alert.baseline());
            assertThat(sig.z()).isEqualTo(alert.score()).isEqualTo(Math.max(sig.zVolume(), sig.zShare()));
            assertThat(sig.zVolume()).isGreaterThanOrEqualTo(4.0);
            assertThat(sig.zVolume()).isCloseTo((sig.observed() - sig.expected()) / sig.stdDev(),
                    org.assertj.core.data.Offset.offset(0.05));
            assertThat(sig.pValue()).isLessThan(1e-4);
            assertThat(sig.test()).contains("seasonal baseline");
            assertThat(alert.topSources()).extracting(CrisisAlert.Driver::name).containsExactly("reddit");
            assertThat(alert.topSources().get(0).share()).isEqualTo(1.0);
            // The topic's copy names no author (it is kept until retention, beyond erasure): ranks instead of ids.
            assertThat(alert.topAuthors()).extracting(CrisisAlert.Driver::name).containsExactly("reddit:author-1",
                    "reddit:author-2", "reddit:author-3", "reddit:author-4", "reddit:author-5");
            assertThat(open.value()).doesNotContain("reddit:cust").doesNotContain("reddit:reg");
            assertThat(alert.topAuthors().stream().mapToDouble(CrisisAlert.Driver::share).sum())
                    .isCloseTo(alert.topAuthorsShare(), org.assertj.core.data.Offset.offset(0.01));
            // Terms come from the window's sampled mentions (as far as the case consumer has stored them).
            assertThat(alert.topTerms()).extracting(CrisisAlert.Driver::name)
                    .allSatisfy(t -> assertThat(OrganicText.WORDS.contains(t) || t.equals("delivery")).as(t).isTrue());
            assertThat(alert.risk().factors()).extracting(io.earshot.contracts.events.RiskScore.Factor::name)
                    .containsExactly("negativity", "velocity", "reach");
            assertThat(alert.risk().factors().get(0).value()).isEqualTo(Math.round(alert.negativeShare() * 100)
                    / 100.0);
            assertThat(alert.risk().factors().get(1).value())
                    .isEqualTo(Math.round(Math.max(1, alert.volume() / alert.baseline()) * 100) / 100.0);
            assertThat(alert.risk().arithmetic()).startsWith("100 x negativity")
                    .contains(String.format(java.util.Locale.ROOT, "= %.2f", alert.risk().score()))
                    .endsWith("not applicable to a crisis)");
            assertThat(alert.sampleMentionIds()).isNotEmpty()
                    .isSubsetOf(Stream.concat(base.stream(), spike.stream()).map(s -> s.mention().id()).toList());

            // Stored once per stream: the brand and brand x delivery.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                JsonPath page = get("/api/v1/crises", "brand", brand, "state", "open");
                assertThat(page.getList("items.topic")).containsExactlyInAnyOrder(null, "delivery");
            });
            assertThat(get("/api/v1/crises/" + alert.id()).getString("latest.state")).isEqualTo("OPEN");
            // The stored crisis (the dashboard's, erased per subject) keeps the authors' names with the same counts.
            assertThat(get("/api/v1/crises/" + alert.id()).getList("latest.topAuthors.name", String.class))
                    .hasSize(5).allSatisfy(n -> assertThat(n).startsWith("reddit:").doesNotContain("author-"));
            assertThat(get("/api/v1/crises/" + alert.id()).getList("latest.topAuthors.count"))
                    .isEqualTo(alert.topAuthors().stream().map(d -> (int) d.count()).toList());
            // The API spells the window as the SSE stream and the webhook do: an ISO-8601 duration, not seconds.
            assertThat(get("/api/v1/crises/" + alert.id()).getString("latest.window")).isEqualTo(alert.window()
                    .toString());

            // The webhook got a Slack-compatible message (after one 503, retried), the stream an alert event.
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(WebhookFixture.bodies())
                    .anySatisfy(b -> {
                        JsonPath j = JsonPath.from(b);
                        assertThat(j.getString("text")).contains("Crisis opened for " + brand + " (");
                        assertThat(j.getList("blocks.type")).containsExactly("section", "context");
                        assertThat(j.getString("blocks[1].elements[0].text")).contains(alert.id().toString());
                    }));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(sse).anySatisfy(l -> assertThat(l).matches("event: ?alert"));
                assertThat(sse).anySatisfy(l -> assertThat(l).startsWith("data:").contains(alert.id().toString()));
                assertThat(sse).anySatisfy(l -> assertThat(l).startsWith("data:").contains("\"stream\":\"" + brand
                        + "\""));
            });
            // Only the fields of the SSE format (event, data, id, retry, comments): no stray content-type line.
            assertThat(sse.stream().filter(l -> !l.startsWith("status:")).toList())
                    .allSatisfy(l -> assertThat(l).matches("(|:.*|(event|data|id|retry):.*)"));

            // Redelivered mentions are not counted again and do not open another crisis.
            publish(spike);
            ScoredMention later = mention(brand, "late", t0.plus(Duration.ofMinutes(BASE + 1)).plusSeconds(30),
                    OrganicText.of(r), 0.1, 10, t0.minus(Duration.ofDays(99)));
            publish(List.of(later));
            await().atMost(Duration.ofSeconds(60)).until(() -> hourVolume(brand) == 3 * BASE + SPIKE + 1);
            clock.set(t0.plus(Duration.ofMinutes(BASE + 13))); // five minutes for the window, five quiet ones, margin
            ConsumerRecord<String, String> resolved = alerts.awaitRecord(rec -> brand.equals(rec.key())
                    && rec.value().contains("RESOLVED") && rec.value().contains("\"topic\":null"), Duration.ofSeconds(
                            30));
            assertThat(EventCodec.decode(resolved.value(), CrisisAlert.class).id()).isEqualTo(alert.id());
            List<CrisisAlert> mine = alerts.records().stream().filter(rec -> brand.equals(rec.key()))
                    .map(rec -> EventCodec.decode(rec.value(), CrisisAlert.class)).toList();
            assertThat(mine).filteredOn(a -> a.topic() == null).extracting(CrisisAlert::id).containsOnly(alert.id());
            assertThat(mine).filteredOn(a -> a.state() == CrisisAlert.State.OPEN).hasSize(2); // brand, brand x topic
            JsonPath all = get("/api/v1/crises", "brand", brand);
            assertThat(all.getList("items")).hasSize(2);
            assertThat(get("/api/v1/crises", "brand", brand, "state", "open").getList("items")).isEmpty();
            assertThat(get("/api/v1/crises/" + alert.id()).getList("alerts.state")).startsWith("OPEN").endsWith(
                    "RESOLVED");
        } finally {
            streams.forEach(f -> f.cancel(true));
        }
    }

    @Test
    void aBotCampaignIsFlaggedShownSeparatelyAndExcludedFromTheOrganicSignal() {
        String brand = brand();
        Instant t0 = streamStart().plus(Duration.ofHours(3));
        Random r = new Random(2);
        List<ScoredMention> base = baseline(brand, t0, r);
        List<ScoredMention> bots = new ArrayList<>();
        for (int i = 0; i < SPIKE; i++) { // one message, lightly varied, from fresh low-follower accounts
            bots.add(mention(brand, "bot" + i, t0.plus(Duration.ofMinutes(BASE)).plusMillis(1400L * i),
                    "Everyone must boycott " + brand
                            + " now, they scam their customers, read this https://bad.example/p?ref="
                            + i + " and share it!", -0.9, 3, t0.minus(Duration.ofDays(2))));
        }
        List<CompletableFuture<?>> streams = new ArrayList<>();
        clock.set(t0);
        ConcurrentLinkedQueue<String> sse = listen(brand, streams);
        try {
            publish(base);
            publish(bots);
            await().atMost(Duration.ofSeconds(120)).until(() -> hourVolume(brand) == 3 * BASE + SPIKE);
            clock.set(t0.plus(Duration.ofMinutes(BASE + 1)).plusSeconds(10));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(sse)
                    .anySatisfy(l -> assertThat(l).contains("\"stream\":\"" + brand + "\"")
                            .contains("\"start\":\"" + t0.plus(Duration.ofMinutes(BASE)) + "\"")));

            JsonPath minute = get("/api/v1/windows", "brand", brand, "minutes", 2);
            assertThat(minute.getLong("minutes[0].volume")).isEqualTo(SPIKE);
            assertThat(minute.getLong("minutes[0].coordinated")).isEqualTo(SPIKE);
            assertThat(minute.getLong("minutes[0].organicVolume")).isZero();

            JsonPath clusters = get("/api/v1/coordination-clusters", "brand", brand);
            assertThat(clusters.getList("items")).hasSize(1);
            assertThat(clusters.getInt("items[0].accounts")).isEqualTo(SPIKE);
            assertThat(clusters.getInt("items[0].newAccounts")).isEqualTo(SPIKE);
            assertThat(clusters.getInt("items[0].lowFollowerAccounts")).isEqualTo(SPIKE);
            assertThat(clusters.getInt("items[0].withLinks")).isEqualTo(SPIKE);
            assertThat(clusters.getString("items[0].sampleText")).contains("boycott");
            assertThat(clusters.getList("items[0].sampleMentionIds")).isNotEmpty();

            // The detector saw the minute (the stream's window event above) and opened nothing: the spike was bots.
            assertThat(get("/api/v1/crises", "brand", brand).getList("items")).isEmpty();
        } finally {
            streams.forEach(f -> f.cancel(true));
        }
    }

    @Test
    void unreadableEventsGoToTheCrisisDeadLetterTopic() {
        try (TopicReader dlq = new TopicReader(bootstrap, "mentions.scored.crisis.dlq")) {
            String key = "poison-" + UUID.randomUUID();
            writer.send(Topics.MENTIONS_SCORED, key, "{\"schemaVersion\":\"1.0\",\"mention\":null}");
            ConsumerRecord<String, String> rec = dlq.awaitRecord(x -> key.equals(x.key()), Duration.ofSeconds(30));
            assertThat(TopicReader.header(rec, "dead-letter-reason")).contains("lacks its mention");
        }
    }
}
