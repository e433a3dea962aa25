package io.earshot.listener.sources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.earshot.listener.ingest.MentionInput;
import io.earshot.listener.sources.FixtureServer.Reply;
import io.earshot.listener.sources.bluesky.BlueskyConnector;
import io.earshot.listener.sources.hackernews.HackerNewsConnector;
import io.earshot.listener.sources.mastodon.MastodonConnector;
import io.earshot.listener.sources.reddit.RedditConnector;
import io.earshot.listener.sources.rss.RssConnector;
import io.earshot.platform.outbound.AddressPolicy;
import io.earshot.platform.outbound.OutboundHttp;
import io.vertx.core.Vertx;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * No missed posts: each connector against a loopback fixture that filters and pages like the real API, where a post
 * turns up late (published or indexed after newer ones were already polled, dated a couple of minutes back), and
 * where more is new than a poll's maxPages can read.
 */
class LatePostsTest {
    static final Vertx VERTX = Vertx.vertx();
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final Instant T = Instant.now().minus(Duration.ofHours(1)).truncatedTo(
            java.time.temporal.ChronoUnit.SECONDS);
    final SourceHttp http = new SourceHttp(new OutboundHttp(VERTX, AddressPolicy.allowing(List.of("127.0.0.1")),
            OutboundHttp.SYSTEM,
            new OutboundHttp.Options(Duration.ofSeconds(10), 5_000_000, 3, "earshot-test")), Duration.ofHours(1));
    final FixtureServer server = new FixtureServer();
    /** The service's posts: id, time, text. */
    final List<Post> posts = new CopyOnWriteArrayList<>();

    record Post(String id, Instant at) {}

    @AfterEach
    void close() {
        server.close();
    }

    @AfterAll
    static void stop() {
        VERTX.close();
    }

    SourceConfig source(SourceKind kind, String... config) {
        Map<String, String> c = new java.util.LinkedHashMap<>();
        for (int i = 0; i < config.length; i += 2) {
            c.put(config[i], config[i + 1]);
        }
        return new SourceConfig(UUID.randomUUID(), kind, "Acme", c);
    }

    List<Post> newestFirst(Predicate<Post> filter) {
        return posts.stream().filter(filter).sorted(Comparator.comparing(Post::at).reversed().thenComparing(Post::id,
                Comparator.reverseOrder())).toList();
    }

    static Batch poll(Connector c, SourceConfig s, String cursor) {
        return c.poll(s, new Cursor(cursor)).await().atMost(Duration.ofSeconds(20));
    }

    static List<String> ids(Batch b) {
        return b.items().stream().map(MentionInput::externalId).toList();
    }

    // --- Reddit: newest first, `limit`, `after` paging, no time filter.

    void reddit() {
        server.answer(r -> {
            int limit = Integer.parseInt(r.query().get("limit"));
            List<Post> all = newestFirst(p -> true);
            int from = 0;
            if (r.query().containsKey("after")) {
                from = all.stream().map(Post::id).toList().indexOf(r.query().get("after")) + 1;
            }
            List<Post> page = all.subList(Math.min(from, all.size()), Math.min(from + limit, all.size()));
            StringBuilder children = new StringBuilder();
            for (Post p : page) {
                children.append(children.isEmpty() ? "" : ",").append("""
                        {"kind":"t3","data":{"name":"%s","author":"ann","author_fullname":"t2_ann","title":"acme %s",
                         "selftext":"","permalink":"/r/x/comments/%s/","created_utc":%d.0}}""".formatted(p.id(), p.id(),
                        p.id(), p.at().getEpochSecond()));
            }
            String after = from + limit < all.size() ? "\"" + page.get(page.size() - 1).id() + "\"" : "null";
            return Reply.json("{\"kind\":\"Listing\",\"data\":{\"after\":" + after + ",\"children\":[" + children
                    + "]}}");
        });
    }

    @Test
    void redditCatchesAPostIndexedLate() {
        reddit();
        RedditConnector c = new RedditConnector(http, MAPPER);
        SourceConfig s = source(SourceKind.REDDIT, "baseUrl", server.baseUrl(), "limit", "10");
        posts.add(new Post("t3_new", T));
        Batch first = poll(c, s, null);
        assertThat(ids(first)).containsExactly("t3_new");
        posts.add(new Post("t3_late", T.minusSeconds(120)));
        assertThat(ids(poll(c, s, first.nextCursor()))).contains("t3_late");
    }

    @Test
    void redditKeepsItsCursorWhenMaxPagesCutsTheWalkShort() {
        reddit();
        RedditConnector c = new RedditConnector(http, MAPPER);
        SourceConfig s = source(SourceKind.REDDIT, "baseUrl", server.baseUrl(), "limit", "2", "maxPages", "2",
                "overlap", "PT0S");
        posts.add(new Post("t3_a", T));
        String cursor = poll(c, s, null).nextCursor();
        for (int i = 1; i <= 6; i++) {
            posts.add(new Post("t3_n" + i, T.plusSeconds(60L * i)));
        }
        Batch cut = poll(c, s, cursor);
        assertThat(cut.items()).hasSize(4);
        assertThat(cut.nextCursor()).isEqualTo(cursor);
        Batch whole = poll(c, source(SourceKind.REDDIT, "baseUrl", server.baseUrl(), "limit", "2", "maxPages", "5",
                "overlap", "PT0S"), cursor);
        assertThat(ids(whole)).contains("t3_n1", "t3_n2");
        assertThat(whole.nextCursor()).isEqualTo(Long.toString(T.plusSeconds(360).getEpochSecond()));
    }

    // --- Hacker News (Algolia): numericFilters created_at_i>=, hitsPerPage, page, nbPages.

    void hackerNews() {
        server.answer(r -> {
            long since = r.query().containsKey("numericFilters")
                    ? Long.parseLong(r.query().get("numericFilters").substring("created_at_i>=".length()))
                    : 0;
            int per = Integer.parseInt(r.query().get("hitsPerPage"));
            int page = Integer.parseInt(r.query().get("page"));
            List<Post> all = newestFirst(p -> p.at().getEpochSecond() >= since);
            List<Post> hits = all.subList(Math.min(page * per, all.size()), Math.min(page * per + per, all.size()));
            StringBuilder out = new StringBuilder();
            for (Post p : hits) {
                out.append(out.isEmpty() ? "" : ",").append("""
                        {"objectID":"%s","author":"pg","created_at_i":%d,"title":"acme %s"}""".formatted(p.id(), p.at()
                        .getEpochSecond(), p.id()));
            }
            int nbPages = (all.size() + per - 1) / per;
            return Reply.json("{\"hits\":[" + out + "],\"nbPages\":" + nbPages + ",\"page\":" + page + "}");
        });
    }

    @Test
    void hackerNewsCatchesAnItemIndexedLate() {
        hackerNews();
        HackerNewsConnector c = new HackerNewsConnector(http, MAPPER);
        SourceConfig s = source(SourceKind.HACKERNEWS, "baseUrl", server.baseUrl(), "hitsPerPage", "10");
        posts.add(new Post("2", T));
        Batch first = poll(c, s, null);
        posts.add(new Post("1", T.minusSeconds(90)));
        assertThat(ids(poll(c, s, first.nextCursor()))).contains("1");
    }

    @Test
    void hackerNewsKeepsItsCursorWhenMaxPagesCutsTheWalkShort() {
        hackerNews();
        HackerNewsConnector c = new HackerNewsConnector(http, MAPPER);
        SourceConfig s = source(SourceKind.HACKERNEWS, "baseUrl", server.baseUrl(), "hitsPerPage", "2", "maxPages",
                "2");
        posts.add(new Post("100", T));
        String cursor = poll(c, s, null).nextCursor();
        for (int i = 1; i <= 6; i++) {
            posts.add(new Post("10" + i, T.plusSeconds(60L * i)));
        }
        Batch cut = poll(c, s, cursor);
        assertThat(cut.items()).hasSize(4);
        assertThat(cut.nextCursor()).isEqualTo(cursor);
    }

    // --- Bluesky: since (sortAt >=), limit, cursor only after a full page.

    void bluesky() {
        server.answer(r -> {
            Instant since = r.query().containsKey("since") ? Instant.parse(r.query().get("since")) : Instant.EPOCH;
            int limit = Integer.parseInt(r.query().get("limit"));
            int offset = r.query().containsKey("cursor") ? Integer.parseInt(r.query().get("cursor")) : 0;
            List<Post> all = newestFirst(p -> !p.at().isBefore(since));
            List<Post> page = all.subList(Math.min(offset, all.size()), Math.min(offset + limit, all.size()));
            StringBuilder out = new StringBuilder();
            for (Post p : page) {
                out.append(out.isEmpty() ? "" : ",").append(
                        """
                                {"uri":"at://did:plc:ann/app.bsky.feed.post/%s","author":{"did":"did:plc:ann","handle":"handle.invalid"},
                                 "record":{"text":"acme %s","createdAt":"%s"},"indexedAt":"%s"}"""
                                .formatted(p.id(), p.id(), p.at(), p.at()));
            }
            String cursor = page.size() == limit ? ",\"cursor\":\"" + (offset + limit) + "\"" : "";
            return Reply.json("{\"posts\":[" + out + "]" + cursor + "}");
        });
    }

    @Test
    void blueskyCatchesAPostIndexedLate() {
        bluesky();
        BlueskyConnector c = new BlueskyConnector(http, MAPPER);
        SourceConfig s = source(SourceKind.BLUESKY, "baseUrl", server.baseUrl(), "limit", "10");
        posts.add(new Post("k2", T));
        Batch first = poll(c, s, null);
        assertThat(first.items().get(0).url()).isEqualTo("https://bsky.app/profile/did:plc:ann/post/k2");
        posts.add(new Post("k1", T.minusSeconds(100)));
        assertThat(ids(poll(c, s, first.nextCursor()))).contains("at://did:plc:ann/app.bsky.feed.post/k1");
    }

    @Test
    void blueskyKeepsItsCursorWhenMaxPagesCutsTheWalkShort() {
        bluesky();
        BlueskyConnector c = new BlueskyConnector(http, MAPPER);
        SourceConfig s = source(SourceKind.BLUESKY, "baseUrl", server.baseUrl(), "limit", "2", "maxPages", "2");
        posts.add(new Post("k0", T));
        String cursor = poll(c, s, null).nextCursor();
        for (int i = 1; i <= 6; i++) {
            posts.add(new Post("n" + i, T.plusSeconds(60L * i)));
        }
        Batch cut = poll(c, s, cursor);
        assertThat(cut.items()).hasSize(4);
        assertThat(cut.nextCursor()).isEqualTo(cursor);
    }

    // --- Mastodon: snowflake ids from the published time, since_id, max_id, limit.

    static String snowflake(Instant at, int seq) {
        return BigInteger.valueOf(at.toEpochMilli()).shiftLeft(16).add(BigInteger.valueOf(seq)).toString();
    }

    void mastodon() {
        server.answer(r -> {
            BigInteger since = r.query().containsKey("since_id")
                    ? new BigInteger(r.query().get("since_id"))
                    : BigInteger.ZERO;
            BigInteger maxId = r.query().containsKey("max_id") ? new BigInteger(r.query().get("max_id")) : null;
            int limit = Integer.parseInt(r.query().get("limit"));
            List<Post> page = posts.stream().filter(p -> new BigInteger(p.id()).compareTo(since) > 0
                    && (maxId == null || new BigInteger(p.id()).compareTo(maxId) < 0))
                    .sorted(Comparator.comparing((Post p) -> new BigInteger(p.id())).reversed()).limit(limit).toList();
            StringBuilder out = new StringBuilder();
            for (Post p : page) {
                out.append(out.isEmpty() ? "" : ",").append(
                        """
                                {"id":"%s","uri":"https://remote.example/users/ann/statuses/%s","url":"https://remote.example/@ann/%s",
                                 "created_at":"%s","content":"<p>acme</p>","account":{"id":"7","acct":"ann@remote.example"}}"""
                                .formatted(p.id(), p.id(), p.id(), p.at()));
            }
            return Reply.json("[" + out + "]");
        });
    }

    @Test
    void mastodonCatchesAFederatedPostThatArrivesLate() {
        mastodon();
        MastodonConnector c = new MastodonConnector(http, MAPPER);
        SourceConfig s = source(SourceKind.MASTODON, "baseUrl", server.baseUrl(), "hashtag", "acme");
        posts.add(new Post(snowflake(T, 1), T));
        Batch first = poll(c, s, null);
        // published two minutes earlier on a remote server, delivered now: its id is below the cursor
        String late = snowflake(T.minusSeconds(120), 7);
        posts.add(new Post(late, T.minusSeconds(120)));
        Batch second = poll(c, s, first.nextCursor());
        assertThat(ids(second)).contains("https://remote.example/users/ann/statuses/" + late);
        assertThat(second.nextCursor()).isEqualTo(first.nextCursor());
    }

    @Test
    void mastodonKeepsItsCursorWhenMaxPagesCutsTheWalkShort() {
        mastodon();
        MastodonConnector c = new MastodonConnector(http, MAPPER);
        SourceConfig s = source(SourceKind.MASTODON, "baseUrl", server.baseUrl(), "hashtag", "acme", "limit", "2",
                "maxPages", "2");
        posts.add(new Post(snowflake(T, 1), T));
        String cursor = poll(c, s, null).nextCursor();
        for (int i = 1; i <= 6; i++) {
            posts.add(new Post(snowflake(T.plusSeconds(60L * i), 1), T.plusSeconds(60L * i)));
        }
        Batch cut = poll(c, s, cursor);
        assertThat(cut.items()).hasSize(4);
        assertThat(cut.nextCursor()).isEqualTo(cursor);
    }

    // --- RSS: the whole feed each time; an item added late with an earlier date.

    @Test
    void rssCatchesAnItemPublishedLateWithAnEarlierDate() {
        List<String> items = new CopyOnWriteArrayList<>();
        server.answer(r -> new Reply(200, Map.of("Content-Type", "application/rss+xml"),
                "<rss version=\"2.0\"><channel><title>t</title>" + String.join("", items) + "</channel></rss>"));
        RssConnector c = new RssConnector(http, MAPPER);
        SourceConfig s = source(SourceKind.RSS, "feedUrl", server.baseUrl() + "/feed.xml");
        java.time.format.DateTimeFormatter rfc = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME;
        items.add("<item><guid>new</guid><title>acme new</title><pubDate>" + rfc.format(T.atZone(
                java.time.ZoneOffset.UTC)) + "</pubDate></item>");
        Batch first = poll(c, s, null);
        items.add("<item><guid>late</guid><title>acme late</title><pubDate>" + rfc.format(T.minusSeconds(180).atZone(
                java.time.ZoneOffset.UTC))
                + "</pubDate></item>");
        Batch second = poll(c, s, first.nextCursor());
        assertThat(ids(second)).contains("late");
        assertThat(second.nextCursor()).contains(T.toString());
    }

    @Test
    void aFutureDatedItemDoesNotFreezeTheFeedsCursor() {
        List<String> items = new CopyOnWriteArrayList<>();
        server.answer(r -> new Reply(200, Map.of("Content-Type", "application/rss+xml"),
                "<rss version=\"2.0\"><channel><title>t</title>" + String.join("", items) + "</channel></rss>"));
        RssConnector c = new RssConnector(http, MAPPER);
        SourceConfig s = source(SourceKind.RSS, "feedUrl", server.baseUrl() + "/feed.xml");
        java.time.format.DateTimeFormatter rfc = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME;
        items.add("<item><guid>future</guid><title>acme future</title><pubDate>"
                + rfc.format(Instant.now().plus(Duration.ofDays(30)).atZone(java.time.ZoneOffset.UTC))
                + "</pubDate></item>");
        items.add("<item><guid>now</guid><title>acme now</title><pubDate>" + rfc.format(T.atZone(
                java.time.ZoneOffset.UTC)) + "</pubDate></item>");
        Batch first = poll(c, s, null);
        assertThat(ids(first)).containsExactly("future", "now");
        items.add("<item><guid>next</guid><title>acme next</title><pubDate>" + rfc.format(T.plusSeconds(600).atZone(
                java.time.ZoneOffset.UTC))
                + "</pubDate></item>");
        assertThat(ids(poll(c, s, first.nextCursor()))).contains("next");
    }
}
