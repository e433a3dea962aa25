package io.earshot.listener.sources;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.earshot.listener.sources.FixtureServer.Reply;
import io.earshot.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Sign-in against fixtures that behave like the real services: Reddit's app-only OAuth (403 "Blocked" without a token),
 * Bluesky's app-password session with an expiring access token, Mastodon's optional bearer token (401 when the instance
 * closed its timelines). Credentials are sealed at rest, never shown, rotatable; a refused sign-in stops the source
 * with a clear state and raises its source-silent alert, without retries.
 */
@QuarkusTest
class SourceCredentialsTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String SECRET = "s3cr3t-" + UUID.randomUUID();
    final String run = Long.toString(ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L));
    final List<FixtureServer> servers = new ArrayList<>();
    final List<String> sources = new ArrayList<>();

    @Inject
    Pool pool;

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

    String fixture(String path) {
        return FixtureServer.resource(path).replace("{{run}}", run);
    }

    String create(String kind, String config, String credentials) {
        String body = "{\"kind\":\"" + kind
                + "\",\"brand\":\"Acme\",\"query\":\"acme\",\"pollInterval\":\"PT0.3S\",\"config\":" + config
                + (credentials == null ? "" : ",\"credentials\":" + credentials) + "}";
        String created = SourceApi.create(body).statusCode(201).extract().asString();
        assertThat(created).doesNotContain(SECRET);
        String id = JsonPath.from(created).getString("id");
        sources.add(id);
        return id;
    }

    static JsonPath awaitSource(String id, java.util.function.Predicate<JsonPath> condition) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> SourceApi.get(id), condition);
    }

    static JsonPath health(String id) {
        return given().header("Authorization", TestTokens.bearer("admin")).get(SourceApi.PATH + "/" + id + "/health")
                .then()
                .statusCode(200).extract().jsonPath();
    }

    /** A Reddit that blocks anonymous calls and grants a token only for client "app1" with {@link #SECRET}. */
    FixtureServer reddit(AtomicInteger tokenRequests) {
        return server().answer(r -> {
            if (r.path().equals("/api/v1/access_token")) {
                tokenRequests.incrementAndGet();
                String expected = "Basic " + Base64.getEncoder().encodeToString(("app1:" + SECRET).getBytes(
                        StandardCharsets.UTF_8));
                if (!expected.equals(r.header("Authorization"))) {
                    return Reply.status(401, Map.of("Content-Type", "application/json"),
                            "{\"message\": \"Unauthorized\", \"error\": 401}");
                }
                return Reply.json("{\"access_token\": \"tok-" + run
                        + "\", \"token_type\": \"bearer\", \"expires_in\": 86400, \"scope\": \"*\"}");
            }
            if (!("bearer tok-" + run).equals(r.header("Authorization"))) {
                return Reply.status(403, Map.of("Content-Type", "text/html"),
                        "<html><body><h1>whoa there, pardner!</h1>Blocked</body></html>");
            }
            return Reply.json(fixture("reddit/search.json"));
        });
    }

    @Test
    void redditSignsInAppOnlyAndTheSecretIsSealedAndWriteOnly() {
        AtomicInteger tokens = new AtomicInteger();
        FixtureServer reddit = reddit(tokens);
        String config = "{\"baseUrl\":\"" + reddit.baseUrl() + "\",\"authUrl\":\"" + reddit.baseUrl()
                + "\",\"subreddit\":\"CustomerService\"}";
        String id = create("reddit", config, "{\"clientId\":\"app1\",\"clientSecret\":\"" + SECRET
                + "\",\"username\":\"earshot_dev\"}");
        JsonPath s = awaitSource(id, p -> p.getInt("counts.accepted") >= 2);
        assertThat(s.getList("credentials")).containsExactly("clientId", "clientSecret", "username");
        assertThat(SourceApi.get(id).prettify()).doesNotContain(SECRET).doesNotContain("app1");
        FixtureServer.Request token = reddit.requests().get(0);
        assertThat(token.path()).isEqualTo("/api/v1/access_token");
        FixtureServer.Request search = reddit.requests().get(1);
        assertThat(search.path()).isEqualTo("/r/CustomerService/search.json");
        assertThat(search.header("Authorization")).isEqualTo("bearer tok-" + run);
        assertThat(search.header("User-Agent")).isEqualTo("server:io.earshot.listener:0.1 (by /u/earshot_dev)");
        // one token for many polls
        await().atMost(WAIT).until(() -> reddit.requests().size() >= 4);
        assertThat(tokens.get()).isEqualTo(1);
        // sealed at rest: neither the secret nor the client id is stored in the clear
        String stored = pool.preparedQuery("select credentials from sources where id = $1").execute(Tuple.of(UUID
                .fromString(id)))
                .await().atMost(WAIT).iterator().next().getString(0);
        assertThat(stored).startsWith("v1.").doesNotContain(SECRET).doesNotContain("app1").doesNotContain(
                "earshot_dev");
    }

    @Test
    void rejectedCredentialsStopTheSourceRaiseItsAlertAndAreNotRetriedUntilRotated() {
        AtomicInteger tokens = new AtomicInteger();
        FixtureServer reddit = reddit(tokens);
        String config = "{\"baseUrl\":\"" + reddit.baseUrl() + "\",\"authUrl\":\"" + reddit.baseUrl() + "\"}";
        String id = create("reddit", config,
                "{\"clientId\":\"app1\",\"clientSecret\":\"wrong\",\"username\":\"earshot_dev\"}");
        JsonPath stopped = awaitSource(id, p -> "STOPPED".equals(p.getString("status")));
        assertThat(stopped.getString("lastError")).isEqualTo(
                "credentials rejected: the token request answered HTTP 401");
        JsonPath h = await().atMost(WAIT).until(() -> health(id), p -> "SILENT".equals(p.getString("state")));
        assertThat(h.getString("reason")).isEqualTo("ERRORS");
        assertThat(h.getString("lastError")).startsWith("credentials rejected");
        assertThat(tokens.get()).isEqualTo(1);
        assertThat(SourceApi.get(id).getString("status")).isEqualTo("STOPPED");

        // Rotation: new credentials, polled at once, alert cleared.
        String patched = given().header("Authorization", TestTokens.bearer("admin")).contentType(ContentType.JSON)
                .body("{\"credentials\":{\"clientId\":\"app1\",\"clientSecret\":\"" + SECRET
                        + "\",\"username\":\"earshot_dev\"}}")
                .patch(SourceApi.PATH + "/" + id).then().statusCode(200).extract().asString();
        assertThat(patched).doesNotContain(SECRET);
        assertThat(JsonPath.from(patched).getString("status")).isEqualTo("ACTIVE");
        awaitSource(id, p -> p.getInt("counts.accepted") >= 2 && p.getString("lastError") == null);
        await().atMost(WAIT).until(() -> "OK".equals(health(id).getString("state")));
    }

    @Test
    void anAnonymous403IsLoginRequired() {
        FixtureServer reddit = reddit(new AtomicInteger());
        String id = create("reddit", "{\"baseUrl\":\"" + reddit.baseUrl() + "\"}", null);
        JsonPath s = awaitSource(id, p -> "STOPPED".equals(p.getString("status")));
        assertThat(s.getString("lastError")).isEqualTo("login required: HTTP 403");
        assertThat(s.getList("credentials")).isEmpty();
        assertThat(reddit.requests()).hasSize(1);
    }

    @Test
    void credentialsAreCheckedByKindAndNeverEchoed() {
        String body = "{\"kind\":\"reddit\",\"brand\":\"Acme\",\"config\":{},\"credentials\":{\"clientSecret\":\""
                + SECRET + "\",\"password\":\"" + SECRET + "\"}}";
        String problem = SourceApi.create(body).statusCode(400).contentType("application/problem+json").extract()
                .asString();
        assertThat(problem).doesNotContain(SECRET).contains("credentials.clientId").contains("credentials.password");
        SourceApi.create("{\"kind\":\"hackernews\",\"brand\":\"Acme\",\"credentials\":{\"x\":\"y\"}}").statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("credentials"));
    }

    @Test
    void blueskySignsInWithAnAppPasswordAndRefreshesAnExpiredToken() {
        AtomicInteger sessions = new AtomicInteger();
        FixtureServer bsky = server();
        bsky.answer(r -> switch (r.path()) {
            case "/xrpc/com.atproto.server.createSession" -> {
                sessions.incrementAndGet();
                yield Reply.json(
                        "{\"did\":\"did:plc:me\",\"handle\":\"me.bsky.social\",\"accessJwt\":\"access-1\",\"refreshJwt\":\"refresh-1\",\"active\":true}");
            }
            case "/xrpc/com.atproto.server.refreshSession" -> "Bearer refresh-1".equals(r.header("Authorization"))
                    ? Reply.json(
                            "{\"did\":\"did:plc:me\",\"handle\":\"me.bsky.social\",\"accessJwt\":\"access-2\",\"refreshJwt\":\"refresh-2\"}")
                    : Reply.status(400, Map.of("Content-Type", "application/json"),
                            "{\"error\":\"ExpiredToken\",\"message\":\"Token has expired\"}");
            case "/xrpc/app.bsky.feed.searchPosts" -> {
                String auth = r.header("Authorization");
                if (auth == null) {
                    yield Reply.status(401, Map.of("Content-Type", "application/json"),
                            "{\"error\":\"AuthMissing\",\"message\":\"Authentication Required\"}");
                }
                if (auth.equals("Bearer access-1")) {
                    yield Reply.status(400, Map.of("Content-Type", "application/json"),
                            "{\"error\":\"ExpiredToken\",\"message\":\"Token has expired\"}");
                }
                yield auth.equals("Bearer access-2")
                        ? Reply.json(fixture("bluesky/search.json"))
                        : Reply.status(401, Map.of(), "{\"error\":\"InvalidToken\"}");
            }
            default -> Reply.status(404, Map.of(), "");
        });
        String id = create("bluesky", "{\"baseUrl\":\"" + bsky.baseUrl() + "\"}",
                "{\"identifier\":\"me.bsky.social\",\"appPassword\":\"" + SECRET + "\"}");
        awaitSource(id, p -> p.getInt("counts.accepted") >= 1);
        List<String> paths = bsky.requests().stream().map(FixtureServer.Request::path).toList();
        assertThat(paths.subList(0, 4)).containsExactly("/xrpc/com.atproto.server.createSession",
                "/xrpc/app.bsky.feed.searchPosts",
                "/xrpc/com.atproto.server.refreshSession", "/xrpc/app.bsky.feed.searchPosts");
        assertThat(sessions.get()).isEqualTo(1);

        String anonymous = create("bluesky", "{\"baseUrl\":\"" + bsky.baseUrl() + "\"}", null);
        assertThat(awaitSource(anonymous, p -> "STOPPED".equals(p.getString("status"))).getString("lastError"))
                .isEqualTo("login required: HTTP 401");
    }

    @Test
    void mastodonSendsItsOptionalTokenAndA401WithoutOneIsLoginRequired() {
        FixtureServer mastodon = server().answer(r -> !("Bearer " + SECRET).equals(r.header("Authorization"))
                ? Reply.status(401, Map.of("Content-Type", "application/json"),
                        "{\"error\":\"This API requires an authenticated user\"}")
                : r.path().equals("/api/v1/timelines/tag/acme")
                        ? Reply.json(fixture("mastodon/tag-acme.json"))
                        : Reply.status(404, Map.of("Content-Type", "application/json"),
                                "{\"error\":\"Record not found\"}"));
        String anonymous = create("mastodon", "{\"baseUrl\":\"" + mastodon.baseUrl() + "\",\"hashtag\":\"acme\"}",
                null);
        assertThat(awaitSource(anonymous, p -> "STOPPED".equals(p.getString("status"))).getString("lastError"))
                .isEqualTo("login required: HTTP 401");
        String signed = create("mastodon", "{\"baseUrl\":\"" + mastodon.baseUrl() + "\",\"hashtag\":\"acme\"}",
                "{\"accessToken\":\"" + SECRET + "\"}");
        JsonPath s = awaitSource(signed, p -> p.getInt("counts.polled") >= 1);
        assertThat(s.getString("status")).isEqualTo("ACTIVE");
        assertThat(s.getList("credentials")).containsExactly("accessToken");
    }
}
