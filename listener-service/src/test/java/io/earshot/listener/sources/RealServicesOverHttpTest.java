package io.earshot.listener.sources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.earshot.listener.ingest.MentionInput;
import io.earshot.listener.sources.FixtureServer.Reply;
import io.earshot.listener.sources.mastodon.MastodonConnector;
import io.earshot.listener.sources.rss.RssConnector;
import io.earshot.platform.outbound.AddressPolicy;
import io.earshot.platform.outbound.OutboundHttp;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Connectors over HTTP against fixtures that answer as the real services do: feeds as raw bytes in the encoding they
 * declare (ISO-8859-1 by header or prolog, a UTF-8 BOM, RSS 0.91's DOCTYPE), and Mastodon replies whose parent is known
 * to the instance only by its local id.
 */
class RealServicesOverHttpTest {
    static final Vertx VERTX = Vertx.vertx();
    static final ObjectMapper MAPPER = new ObjectMapper();
    final SourceHttp http = new SourceHttp(new OutboundHttp(VERTX, AddressPolicy.allowing(List.of("127.0.0.1")),
            OutboundHttp.SYSTEM,
            new OutboundHttp.Options(Duration.ofSeconds(10), 5_000_000, 3, "earshot-test")), Duration.ofHours(1));
    final FixtureServer server = new FixtureServer();

    @AfterEach
    void close() {
        server.close();
    }

    @AfterAll
    static void stop() {
        VERTX.close();
    }

    SourceConfig source(SourceKind kind, Map<String, String> config) {
        return new SourceConfig(UUID.randomUUID(), kind, "Acme", config);
    }

    List<MentionInput> feed(String contentType, byte[] body) {
        server.answer(r -> new Reply(200, Map.of("Content-Type", contentType), null, body));
        SourceConfig s = source(SourceKind.RSS, Map.of("feedUrl", server.baseUrl() + "/feed.xml"));
        return new RssConnector(http, MAPPER).poll(s, new Cursor(null)).await().atMost(Duration.ofSeconds(10)).items();
    }

    static final String ITEM = "<rss version=\"2.0\"><channel><item><guid>g1</guid><title>Acme: café fermé, remboursé?</title>"
            + "<pubDate>Fri, 20 Nov 2026 10:30:00 EST</pubDate></item></channel></rss>";

    @Test
    void anIso88591FeedNamedByItsContentTypeIsDecodedAsSuch() {
        List<MentionInput> items = feed("application/rss+xml; charset=ISO-8859-1", ITEM.getBytes(
                StandardCharsets.ISO_8859_1));
        assertThat(items).singleElement().satisfies(m -> assertThat(m.text()).isEqualTo(
                "Acme: café fermé, remboursé?"));
    }

    @Test
    void anIso88591FeedNamedByItsPrologIsDecodedAsSuch() {
        byte[] body = ("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>" + ITEM).getBytes(StandardCharsets.ISO_8859_1);
        assertThat(feed("text/xml", body)).singleElement().satisfies(m -> assertThat(m.text()).isEqualTo(
                "Acme: café fermé, remboursé?"));
    }

    @Test
    void aUtf8FeedWithABomAndAnRss091DoctypeIsRead() {
        byte[] utf8 = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE rss PUBLIC \"-//Netscape Communications//DTD RSS 0.91//EN\" "
                + "\"http://my.netscape.com/publish/formats/rss-0.91.dtd\">\n" + ITEM.replace("version=\"2.0\"",
                        "version=\"0.91\""))
                .getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[utf8.length + 3];
        body[0] = (byte) 0xEF;
        body[1] = (byte) 0xBB;
        body[2] = (byte) 0xBF;
        System.arraycopy(utf8, 0, body, 3, utf8.length);
        assertThat(feed("application/rss+xml", body)).singleElement().satisfies(m -> {
            assertThat(m.text()).isEqualTo("Acme: café fermé, remboursé?");
            // EST, as feeds write it
            assertThat(m.createdAt()).isEqualTo(java.time.Instant.parse("2026-11-20T15:30:00Z"));
        });
    }

    static String status(String id, String uri, String inReplyTo) {
        return """
                {"id":"%s","uri":"%s","created_at":"2026-11-20T10:00:00Z","in_reply_to_id":%s,
                 "content":"<p>acme refund</p>","account":{"id":"1","acct":"ann"}}"""
                .formatted(id, uri, inReplyTo == null ? "null" : "\"" + inReplyTo + "\"");
    }

    @Test
    void mastodonRepliesGetTheirParentsUriOnceAndAGoneParentLeavesNone() {
        String base = "https://mastodon.example/users/ann/statuses/";
        server.answer(r -> switch (r.path()) {
            case "/api/v1/timelines/tag/acme" -> Reply.json("[" + String.join(",",
                    status("1004", base + "d", "1001"), // parent elsewhere on the instance: looked up
                    status("1003", base + "c", "1002"), // parent on the same page: no look-up
                    status("1002", base + "b", "1001"), // same parent again: cached
                    status("1005", base + "e", "999")) + "]"); // parent deleted: 404
            case "/api/v1/statuses/1001" -> Reply.json(status("1001", base + "a", null));
            default -> Reply.status(404, Map.of("Content-Type", "application/json"),
                    "{\"error\":\"Record not found\"}");
        });
        MastodonConnector c = new MastodonConnector(http, MAPPER);
        SourceConfig s = source(SourceKind.MASTODON, Map.of("baseUrl", server.baseUrl(), "hashtag", "acme"));
        Map<String, String> parents = new java.util.HashMap<>();
        c.poll(s, new Cursor(null)).await().atMost(Duration.ofSeconds(10)).items()
                .forEach(m -> parents.put(m.externalId(), m.thread() == null ? null : m.thread().parentId()));
        assertThat(parents).containsEntry(base + "d", base + "a").containsEntry(base + "c", base + "b")
                .containsEntry(base + "b", base + "a").containsEntry(base + "e", null);
        assertThat(server.requests().stream().map(FixtureServer.Request::path).filter(p -> p.startsWith(
                "/api/v1/statuses/")).toList())
                .containsExactly("/api/v1/statuses/1001", "/api/v1/statuses/999");
        // the next poll asks for neither again
        c.poll(s, new Cursor(null)).await().atMost(Duration.ofSeconds(10));
        assertThat(server.requests().stream().filter(r -> r.path().startsWith("/api/v1/statuses/")).count()).isEqualTo(
                2);
    }
}
