package io.earshot.listener.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.earshot.listener.sources.FixtureServer.Reply;
import io.earshot.listener.sources.mastodon.MastodonConnector;
import io.earshot.listener.sources.reddit.RedditConnector;
import io.earshot.platform.outbound.AddressPolicy;
import io.earshot.platform.outbound.OutboundHttp;
import io.earshot.platform.ratelimit.RateLimiter.Rate;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Politeness per request on the real test Redis: a source's bucket, a budget per host shared by every source on it and
 * by every replica (two {@link RateLimiter}s over the same Redis stand for two replicas), and the holds a host's own
 * rate-limit headers set (Reddit's {@code X-Ratelimit-*} in seconds, Mastodon's 429 with an ISO
 * {@code X-RateLimit-Reset}), through loopback fixtures that answer like the real services.
 */
@QuarkusTest
class RateLimiterTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final ObjectMapper MAPPER = new ObjectMapper();

    @Inject
    RateLimiter limiter;
    @Inject
    io.earshot.platform.ratelimit.RateLimiter redis;
    @Inject
    Vertx vertx;

    final List<FixtureServer> servers = new ArrayList<>();
    final List<OutboundHttp> clients = new ArrayList<>();

    @AfterEach
    void tearDown() {
        servers.forEach(FixtureServer::close);
        clients.forEach(OutboundHttp::close);
    }

    FixtureServer server() {
        FixtureServer s = new FixtureServer();
        servers.add(s);
        return s;
    }

    /** One replica's limiter: hosts get {@code perMinute} requests with a burst of {@code burst}. */
    RateLimiter replica(int perMinute, int burst) {
        return new RateLimiter(redis, perMinute, burst, Optional.empty());
    }

    /** One replica's HTTP client over {@code budget}; requests never wait for a token (max-wait 0). */
    SourceHttp http(RateLimiter budget) {
        OutboundHttp client = new OutboundHttp(vertx, AddressPolicy.allowing(List.of("127.0.0.1")), OutboundHttp.SYSTEM,
                new OutboundHttp.Options(Duration.ofSeconds(10), 5_000_000, 3, "earshot-test"));
        clients.add(client);
        SourceSettings settings = TestSettings.sources(Map.of("rate-limit.per-minute", "6000", "rate-limit.burst",
                "100"));
        return new SourceHttp(client, Duration.ofHours(1), budget, settings, Duration.ZERO);
    }

    static SourceConfig source(SourceKind kind, Map<String, String> config, Map<String, String> credentials) {
        return new SourceConfig(UUID.randomUUID(), kind, "Acme", config, credentials);
    }

    static String host() {
        return "h" + UUID.randomUUID() + ".example";
    }

    static Duration await(io.smallrye.mutiny.Uni<Duration> u) {
        return u.await().atMost(WAIT);
    }

    @Test
    void aSourcesBucketGrantsItsBurstThenAsksToWait() {
        UUID source = UUID.randomUUID();
        String host = host();
        for (int i = 0; i < 3; i++) {
            assertThat(await(limiter.acquire(source, new Rate(6, 3), host))).isZero();
        }
        // 6 per minute: one token every 10 s.
        assertThat(await(limiter.acquire(source, new Rate(6, 3), host))).isGreaterThan(Duration.ofSeconds(8))
                .isLessThanOrEqualTo(Duration.ofSeconds(10));
        // buckets are per source
        assertThat(await(limiter.acquire(UUID.randomUUID(), new Rate(6, 3), host))).isZero();
    }

    @Test
    void everySourceOnAHostAndEveryReplicaShareTheHostsBudget() {
        RateLimiter a = replica(6, 3);
        RateLimiter b = replica(6, 3);
        String host = host();
        Rate plenty = new Rate(6000, 100);
        UUID one = UUID.randomUUID();
        UUID two = UUID.randomUUID();
        assertThat(await(a.acquire(one, plenty, host))).isZero();
        assertThat(await(a.acquire(two, plenty, host))).isZero();
        assertThat(await(b.acquire(one, plenty, host))).isZero();
        // three requests spent the host's burst, whichever source or replica made them
        assertThat(await(b.acquire(UUID.randomUUID(), plenty, host))).isGreaterThan(Duration.ofSeconds(8));
        assertThat(await(a.acquire(two, plenty, host))).isGreaterThan(Duration.ofSeconds(8));
        // another host has its own budget
        assertThat(await(a.acquire(one, plenty, host()))).isZero();
    }

    @Test
    void aHoldOnOneReplicaStopsTheOthers() {
        RateLimiter a = replica(6000, 100);
        RateLimiter b = replica(6000, 100);
        String host = host();
        a.hold(host, Instant.now().plusSeconds(90)).await().atMost(WAIT);
        // an earlier hold does not shorten it
        b.hold(host, Instant.now().plusSeconds(5)).await().atMost(WAIT);
        assertThat(await(b.acquire(UUID.randomUUID(), new Rate(6000, 100), host))).isBetween(Duration.ofSeconds(80),
                Duration.ofSeconds(90));
    }

    @Test
    void hostBudgetsAreConfiguredPerHost() {
        Map<String, Rate> rates = RateLimiter.hostRates(List.of("oauth.reddit.com=90/10", " Mastodon.Social=50 ", ""),
                7);
        assertThat(rates).containsEntry("oauth.reddit.com", new Rate(90, 10)).containsEntry("mastodon.social", new Rate(
                50, 7)).hasSize(2);
        assertThatThrownBy(() -> RateLimiter.hostRates(List.of("oauth.reddit.com"), 1)).isInstanceOf(
                IllegalArgumentException.class);
        assertThat(RateLimiter.host(URI.create("https://OAuth.Reddit.com/search.json"))).isEqualTo("oauth.reddit.com");
        assertThat(RateLimiter.host(URI.create("http://127.0.0.1:8080/x"))).isEqualTo("127.0.0.1:8080");
    }

    /** A Mastodon tag timeline with more statuses than fit a page: every page is full, ids going down. */
    static Reply fullPage(FixtureServer.Request r) {
        BigInteger below = r.query().containsKey("max_id")
                ? new BigInteger(r.query().get("max_id"))
                : new BigInteger("300000000000000000");
        int limit = Integer.parseInt(r.query().get("limit"));
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= limit; i++) {
            String id = below.subtract(BigInteger.valueOf(i)).toString();
            out.add("""
                    {"id":"%s","uri":"https://m.example/users/a/statuses/%s","created_at":"2026-11-20T10:00:00Z",
                     "content":"<p>acme</p>","account":{"id":"1","acct":"a"}}""".formatted(id, id));
        }
        return Reply.json("[" + String.join(",", out) + "]");
    }

    @Test
    void aPageWalkTakesATokenPerRequestNotPerPoll() {
        FixtureServer mastodon = server().answer(RateLimiterTest::fullPage);
        MastodonConnector connector = new MastodonConnector(http(replica(6, 2)), MAPPER);
        SourceConfig s = source(SourceKind.MASTODON, Map.of("baseUrl", mastodon.baseUrl(), "hashtag", "acme", "limit",
                "2", "maxPages", "5"), Map.of());
        // the walk wants five pages; the host's burst of two lets two requests through, then the poll is put off
        assertThatThrownBy(() -> connector.poll(s, new Cursor("100000000000000000")).await().atMost(WAIT))
                .isInstanceOfSatisfying(BudgetWaitException.class, e -> assertThat(e.retryAfter()).isGreaterThan(
                        Duration.ofSeconds(5)));
        assertThat(mastodon.requests()).hasSize(2);
    }

    @Test
    void twoSourcesOnOneFixtureHostShareItsBudgetAcrossReplicas() {
        FixtureServer mastodon = server().answer(r -> Reply.json("[]"));
        MastodonConnector replicaA = new MastodonConnector(http(replica(6, 3)), MAPPER);
        MastodonConnector replicaB = new MastodonConnector(http(replica(6, 3)), MAPPER);
        SourceConfig one = source(SourceKind.MASTODON, Map.of("baseUrl", mastodon.baseUrl(), "hashtag", "acme"), Map
                .of());
        SourceConfig two = source(SourceKind.MASTODON, Map.of("baseUrl", mastodon.baseUrl(), "hashtag", "other"), Map
                .of());
        replicaA.poll(one, new Cursor(null)).await().atMost(WAIT);
        replicaB.poll(two, new Cursor(null)).await().atMost(WAIT);
        replicaA.poll(two, new Cursor(null)).await().atMost(WAIT);
        assertThatThrownBy(() -> replicaB.poll(one, new Cursor(null)).await().atMost(WAIT)).isInstanceOf(
                BudgetWaitException.class);
        assertThat(mastodon.requests()).hasSize(3);
    }

    @Test
    void redditsRateLimitHeadersHoldTheHostForEverySourceAndReplica() {
        FixtureServer reddit = server().answer(r -> {
            if (r.path().equals("/api/v1/access_token")) {
                return Reply.json(
                        "{\"access_token\":\"tok\",\"token_type\":\"bearer\",\"expires_in\":86400,\"scope\":\"*\"}");
            }
            if (!"bearer tok".equals(r.header("Authorization"))) {
                return Reply.status(403, Map.of("Content-Type", "text/html"), "<h1>whoa there, pardner!</h1>Blocked");
            }
            // Reddit counts in seconds: 100 used, none left in this window, which resets in 120 s
            return new Reply(200, Map.of("Content-Type", "application/json", "X-Ratelimit-Used", "100",
                    "X-Ratelimit-Remaining", "0.0", "X-Ratelimit-Reset", "120"),
                    "{\"kind\":\"Listing\",\"data\":{\"children\":[],\"after\":null}}");
        });
        Map<String, String> config = Map.of("baseUrl", reddit.baseUrl(), "authUrl", reddit.baseUrl());
        RedditConnector replicaA = new RedditConnector(http(replica(6000, 100)), MAPPER);
        RedditConnector replicaB = new RedditConnector(http(replica(6000, 100)), MAPPER);
        replicaA.poll(source(SourceKind.REDDIT, config, Map.of("clientId", "a", "clientSecret", "s", "username", "u")),
                new Cursor(null))
                .await().atMost(WAIT);
        assertThat(reddit.requests()).hasSize(2);
        assertThatThrownBy(() -> replicaB.poll(source(SourceKind.REDDIT, config, Map.of("clientId", "b", "clientSecret",
                "s", "username", "u")),
                new Cursor(null)).await().atMost(WAIT))
                .isInstanceOfSatisfying(BudgetWaitException.class, e -> assertThat(e.retryAfter()).isBetween(Duration
                        .ofSeconds(100), Duration.ofSeconds(120)));
        // not even the token request reached the host
        assertThat(reddit.requests()).hasSize(2);
    }

    @Test
    void mastodons429WithAnIsoResetHoldsTheInstanceForEverySourceAndReplica() {
        String reset = Instant.now().plus(Duration.ofMinutes(3)).toString();
        FixtureServer mastodon = server().answer(r -> new Reply(429, Map.of("Content-Type", "application/json",
                "X-RateLimit-Limit", "300", "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", reset),
                "{\"error\":\"Too many requests\"}"));
        MastodonConnector replicaA = new MastodonConnector(http(replica(6000, 100)), MAPPER);
        MastodonConnector replicaB = new MastodonConnector(http(replica(6000, 100)), MAPPER);
        SourceConfig one = source(SourceKind.MASTODON, Map.of("baseUrl", mastodon.baseUrl(), "hashtag", "acme"), Map
                .of());
        SourceConfig two = source(SourceKind.MASTODON, Map.of("baseUrl", mastodon.baseUrl(), "hashtag", "other"), Map
                .of());
        // the host's own 429: a failure of the poll, waiting for the reset (no Retry-After)
        assertThatThrownBy(() -> replicaA.poll(one, new Cursor(null)).await().atMost(WAIT))
                .isInstanceOfSatisfying(SourceHttpException.class, e -> {
                    assertThat(e).isNotInstanceOf(BudgetWaitException.class);
                    assertThat(e.retryAfter()).isBetween(Duration.ofSeconds(170), Duration.ofSeconds(180));
                });
        // every other source, on every replica, waits for the reset without asking
        assertThatThrownBy(() -> replicaB.poll(two, new Cursor(null)).await().atMost(WAIT))
                .isInstanceOfSatisfying(BudgetWaitException.class, e -> assertThat(e.retryAfter()).isBetween(Duration
                        .ofSeconds(170), Duration.ofSeconds(180)));
        assertThat(mastodon.requests()).hasSize(1);
    }
}
