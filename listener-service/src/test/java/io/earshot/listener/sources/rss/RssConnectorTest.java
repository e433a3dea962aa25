package io.earshot.listener.sources.rss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.earshot.listener.ingest.MentionInput;
import io.earshot.listener.sources.Cursor;
import io.earshot.listener.sources.MalformedPayloadException;
import io.earshot.listener.sources.SourceConfig;
import io.earshot.listener.sources.SourceKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RssConnectorTest {
    final RssConnector rss = new RssConnector(null, new ObjectMapper());
    final SourceConfig source = new SourceConfig(UUID.randomUUID(), SourceKind.RSS, "Acme", Map.of("feedUrl", "https://news.example/feed.xml"));
    final URI feed = URI.create("https://news.example/feed.xml");

    static String fixture(String name) {
        try (InputStream in = RssConnectorTest.class.getResourceAsStream("/fixtures/rss/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("{{run}}", "r1");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void rss2ItemsBecomeMentions() {
        List<MentionInput> items = new ArrayList<>();
        Instant newest = rss.parse(fixture("feed.rss.xml"), source, feed, null, items);
        assertThat(items).hasSize(3);
        MentionInput first = items.get(0);
        assertThat(first.source()).isEqualTo("rss");
        assertThat(first.externalId()).isEqualTo("news.example-r1-3");
        assertThat(first.url()).isEqualTo("https://news.example/2026/11/20/acme-outage-r1");
        assertThat(first.text()).isEqualTo("Acme outage leaves thousands without service\nCustomers of Acme report a nationwide outage & slow refunds.");
        assertThat(first.author().handle()).isEqualTo("Jane Reporter");
        assertThat(first.author().id()).isEqualTo("news.example/Jane Reporter");
        assertThat(first.lang()).isEqualTo("en-us");
        assertThat(first.createdAt()).isEqualTo(Instant.parse("2026-11-20T10:30:00Z"));
        assertThat(newest).isEqualTo(Instant.parse("2026-11-20T10:30:00Z"));
        assertThat(items.get(1).author().id()).isEqualTo("news.example/news.example");
    }

    @Test
    void itemsOlderThanTheCursorAreSkipped() {
        List<MentionInput> items = new ArrayList<>();
        rss.parse(fixture("feed.rss.xml"), source, feed, Instant.parse("2026-11-19T08:00:00Z"), items);
        assertThat(items).extracting(MentionInput::externalId).containsExactly("news.example-r1-3", "news.example-r1-2");
    }

    @Test
    void atomEntriesBecomeMentions() {
        List<MentionInput> items = new ArrayList<>();
        Instant newest = rss.parse(fixture("feed.atom.xml"), source, feed, null, items);
        assertThat(items).hasSize(2);
        MentionInput e = items.get(0);
        assertThat(e.externalId()).isEqualTo("tag:status.example,2026:r1-refunds");
        assertThat(e.url()).isEqualTo("https://status.example/posts/r1-refunds");
        assertThat(e.text()).isEqualTo("Acme refund delays\nRefunds for the Acme outage are delayed.");
        assertThat(e.createdAt()).isEqualTo(Instant.parse("2026-11-20T10:00:00Z"));
        assertThat(e.author().handle()).isEqualTo("Status Team");
        assertThat(e.lang()).isEqualTo("en");
        assertThat(items.get(1).createdAt()).isEqualTo(Instant.parse("2026-11-19T09:00:00Z"));
        assertThat(newest).isEqualTo(Instant.parse("2026-11-20T10:00:00Z"));
    }

    @Test
    void doctypesAndExternalEntitiesAreRefused() {
        assertThatThrownBy(() -> rss.parse(fixture("xxe.xml"), source, feed, null, new ArrayList<>()))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("DOCTYPE");
    }

    @Test
    void malformedTruncatedAndNonFeedXmlIsAMalformedPayload() {
        String full = fixture("feed.rss.xml");
        assertThatThrownBy(() -> rss.parse(full.substring(0, full.length() / 2), source, feed, null, new ArrayList<>()))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("malformed XML");
        assertThatThrownBy(() -> rss.parse("{\"not\":\"xml\"}", source, feed, null, new ArrayList<>()))
                .isInstanceOf(MalformedPayloadException.class);
        assertThatThrownBy(() -> rss.parse("<html><body>login</body></html>", source, feed, null, new ArrayList<>()))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("not an RSS or Atom feed");
    }

    @Test
    void theCursorRoundTripsAndGarbageStartsOver() {
        RssConnector.State s = new RssConnector.State("\"v1\"", "Fri, 20 Nov 2026 10:30:00 GMT", Instant.parse("2026-11-20T10:30:00Z"));
        assertThat(rss.state(new Cursor(rss.encode(s)))).isEqualTo(s);
        assertThat(rss.state(new Cursor("garbage"))).isEqualTo(new RssConnector.State(null, null, null));
        assertThat(rss.state(Cursor.START)).isEqualTo(new RssConnector.State(null, null, null));
    }
}
