package io.earshot.listener.sources;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.earshot.contracts.Ids;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.Mention;
import io.earshot.listener.sources.FixtureServer.Reply;
import io.earshot.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Hacker News (Algolia), Reddit and Bluesky connectors through the scheduler against loopback fixture servers. */
@QuarkusTest
class JsonConnectorsPollingTest {
    static final String QUERY = "\"acme\" AND (refund OR outage) NOT job";
    final String run = Long.toString(ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L));
    final List<FixtureServer> servers = new ArrayList<>();
    final List<String> sources = new ArrayList<>();

    @AfterEach
    void tearDown() {
        sources.forEach(id -> given().header("Authorization", TestTokens.bearer("admin")).delete(SourceApi.PATH + "/"
                + id));
        servers.forEach(FixtureServer::close);
    }

    String fixture(String path) {
        return FixtureServer.resource(path).replace("{{run}}", run);
    }

    FixtureServer server() {
        FixtureServer s = new FixtureServer();
        servers.add(s);
        return s;
    }

    String source(String kind, String config) {
        String id = SourceApi.createId("{\"kind\":\"" + kind + "\",\"brand\":\"Acme\",\"query\":\"" + QUERY.replace(
                "\"", "\\\"")
                + "\",\"pollInterval\":\"PT0.3S\",\"config\":" + config + "}");
        sources.add(id);
        return id;
    }

    static JsonPath awaitSource(String id, java.util.function.Predicate<JsonPath> condition) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> SourceApi.get(
                id), condition);
    }

    static Mention mention(String source, String externalId) {
        String body = given().header("Authorization", TestTokens.bearer("analyst"))
                .get("/api/v1/mentions/" + Ids.mentionId(source, externalId)).then().statusCode(200).extract()
                .asString();
        return EventCodec.decode(body, Mention.class);
    }

    static int status(String source, String externalId) {
        return given().header("Authorization", TestTokens.bearer("analyst"))
                .get("/api/v1/mentions/" + Ids.mentionId(source, externalId)).then().extract().statusCode();
    }

    @Test
    void hackerNewsPagesAndFiltersByCreatedAtI() {
        FixtureServer hn = server().answer(r -> {
            if (!r.path().equals("/api/v1/search_by_date")) {
                return Reply.status(404, Map.of(), "");
            }
            return Reply.json(fixture("1".equals(r.query().get("page"))
                    ? "hackernews/page1.json"
                    : "hackernews/page0.json"));
        });
        String id = source("hackernews", "{\"baseUrl\":\"" + hn.baseUrl() + "\",\"hitsPerPage\":\"2\"}");
        JsonPath s = awaitSource(id, p -> hn.requests().size() >= 3 && p.getInt("counts.polled") >= 5);
        assertThat(s.getString("cursor")).isEqualTo("1795170000");
        assertThat(s.getInt("counts.accepted")).isEqualTo(2);
        List<Map<String, String>> q = hn.requests().stream().map(FixtureServer.Request::query).toList();
        assertThat(q.get(0)).containsEntry("query", "Acme").containsEntry("tags", "(story,comment)").containsEntry(
                "page", "0")
                .containsEntry("hitsPerPage", "2").doesNotContainKey("numericFilters");
        assertThat(q.get(1)).containsEntry("numericFilters", "created_at_i>=1795169700").containsEntry("page", "0");
        assertThat(q.get(2)).containsEntry("numericFilters", "created_at_i>=1795169700").containsEntry("page", "1");
        Mention comment = mention("hackernews", run + "12");
        // Hacker News writes paragraphs as a bare <p>: "below<p>Acme" is two words, so the query finds "acme"
        assertThat(comment.text()).isEqualTo(
                "Same here, see the thread below\nAcme support told me the refund takes 30 days. That's absurd.");
        assertThat(comment.matchedTerms()).containsExactly("acme", "refund");
        assertThat(comment.author().handle()).isEqualTo("throwaway42");
        assertThat(comment.thread().parentId()).isEqualTo(run + "11");
        assertThat(comment.url()).isEqualTo("https://news.ycombinator.com/item?id=" + run + "12");
        assertThat(mention("hackernews", run + "00").matchedTerms()).containsExactly("acme", "outage");
        assertThat(status("hackernews", run + "05")).isEqualTo(404);
    }

    /** Credentials as a source's JSON {@code credentials} object. */
    String source(String kind, String config, String credentials) {
        String id = SourceApi.createId("{\"kind\":\"" + kind + "\",\"brand\":\"Acme\",\"query\":\"" + QUERY.replace(
                "\"", "\\\"")
                + "\",\"pollInterval\":\"PT0.3S\",\"config\":" + config + ",\"credentials\":" + credentials + "}");
        sources.add(id);
        return id;
    }

    static List<FixtureServer.Request> calls(FixtureServer server, String path) {
        return server.requests().stream().filter(r -> r.path().equals(path)).toList();
    }

    @Test
    void redditFollowsAfterUntilTheWatermark() {
        // Like reddit.com: no token, no API (403 "Blocked"); the token comes from the client credentials grant.
        FixtureServer reddit = server();
        reddit.answer(r -> {
            if (r.path().equals("/api/v1/access_token")) {
                return Reply.json("{\"access_token\":\"tok-" + run
                        + "\",\"token_type\":\"bearer\",\"expires_in\":86400,\"scope\":\"*\"}");
            }
            if (!("bearer tok-" + run).equals(r.header("Authorization"))) {
                return Reply.status(403, Map.of("Content-Type", "text/html"), "<h1>whoa there, pardner!</h1>Blocked");
            }
            if (!r.path().equals("/r/CustomerService/search.json")) {
                return Reply.status(404, Map.of(), "");
            }
            long n = calls(reddit, r.path()).size();
            if (n == 2 && r.query().get("after") == null) {
                return Reply.json(fixture("reddit/search-newer.json"));
            }
            return Reply.json(fixture("reddit/search.json"));
        });
        String id = source("reddit", "{\"baseUrl\":\"" + reddit.baseUrl() + "\",\"authUrl\":\"" + reddit.baseUrl()
                + "\",\"subreddit\":\"r/CustomerService\",\"search\":\"acme\"}",
                "{\"clientId\":\"app1\",\"clientSecret\":\"s\",\"username\":\"earshot_dev\"}");
        JsonPath s = awaitSource(id, p -> "1795180000".equals(p.getString("cursor")) && p.getInt(
                "counts.accepted") == 3);
        List<Map<String, String>> q = calls(reddit, "/r/CustomerService/search.json").stream().map(
                FixtureServer.Request::query).toList();
        assertThat(q.get(0)).containsEntry("q", "acme").containsEntry("sort", "new").containsEntry("restrict_sr", "1")
                .doesNotContainKey("after");
        assertThat(q.get(1)).doesNotContainKey("after");
        assertThat(q.get(2)).containsEntry("after", "t3_" + run + "d");
        assertThat(s.getString("lastError")).isNull();
        Mention first = mention("reddit", "t3_" + run + "a");
        assertThat(first.text()).isEqualTo(
                "Acme refund nightmare & no answers\nOrdered in October, product broke, Acme says the refund is \"processing\" for 6 weeks.");
        assertThat(first.author().id()).isEqualTo("t2_8abc12");
        assertThat(first.author().handle()).isEqualTo("u/angry_customer");
        assertThat(first.url()).isEqualTo("https://www.reddit.com/r/CustomerService/comments/" + run
                + "a/acme_refund_nightmare/");
        assertThat(mention("reddit", "t3_" + run + "e").matchedTerms()).containsExactly("acme", "outage");
        assertThat(mention("reddit", "t3_" + run + "d").matchedTerms()).containsExactly("acme", "refund", "outage");
        assertThat(status("reddit", "t3_" + run + "b")).isEqualTo(404);
    }

    /**
     * Like Bluesky's search: posts whose sort time (the earlier of createdAt and indexedAt) is at or after {@code since},
     * newest first, {@code limit} at a time, and a {@code cursor} only after a full page.
     */
    Reply blueskySearch(FixtureServer.Request r) {
        io.restassured.path.json.JsonPath all = io.restassured.path.json.JsonPath.from(fixture("bluesky/search.json"));
        List<Map<String, Object>> posts = all.getList("posts");
        java.time.Instant since = r.query().containsKey("since")
                ? java.time.Instant.parse(r.query().get("since"))
                : java.time.Instant.MIN;
        List<Map<String, Object>> matching = posts.stream().filter(p -> {
            java.time.Instant created = java.time.Instant.parse((String) ((Map<?, ?>) p.get("record")).get(
                    "createdAt"));
            java.time.Instant indexed = java.time.Instant.parse((String) p.get("indexedAt"));
            return !(created.isBefore(indexed) ? created : indexed).isBefore(since);
        }).toList();
        int limit = Integer.parseInt(r.query().get("limit"));
        int offset = r.query().containsKey("cursor") ? Integer.parseInt(r.query().get("cursor")) : 0;
        List<Map<String, Object>> page = matching.subList(Math.min(offset, matching.size()), Math.min(offset + limit,
                matching.size()));
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        if (page.size() == limit) {
            body.put("cursor", Integer.toString(offset + limit));
        }
        body.put("posts", page);
        try {
            return Reply.json(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void blueskySendsSinceAndFollowsTheCursor() {
        // Like the AppView today: searchPosts needs a session (401 AuthMissing without one).
        FixtureServer bsky = server().answer(r -> switch (r.path()) {
            case "/xrpc/com.atproto.server.createSession" ->
                Reply.json("{\"did\":\"did:plc:me\",\"handle\":\"me.bsky.social\",\"accessJwt\":\"a-" + run
                        + "\",\"refreshJwt\":\"r\"}");
            case "/xrpc/app.bsky.feed.searchPosts" -> ("Bearer a-" + run).equals(r.header("Authorization"))
                    ? blueskySearch(r)
                    : Reply.status(401, Map.of("Content-Type", "application/json"),
                            "{\"error\":\"AuthMissing\",\"message\":\"Authentication Required\"}");
            default -> Reply.status(404, Map.of(), "");
        });
        String id = source("bluesky", "{\"baseUrl\":\"" + bsky.baseUrl() + "\",\"lang\":\"en\",\"limit\":\"1\"}",
                "{\"identifier\":\"me.bsky.social\",\"appPassword\":\"abcd-efgh-ijkl-mnop\"}");
        String search = "/xrpc/app.bsky.feed.searchPosts";
        JsonPath s = awaitSource(id, p -> calls(bsky, search).size() >= 3 && p.getInt("counts.accepted") == 1);
        assertThat(s.getString("cursor")).isEqualTo("2026-11-20T10:30:00Z");
        List<Map<String, String>> q = calls(bsky, search).stream().map(FixtureServer.Request::query).toList();
        assertThat(q.get(0)).containsEntry("q", "Acme").containsEntry("sort", "latest").containsEntry("lang", "en")
                .containsEntry("limit", "1").doesNotContainKey("since").doesNotContainKey("cursor");
        // the page after the first poll was full, so the search handed out a cursor; the next page was not full
        assertThat(q.get(1)).containsEntry("since", "2026-11-20T10:25:00Z").doesNotContainKey("cursor");
        assertThat(q.get(2)).containsEntry("since", "2026-11-20T10:25:00Z").containsEntry("cursor", "1");
        assertThat(calls(bsky, "/xrpc/com.atproto.server.createSession")).hasSize(1);
        Mention m = mention("bluesky", "at://did:plc:z72i7hdynmk6r22z27h6tvur/app.bsky.feed.post/" + run + "k2");
        assertThat(m.matchedTerms()).containsExactly("acme", "refund", "outage");
        assertThat(m.author().id()).isEqualTo("did:plc:z72i7hdynmk6r22z27h6tvur");
        assertThat(m.author().handle()).isEqualTo("@dana.bsky.social");
        assertThat(m.url()).isEqualTo("https://bsky.app/profile/did:plc:z72i7hdynmk6r22z27h6tvur/post/" + run + "k2");
        assertThat(m.thread().rootId()).isEqualTo("at://did:plc:abc/app.bsky.feed.post/root1");
        assertThat(m.lang()).isEqualTo("en");
        assertThat(status("bluesky", "at://did:plc:jobs/app.bsky.feed.post/" + run + "k1")).isEqualTo(404);
    }
}
