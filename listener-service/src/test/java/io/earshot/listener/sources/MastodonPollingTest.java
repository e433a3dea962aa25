package io.earshot.listener.sources;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.earshot.contracts.Ids;
import io.earshot.contracts.Topics;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.Mention;
import io.earshot.listener.sources.FixtureServer.Reply;
import io.earshot.testing.TestTokens;
import io.earshot.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Mastodon connector and the scheduler against loopback fixture servers playing Mastodon. */
@QuarkusTest
class MastodonPollingTest {
    static final String TAG_PATH = "/api/v1/timelines/tag/acme";
    static final String QUERY = "\"acme\" AND (refund OR outage) NOT job";
    static final Duration WAIT = Duration.ofSeconds(30);

    final List<FixtureServer> servers = new ArrayList<>();
    final List<String> sources = new ArrayList<>();
    String run;

    @BeforeEach
    void setUp() {
        run = UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void tearDown() {
        sources.forEach(id -> given().header("Authorization", TestTokens.bearer("admin")).delete(SourceApi.PATH + "/"
                + id));
        servers.forEach(FixtureServer::close);
    }

    FixtureServer server() {
        FixtureServer s = new FixtureServer();
        servers.add(s);
        return s;
    }

    String source(FixtureServer server, String interval, String extraConfig) {
        String id = SourceApi.createId(SourceApi.mastodon(server.baseUrl(), "acme", QUERY, interval, extraConfig));
        sources.add(id);
        return id;
    }

    String page() {
        return FixtureServer.resource("mastodon/tag-acme.json").replace("{{run}}", run);
    }

    String status(String id, String content) {
        return FixtureServer.resource("mastodon/status.json").replace("{{run}}", run).replace("{{id}}", id)
                .replace("{{content}}", content);
    }

    String statuses(String... idsAndContents) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < idsAndContents.length; i += 2) {
            out.add(status(idsAndContents[i], idsAndContents[i + 1]));
        }
        return "[" + String.join(",", out) + "]";
    }

    JsonPath awaitSource(String id, java.util.function.Predicate<JsonPath> condition) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> SourceApi.get(id), condition);
    }

    static int mentionStatus(String externalId) {
        return given().header("Authorization", TestTokens.bearer("analyst"))
                .get("/api/v1/mentions/" + Ids.mentionId("mastodon", externalId)).then().extract().statusCode();
    }

    @Test
    void aHashtagSourceAddedThroughTheApiPublishesMatchingMentionsWithTheirTerms() {
        // bob answers a status of this instance, known to it by its local id: the connector asks for its uri
        String parentUri = "https://mastodon.example/users/ann/statuses/" + run + "00";
        FixtureServer mastodon = server().answer(r -> r.path().equals(TAG_PATH)
                ? Reply.json(page())
                : r.path().equals("/api/v1/statuses/113456789012345500")
                        ? Reply.json(status("113456789012345500", "acme").replace(
                                "https://mastodon.example/users/cat/statuses/" + run + "-113456789012345500",
                                parentUri))
                        : Reply.status(404, Map.of(), ""));
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        String annUri = "https://mastodon.example/users/ann/statuses/" + run + "03";
        String bobUri = "https://other.example/users/bob/statuses/" + run + "01";
        try (TopicReader raw = new TopicReader(bootstrap, Topics.MENTIONS_RAW)) {
            String id = source(mastodon, "PT1H", null);
            ConsumerRecord<String, String> annRecord = raw.awaitRecord(r -> r.value().contains(annUri), WAIT);
            Mention ann = EventCodec.decode(annRecord.value(), Mention.class);
            assertThat(ann.source()).isEqualTo("mastodon");
            assertThat(ann.externalId()).isEqualTo(annUri);
            assertThat(ann.url()).isEqualTo("https://mastodon.example/@ann/" + run + "03");
            assertThat(ann.brand()).isEqualTo("acme");
            assertThat(ann.matchedTerms()).containsExactly("acme", "refund");
            assertThat(ann.text()).isEqualTo("Still waiting for my #Acme REFUND & nobody answers. Mail me at [EMAIL]");
            assertThat(ann.pii().redacted()).isTrue();
            assertThat(ann.author().handle()).isEqualTo("@ann@127.0.0.1");
            assertThat(ann.author().displayName()).isEqualTo("Ann 🌻");
            assertThat(ann.author().followers()).isEqualTo(321L);
            assertThat(ann.lang()).isEqualTo("en");
            assertThat(ann.createdAt()).isEqualTo(Instant.parse("2026-11-20T10:15:42.123Z"));
            assertThat(annRecord.key()).isEqualTo(Ids.sha256("mastodon:ann@127.0.0.1"));

            Mention bob = EventCodec.decode(raw.awaitRecord(r -> r.value().contains(bobUri), WAIT).value(),
                    Mention.class);
            assertThat(bob.matchedTerms()).containsExactly("acme", "outage");
            assertThat(bob.text()).isEqualTo("outage\n@ann same here, #Acme is down again\nsince 9 o'clock");
            assertThat(bob.author().id()).isEqualTo("bob@other.example");
            // the reply joins its thread: the parent as it is stored (its uri), not the instance's local id
            assertThat(bob.thread().parentId()).isEqualTo(parentUri);

            JsonPath s = awaitSource(id, p -> p.getInt("counts.accepted") == 2);
            assertThat(s.getInt("counts.polled")).isEqualTo(3);
            assertThat(s.getInt("counts.matched")).isEqualTo(2);
            assertThat(s.getString("cursor")).isEqualTo("113456789012345603");
            assertThat(s.getString("lastError")).isNull();
            assertThat(s.getString("lastPollAt")).isNotNull();
            // The job ad (NOT job) was never ingested.
            assertThat(mentionStatus("https://jobs.example/users/hr/statuses/" + run + "02")).isEqualTo(404);
            assertThat(raw.records().stream().filter(r -> r.value().contains(run)).count()).isEqualTo(2);
        }
        assertThat(mastodon.requests().stream().filter(r -> r.path().startsWith("/api/v1/statuses/")).count())
                .isEqualTo(1);
        FixtureServer.Request first = mastodon.requests().get(0);
        assertThat(first.query()).containsEntry("limit", "40").doesNotContainKey("since_id");
        assertThat(first.header("User-Agent")).startsWith("Earshot/");
    }

    @Test
    void theStoredCursorIsSentAsSinceIdOnTheNextPollAndPagesCloseTheGap() {
        // First poll: newest page only. Later polls: since_id = stored cursor; a full page makes the connector page
        // back with max_id until it reaches the cursor.
        FixtureServer mastodon = server().answer(r -> {
            String since = r.query().get("since_id");
            String max = r.query().get("max_id");
            if (since == null) {
                return Reply.json(statuses("1005", "acme refund five", "1004", "acme refund four"));
            }
            if (since.equals("1005") && max == null) {
                return Reply.json(statuses("1009", "acme outage nine", "1008", "acme outage eight"));
            }
            if (since.equals("1005") && max.equals("1008")) {
                return Reply.json(statuses("1007", "acme outage seven", "1006", "acme outage six"));
            }
            if (since.equals("1005") && max.equals("1006")) {
                return Reply.json("[]");
            }
            return Reply.json("[]");
        });
        String id = source(mastodon, "PT0.3S", "\"limit\":\"2\"");
        JsonPath s = awaitSource(id, p -> "1009".equals(p.getString("cursor")));
        awaitSource(id, p -> p.getInt("counts.accepted") == 6);
        List<Map<String, String>> queries = mastodon.requests().stream().map(FixtureServer.Request::query).toList();
        assertThat(queries.get(0)).doesNotContainKey("since_id").containsEntry("limit", "2");
        assertThat(queries.get(1)).containsEntry("since_id", "1005").doesNotContainKey("max_id");
        assertThat(queries.get(2)).containsEntry("since_id", "1005").containsEntry("max_id", "1008");
        assertThat(queries.get(3)).containsEntry("since_id", "1005").containsEntry("max_id", "1006");
        await().atMost(WAIT).until(() -> mastodon.requests().stream().anyMatch(r -> "1009".equals(r.query().get(
                "since_id"))));
        assertThat(s.getString("lastError")).isNull();
        for (String n : List.of("1004", "1005", "1006", "1007", "1008", "1009")) {
            assertThat(mentionStatus("https://mastodon.example/users/cat/statuses/" + run + "-" + n)).isEqualTo(200);
        }
    }

    @Test
    void theSameStatusFromTwoPollsAndTwoSourcesIsOneMention() {
        // A server that ignores since_id: every poll answers the same statuses.
        FixtureServer mastodon = server().answer(r -> Reply.json(statuses("2002", "acme refund please", "2001",
                "acme outage")));
        String a = source(mastodon, "PT0.3S", null);
        awaitSource(a, p -> p.getInt("counts.polled") >= 4);
        String b = source(mastodon, "PT0.3S", null);
        JsonPath sb = awaitSource(b, p -> p.getInt("counts.polled") >= 2);
        JsonPath sa = SourceApi.get(a);
        assertThat(sa.getInt("counts.accepted") + sb.getInt("counts.accepted")).isEqualTo(2);
        assertThat(sa.getInt("counts.duplicates")).isGreaterThanOrEqualTo(2);
        assertThat(sb.getInt("counts.accepted")).isZero();
        assertThat(sb.getInt("counts.duplicates")).isGreaterThanOrEqualTo(2);
        assertThat(mentionStatus("https://mastodon.example/users/cat/statuses/" + run + "-2002")).isEqualTo(200);
    }

    @Test
    void tooManyRequestsWithRetryAfterDelaysTheNextPoll() {
        FixtureServer mastodon = server().answer(r -> Reply.status(429, Map.of("Retry-After", "120"),
                "{\"error\":\"Too many requests\"}"));
        String id = source(mastodon, "PT0.3S", null);
        JsonPath s = awaitSource(id, p -> p.getInt("counts.errors") == 1);
        assertThat(s.getString("lastError")).isEqualTo("fetch failed"); // the 429 goes to the log only
        Duration wait = Duration.between(Instant.parse(s.getString("lastPollAt")), Instant.parse(s.getString(
                "nextPollAt")));
        assertThat(wait).isGreaterThanOrEqualTo(Duration.ofSeconds(119));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> mastodon.requests()
                .size() == 1);
    }

    @Test
    void a429WithItsIsoResetHoldsEverySourceOnTheInstanceWithoutCountingThemAsFailing() {
        // Mastodon says when its budget comes back in X-RateLimit-Reset (an ISO time), not in Retry-After
        String reset = Instant.now().plus(Duration.ofMinutes(5)).toString();
        FixtureServer mastodon = server().answer(r -> Reply.status(429, Map.of("Content-Type", "application/json",
                "X-RateLimit-Limit", "300", "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", reset),
                "{\"error\":\"Too many requests\"}"));
        String first = source(mastodon, "PT0.3S", null);
        JsonPath s = awaitSource(first, p -> p.getInt("counts.errors") == 1);
        assertThat(Duration.between(Instant.parse(s.getString("lastPollAt")), Instant.parse(s.getString("nextPollAt"))))
                .isGreaterThan(Duration.ofMinutes(4));
        // a second source on the same instance is put off until the reset without asking it, and is not failing
        String second = SourceApi.createId(SourceApi.mastodon(mastodon.baseUrl(), "other", QUERY, "PT0.3S", null));
        sources.add(second);
        JsonPath held = awaitSource(second, p -> Instant.parse(p.getString("nextPollAt")).isAfter(Instant.now().plus(
                Duration.ofMinutes(4))));
        assertThat(held.getInt("consecutiveFailures")).isZero();
        assertThat(held.getInt("counts.errors")).isZero();
        assertThat(held.getString("lastError")).isNull();
        assertThat(mastodon.requests()).hasSize(1);
    }

    @Test
    void serverErrorsBackOffAndOpenTheBreakerWhileAHealthySourceKeepsPolling() {
        FixtureServer broken = server().answer(r -> Reply.status(500, Map.of("Content-Type", "text/html"),
                FixtureServer.resource("mastodon/error.html")));
        FixtureServer healthy = server().answer(r -> Reply.json(statuses("3001", "acme refund")));
        String bad = source(broken, "PT0.2S", null);
        String good = source(healthy, "PT0.2S", null);
        JsonPath s = awaitSource(bad, p -> "OPEN".equals(p.getString("circuit")));
        assertThat(s.getInt("consecutiveFailures")).isEqualTo(3);
        assertThat(s.getInt("counts.errors")).isEqualTo(3);
        assertThat(s.getString("lastError")).isEqualTo("fetch failed"); // no status code for users
        assertThat(Instant.parse(s.getString("nextPollAt"))).isAfterOrEqualTo(Instant.parse(s.getString(
                "circuitOpenUntil")));
        int seen = broken.requests().size();
        assertThat(seen).isEqualTo(3);
        int healthyBefore = healthy.requests().size();
        // While the breaker is open the broken source is left alone, and the healthy one polls on.
        await().atMost(WAIT).until(() -> healthy.requests().size() >= healthyBefore + 3);
        assertThat(broken.requests()).hasSize(seen);
        assertThat(SourceApi.get(good).getString("lastError")).isNull();
        // Resume closes the breaker: polled again at once.
        SourceApi.action(bad, "resume").statusCode(200);
        await().atMost(WAIT).until(() -> broken.requests().size() > seen);
    }

    @Test
    void aHangingSourceDoesNotDelayAHealthyOne() {
        AtomicInteger slowCalls = new AtomicInteger();
        FixtureServer slow = server();
        slow.answer(r -> {
            slowCalls.incrementAndGet();
            slow.hang(30);
            return Reply.json("[]");
        });
        FixtureServer healthy = server().answer(r -> Reply.json(statuses("4001", "acme refund")));
        String hanging = source(slow, "PT0.2S", null);
        await().atMost(WAIT).until(() -> slowCalls.get() == 1);
        String good = source(healthy, "PT0.2S", null);
        // The healthy source completes several polls while the hanging one's first request is still open.
        await().atMost(WAIT).until(() -> SourceApi.get(good).getInt("counts.polled") >= 2);
        JsonPath during = SourceApi.get(hanging);
        assertThat(during.getInt("counts.errors") + during.getInt("counts.polled")).isZero();
        assertThat(slowCalls.get()).isEqualTo(1);
        // The HTTP timeout then ends the hanging poll, recorded as an error.
        JsonPath s = awaitSource(hanging, p -> p.getInt("counts.errors") >= 1);
        assertThat(s.getString("lastError")).isEqualTo("timed out"); // the generic cause, no timing detail
    }

    @Test
    void malformedAndTruncatedPayloadsAreRecordedAsErrors() {
        Map<String, Reply> bad = Map.of(
                "truncated", Reply.json(FixtureServer.resource("mastodon/truncated.json")),
                "object", Reply.json("{\"error\":\"This method requires an authenticated user\"}"),
                "html", Reply.status(200, Map.of("Content-Type", "text/html"), FixtureServer.resource(
                        "mastodon/error.html")),
                "empty", Reply.json(""));
        Map<String, String> ids = new java.util.HashMap<>();
        bad.forEach((name, reply) -> ids.put(name, source(server().answer(r -> reply), "PT0.2S", null)));
        FixtureServer healthy = server().answer(r -> Reply.json(statuses("5001", "acme outage")));
        String good = source(healthy, "PT0.2S", null);
        ids.forEach((name, sourceId) -> {
            JsonPath s = awaitSource(sourceId, p -> p.getInt("counts.errors") >= 1);
            assertThat(s.getString("lastError")).as(name).isEqualTo("fetch failed"); // the parse error is logged only
            assertThat(s.getString("cursor")).as(name).isNull();
            assertThat(s.getInt("counts.accepted")).as(name).isZero();
        });
        JsonPath s = awaitSource(good, p -> p.getInt("counts.accepted") == 1);
        assertThat(s.getString("cursor")).isEqualTo("5001");
        assertThat(s.getString("lastError")).isNull();
    }

    @Test
    void changingTheConfigStartsAfreshWhileOtherChangesKeepTheCursor() {
        FixtureServer mastodon = server().answer(r -> Reply.json(statuses("6001", "acme refund")));
        String id = source(mastodon, "PT1H", null);
        awaitSource(id, p -> "6001".equals(p.getString("cursor")));
        given().header("Authorization", TestTokens.bearer("admin")).contentType(io.restassured.http.ContentType.JSON)
                .body("{\"query\":\"acme\"}").patch(SourceApi.PATH + "/" + id).then().statusCode(200)
                .body("cursor", org.hamcrest.Matchers.equalTo("6001"));
        given().header("Authorization", TestTokens.bearer("admin")).contentType(io.restassured.http.ContentType.JSON)
                .body("{\"config\":{\"baseUrl\":\"" + mastodon.baseUrl() + "\",\"hashtag\":\"acme\",\"limit\":\"20\"}}")
                .patch(SourceApi.PATH + "/" + id).then().statusCode(200)
                .body("cursor", org.hamcrest.Matchers.nullValue());
        await().atMost(WAIT).until(() -> mastodon.requests().size() >= 2);
        assertThat(mastodon.requests().get(1).query()).containsEntry("limit", "20").doesNotContainKey("since_id");
        awaitSource(id, p -> "6001".equals(p.getString("cursor")));
    }
}
