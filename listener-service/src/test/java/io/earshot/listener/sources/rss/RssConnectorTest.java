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
    final SourceConfig source = new SourceConfig(UUID.randomUUID(), SourceKind.RSS, "Acme", Map.of("feedUrl",
            "https://news.example/feed.xml"));
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
        assertThat(first.text()).isEqualTo(
                "Acme outage leaves thousands without service\nCustomers of Acme report a nationwide outage & slow refunds.");
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
        assertThat(items).extracting(MentionInput::externalId).containsExactly("news.example-r1-3",
                "news.example-r1-2");
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
    void externalEntitiesStayClosedWhenADoctypeIsAllowed() {
        List<MentionInput> items = new ArrayList<>();
        try {
            rss.parse(fixture("xxe.xml"), source, feed, null, items);
        } catch (MalformedPayloadException refused) {
            return; // refusing the entity is fine too; reading the file is not
        }
        assertThat(items).allSatisfy(m -> assertThat(m.text()).doesNotContain("root:"));
        // nor an external DTD, nor a parameter entity
        String dtd = """
                <?xml version="1.0"?><!DOCTYPE rss SYSTEM "http://127.0.0.1:9/evil.dtd" [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>
                <rss version="2.0"><channel><item><guid>g</guid><title>acme</title></item></channel></rss>""";
        try {
            List<MentionInput> more = new ArrayList<>();
            rss.parse(dtd, source, feed, null, more);
            assertThat(more).allSatisfy(m -> assertThat(m.text()).doesNotContain("root:"));
        } catch (MalformedPayloadException refused) {
            assertThat(refused.getMessage()).doesNotContain("root:");
        }
    }

    @Test
    void entityExpansionBombsAreRefused() {
        StringBuilder dtd = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY a0 \"lol\">");
        for (int i = 1; i < 12; i++) {
            dtd.append("<!ENTITY a").append(i).append(" \"").append(("&a" + (i - 1) + ";").repeat(10)).append("\">");
        }
        String bomb = dtd
                + "]><rss version=\"2.0\"><channel><item><guid>g</guid><title>&a11;</title></item></channel></rss>";
        List<MentionInput> items = new ArrayList<>();
        try {
            rss.parse(bomb, source, feed, null, items);
        } catch (MalformedPayloadException refused) {
            return; // the expansion limit refused it
        }
        // or the entities were left unexpanded: either way nothing blew up
        assertThat(items).allSatisfy(m -> assertThat(m.text()).doesNotContain("lol".repeat(100)));
    }

    @Test
    void anRss091FeedWithItsDoctypeIsRead() {
        String xml = """
                <?xml version="1.0" encoding="ISO-8859-1"?>
                <!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
                <rss version="0.91"><channel><title>t</title><language>fr</language>
                <item><title>Acme: café fermé</title><link>https://news.example/a</link><description>panne</description></item>
                </channel></rss>""";
        List<MentionInput> items = new ArrayList<>();
        Instant now = Instant.parse("2026-11-20T12:00:00Z");
        rss.parse(xml.getBytes(StandardCharsets.ISO_8859_1), null, source, feed, null, items, now);
        assertThat(items).hasSize(1);
        assertThat(items.get(0).text()).isEqualTo("Acme: café fermé\npanne");
        // undated (RSS allows it): first seen now
        assertThat(items.get(0).createdAt()).isEqualTo(now);
    }

    @Test
    void bytesAreDecodedWithTheDeclaredEncodingAndABomIsTolerated() {
        String body = "<rss version=\"2.0\"><channel><item><guid>g</guid><title>Acme über été</title>"
                + "<pubDate>Fri, 20 Nov 2026 10:30:00 GMT</pubDate></item></channel></rss>";
        Instant now = Instant.parse("2026-11-21T00:00:00Z");
        // the prolog says ISO-8859-1, no Content-Type charset
        List<MentionInput> latin = new ArrayList<>();
        rss.parse(("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>" + body).getBytes(StandardCharsets.ISO_8859_1),
                null, source, feed, null, latin, now);
        assertThat(latin.get(0).text()).isEqualTo("Acme über été");
        // the Content-Type's charset wins
        List<MentionInput> header = new ArrayList<>();
        rss.parse(body.getBytes(StandardCharsets.ISO_8859_1), RssConnector.charset("text/xml; charset=\"iso-8859-1\""),
                source, feed, null, header, now);
        assertThat(header.get(0).text()).isEqualTo("Acme über été");
        // a UTF-8 BOM before the prolog
        byte[] utf8 = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + body).getBytes(StandardCharsets.UTF_8);
        byte[] bom = new byte[utf8.length + 3];
        bom[0] = (byte) 0xEF;
        bom[1] = (byte) 0xBB;
        bom[2] = (byte) 0xBF;
        System.arraycopy(utf8, 0, bom, 3, utf8.length);
        List<MentionInput> withBom = new ArrayList<>();
        rss.parse(bom, null, source, feed, null, withBom, now);
        assertThat(withBom.get(0).text()).isEqualTo("Acme über été");
        assertThat(RssConnector.charset("application/rss+xml")).isNull();
        assertThat(RssConnector.charset("text/xml; charset=no-such-charset")).isNull();
    }

    @Test
    void rfc822DatesAsFeedsWriteThem() {
        assertThat(RssConnector.date("Fri, 20 Nov 2026 10:30:00 EST")).isEqualTo(Instant.parse("2026-11-20T15:30:00Z"));
        assertThat(RssConnector.date("Fri, 20 Nov 26 10:30:00 GMT")).isEqualTo(Instant.parse("2026-11-20T10:30:00Z"));
        assertThat(RssConnector.date("20 Nov 2026 10:30 PDT")).isEqualTo(Instant.parse("2026-11-20T17:30:00Z"));
        assertThat(RssConnector.date("Friday, 20 November 2026 10:30:00 +0100")).isEqualTo(Instant.parse(
                "2026-11-20T09:30:00Z"));
        assertThat(RssConnector.date("Fri, 6 Nov 98 10:30:00 UT")).isEqualTo(Instant.parse("1998-11-06T10:30:00Z"));
        assertThat(RssConnector.date("Fri, 20 Nov 2026 10:30:00 -05:30")).isEqualTo(Instant.parse(
                "2026-11-20T16:00:00Z"));
        assertThat(RssConnector.date("2026-11-20T10:30:00Z")).isEqualTo(Instant.parse("2026-11-20T10:30:00Z"));
        assertThat(RssConnector.date("yesterday")).isNull();
        assertThat(RssConnector.date("Fri, 31 Feb 2026 10:30:00 GMT")).isNull();
    }

    @Test
    void contentEncodedIsReadBeforeTheDescription() {
        String xml = """
                <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
                <item><guid>g</guid><title>Acme</title><description>teaser</description>
                <content:encoded><![CDATA[<p>The full story:</p><p>Acme refunds are late.</p>]]></content:encoded>
                <pubDate>Fri, 20 Nov 2026 10:30:00 EST</pubDate></item></channel></rss>""";
        List<MentionInput> items = new ArrayList<>();
        rss.parse(xml, source, feed, null, items);
        assertThat(items.get(0).text()).isEqualTo("Acme\nThe full story:\nAcme refunds are late.");
        assertThat(items.get(0).createdAt()).isEqualTo(Instant.parse("2026-11-20T15:30:00Z"));
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
        RssConnector.State s = new RssConnector.State("\"v1\"", "Fri, 20 Nov 2026 10:30:00 GMT", Instant.parse(
                "2026-11-20T10:30:00Z"));
        assertThat(rss.state(new Cursor(rss.encode(s)))).isEqualTo(s);
        assertThat(rss.state(new Cursor("garbage"))).isEqualTo(new RssConnector.State(null, null, null));
        assertThat(rss.state(Cursor.START)).isEqualTo(new RssConnector.State(null, null, null));
    }
}
