package io.earshot.listener.sources.rss;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.earshot.contracts.Ids;
import io.earshot.listener.ingest.MentionInput;
import io.earshot.listener.sources.Batch;
import io.earshot.listener.sources.ConfigChecks;
import io.earshot.listener.sources.Connector;
import io.earshot.listener.sources.Cursor;
import io.earshot.listener.sources.Html;
import io.earshot.listener.sources.MalformedPayloadException;
import io.earshot.listener.sources.SourceConfig;
import io.earshot.listener.sources.SourceHttp;
import io.earshot.listener.sources.SourceKind;
import io.earshot.platform.http.Problem;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * RSS 2.0 and Atom feeds. Conditional GET with the stored ETag and Last-Modified (a 304 costs nothing); the cursor also
 * holds the newest item date seen; each poll takes items from the overlap window before it (dedup absorbs the
 * repeats), so an item published late with an earlier date is still caught, and future dates do not move it. Parsed
 * from the raw bytes in the feed's declared encoding with the JDK's DOM parser, external DTDs, external entities and
 * XInclude off (no XXE; secure processing caps entity expansion); a DOCTYPE itself is allowed.
 */
@ApplicationScoped
public class RssConnector implements Connector {
    static final Set<String> KEYS = Set.of("feedUrl");
    private static final Pattern LANG = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*");
    private static final String ATOM = "http://www.w3.org/2005/Atom";
    private static final String DC = "http://purl.org/dc/elements/1.1/";
    private static final String CONTENT = "http://purl.org/rss/1.0/modules/content/";
    private static final Pattern CHARSET = Pattern.compile("(?i)charset\\s*=\\s*\"?([A-Za-z0-9._:-]+)");
    /** How far in the future an item's date may be and still move the cursor (clocks differ a little). */
    static final java.time.Duration SKEW = java.time.Duration.ofMinutes(5);

    private final SourceHttp http;
    private final ObjectMapper mapper;

    public RssConnector(SourceHttp http, ObjectMapper mapper) {
        this.http = http;
        this.mapper = mapper;
    }

    @Override
    public SourceKind kind() {
        return SourceKind.RSS;
    }

    @Override
    public Map<String, String> validate(Map<String, String> config, List<Problem.FieldError> errors) {
        Map<String, String> c = ConfigChecks.known(config, KEYS, errors);
        String url = c.get("feedUrl");
        if (url == null || url.isEmpty()) {
            errors.add(new Problem.FieldError("config.feedUrl", "is required"));
        } else if (!ConfigChecks.isHttpUrl(url)) {
            errors.add(new Problem.FieldError("config.feedUrl", "must be an absolute http(s) URL"));
        }
        return c;
    }

    /** The stored position: validators for a conditional GET and the newest item date seen. */
    record State(String etag, String lastModified, Instant newest) {}

    State state(Cursor cursor) {
        if (cursor.isStart()) {
            return new State(null, null, null);
        }
        try {
            Map<?, ?> m = mapper.readValue(cursor.value(), Map.class);
            Object newest = m.get("newest");
            return new State((String) m.get("etag"), (String) m.get("lastModified"),
                    newest == null ? null : Instant.parse(newest.toString()));
        } catch (JsonProcessingException | RuntimeException e) {
            return new State(null, null, null);
        }
    }

    String encode(State s) {
        Map<String, String> m = new LinkedHashMap<>();
        if (s.etag() != null) {
            m.put("etag", s.etag());
        }
        if (s.lastModified() != null) {
            m.put("lastModified", s.lastModified());
        }
        if (s.newest() != null) {
            m.put("newest", s.newest().toString());
        }
        try {
            return mapper.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Uni<Batch> poll(SourceConfig source, Cursor cursor) {
        State state = state(cursor);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "application/atom+xml, application/rss+xml, application/xml;q=0.9, text/xml;q=0.8");
        if (state.etag() != null) {
            headers.put("If-None-Match", state.etag());
        }
        if (state.lastModified() != null) {
            headers.put("If-Modified-Since", state.lastModified());
        }
        URI feed = URI.create(source.get("feedUrl"));
        return http.get(source, feed, headers).map(r -> {
            if (r.status() == 304) {
                return new Batch(List.of(), cursor.value());
            }
            List<MentionInput> items = new ArrayList<>();
            Instant floor = state.newest() == null ? null : state.newest().minus(source.overlap());
            Instant seen = parse(r.bytes(), charset(r.header("Content-Type")), source, feed, floor, items, Instant
                    .now());
            Instant newest = seen == null || (state.newest() != null && state.newest().isAfter(seen))
                    ? state.newest()
                    : seen;
            String etag = r.header("ETag");
            String lastModified = r.header("Last-Modified");
            return new Batch(items, encode(new State(etag, lastModified, newest)));
        });
    }

    static DocumentBuilder safeBuilder() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            // A DOCTYPE is allowed (RSS 0.91 carries one), but nothing outside the document is ever read: no external
            // DTD, no external entities; secure processing caps entity expansion (no "billion laughs").
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(new org.xml.sax.helpers.DefaultHandler());
            return b;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK XML parser cannot be made safe", e);
        }
    }

    /** Parses text already decoded (tests); see {@link #parse(byte[], String, SourceConfig, URI, Instant, List, Instant)}. */
    Instant parse(String xml, SourceConfig source, URI feed, Instant since, List<MentionInput> into) {
        return parse(new InputSource(new StringReader(xml)), source, feed, since, into, Instant.now());
    }

    /**
     * Parses the feed from its raw bytes: the charset of the Content-Type when it names one (it wins, RFC 7303),
     * else what the XML parser reads from a BOM or the prolog's {@code encoding} (UTF-8 by default), so ISO-8859-1
     * and windows-1252 feeds come out right and a BOM does not fail the parse.
     */
    Instant parse(byte[] xml, String charset, SourceConfig source, URI feed, Instant since, List<MentionInput> into,
            Instant now) {
        InputSource in = new InputSource(new java.io.ByteArrayInputStream(xml));
        if (charset != null) {
            in.setEncoding(charset);
        }
        return parse(in, source, feed, since, into, now);
    }

    /** The charset parameter of a Content-Type, when it names one Java knows; null otherwise. */
    static String charset(String contentType) {
        if (contentType == null) {
            return null;
        }
        java.util.regex.Matcher m = CHARSET.matcher(contentType);
        if (!m.find()) {
            return null;
        }
        String name = m.group(1);
        try {
            return java.nio.charset.Charset.isSupported(name) ? name : null;
        } catch (java.nio.charset.IllegalCharsetNameException e) {
            return null;
        }
    }

    /**
     * Parses the feed into {@code into} (items dated {@code since} or later; undated items count as first seen
     * {@code now}); answers the newest date seen, leaving out dates more than {@link #SKEW} in the future, which
     * would otherwise freeze the cursor past every real item to come.
     */
    Instant parse(InputSource in, SourceConfig source, URI feed, Instant since, List<MentionInput> into, Instant now) {
        Document doc;
        try {
            doc = safeBuilder().parse(in);
        } catch (SAXException | IOException e) {
            throw new MalformedPayloadException("malformed XML: " + e.getMessage(), e);
        }
        Element root = doc.getDocumentElement();
        boolean atom = "feed".equals(root.getLocalName()) && ATOM.equals(root.getNamespaceURI());
        boolean rss = "rss".equals(root.getLocalName()) || "RDF".equals(root.getLocalName());
        if (!atom && !rss) {
            throw new MalformedPayloadException("not an RSS or Atom feed: root element <" + root.getNodeName() + ">");
        }
        String feedLang = atom ? attr(root, "xml:lang") : text(first(root, "channel"), "language");
        NodeList entries = atom ? root.getElementsByTagNameNS(ATOM, "entry") : root.getElementsByTagNameNS("*", "item");
        Instant newest = since;
        for (int i = 0; i < entries.getLength(); i++) {
            Element e = (Element) entries.item(i);
            MentionInput m = atom ? atomEntry(e, source, feed, feedLang, now) : rssItem(e, source, feed, feedLang, now);
            if (m == null) {
                continue;
            }
            if (since != null && m.createdAt().isBefore(since)) {
                continue;
            }
            if (!m.createdAt().isAfter(now.plus(SKEW))) {
                newest = newest == null || m.createdAt().isAfter(newest) ? m.createdAt() : newest;
            }
            into.add(m);
        }
        return newest;
    }

    private MentionInput rssItem(Element item, SourceConfig source, URI feed, String feedLang, Instant now) {
        String link = text(item, "link");
        String guid = text(item, "guid");
        String title = text(item, "title");
        // content:encoded carries the full post where description is often a teaser.
        String encoded = textNs(item, CONTENT, "encoded");
        String body = Html.toText(encoded != null && !encoded.isBlank() ? encoded : text(item, "description"));
        Instant created = date(text(item, "pubDate"));
        if (created == null) {
            created = date(textNs(item, DC, "date"));
        }
        if (created == null) {
            // RSS 2.0 lets items go undated: they count from when they were first seen (dedup keeps the first).
            created = now;
        }
        String author = textNs(item, DC, "creator");
        if (author == null) {
            author = text(item, "author");
        }
        return mention(source, feed, guid != null ? guid : link, link, title, body, author, created, feedLang);
    }

    private MentionInput atomEntry(Element entry, SourceConfig source, URI feed, String feedLang, Instant now) {
        String link = null;
        NodeList links = entry.getElementsByTagNameNS(ATOM, "link");
        for (int i = 0; i < links.getLength(); i++) {
            Element l = (Element) links.item(i);
            String rel = l.getAttribute("rel");
            if (rel.isEmpty() || "alternate".equals(rel)) {
                link = l.getAttribute("href");
                break;
            }
        }
        String content = textNs(entry, ATOM, "content");
        String summary = textNs(entry, ATOM, "summary");
        Instant created = date(textNs(entry, ATOM, "published"));
        if (created == null) {
            created = date(textNs(entry, ATOM, "updated"));
        }
        if (created == null) {
            created = now;
        }
        Element authorEl = firstNs(entry, ATOM, "author");
        String author = authorEl == null ? null : textNs(authorEl, ATOM, "name");
        String lang = attr(entry, "xml:lang");
        return mention(source, feed, textNs(entry, ATOM, "id"), link, textNs(entry, ATOM, "title"),
                Html.toText(content != null ? content : summary), author, created, lang != null ? lang : feedLang);
    }

    private MentionInput mention(SourceConfig source, URI feed, String id, String link, String title, String body,
            String author, Instant created, String lang) {
        String key = id != null && !id.isBlank() ? id.strip() : link;
        if (key == null || created == null) {
            return null;
        }
        String externalId = key.length() <= 256 ? key : Ids.v5(Ids.NAMESPACE, key).toString();
        String t = title == null ? "" : Html.toText(title);
        String text = (t.isEmpty() ? body : body.isEmpty() ? t : body.startsWith(t) ? body : t + "\n" + body).strip();
        if (text.isEmpty()) {
            return null;
        }
        if (text.length() > 10_000) {
            text = text.substring(0, 10_000);
        }
        String url = ConfigChecks.isHttpUrl(link) ? link.strip() : null;
        String who = author == null || author.isBlank() ? feed.getHost() : author.strip();
        String authorId = (feed.getHost() + "/" + who);
        MentionInput.AuthorInput a = new MentionInput.AuthorInput(cap(authorId), cap(who), cap(author), null,
                Boolean.FALSE, null);
        return new MentionInput(SourceKind.RSS.id(), externalId, url, source.brand(), a, text,
                lang != null && LANG.matcher(lang.strip()).matches() ? lang.strip() : null, created, null);
    }

    private static String cap(String s) {
        return s == null || s.length() <= 256 ? s : s.substring(0, 256);
    }

    static Instant date(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        String v = s.strip();
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            // Before the JDK's RFC 1123 parser, which reads a two-digit year "26" as the year 26.
            Instant lenient = rfc822(v);
            if (lenient != null) {
                return lenient;
            }
            try {
                return ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    private static final Pattern RFC822 = Pattern.compile(
            "(?i)(?:[a-z]{3,9},?\\s*)?(\\d{1,2})\\s+([a-z]{3})[a-z]*\\.?\\s+(\\d{2}|\\d{4})\\s+(\\d{1,2}):(\\d{2})(?::(\\d{2}))?\\s*([a-z]{1,5}|[+-]\\d{2}:?\\d{2})?\\s*(?:\\(.*\\))?");
    private static final List<String> MONTHS = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
            "oct", "nov", "dec");
    private static final Map<String, Integer> ZONES = Map.ofEntries(Map.entry("UT", 0), Map.entry("UTC", 0), Map.entry(
            "GMT", 0),
            Map.entry("Z", 0), Map.entry("EST", -5), Map.entry("EDT", -4), Map.entry("CST", -6), Map.entry("CDT", -5),
            Map.entry("MST", -7), Map.entry("MDT", -6), Map.entry("PST", -8), Map.entry("PDT", -7));

    /**
     * RFC 822 as feeds really write it: zone names (EST, PDT, UT ...), two-digit years (RFC 2822's rule: below 50 is
     * 20xx), full month names, no weekday, no seconds, an unknown zone read as UTC. Null when it is no date at all.
     */
    static Instant rfc822(String v) {
        java.util.regex.Matcher m = RFC822.matcher(v.strip());
        if (!m.matches()) {
            return null;
        }
        int month = MONTHS.indexOf(m.group(2).toLowerCase(java.util.Locale.ROOT)) + 1;
        if (month == 0) {
            return null;
        }
        int year = Integer.parseInt(m.group(3));
        if (m.group(3).length() == 2) {
            year += year < 50 ? 2000 : 1900;
        }
        java.time.ZoneOffset offset = java.time.ZoneOffset.UTC;
        String zone = m.group(7);
        if (zone != null) {
            if (zone.startsWith("+") || zone.startsWith("-")) {
                String digits = zone.replace(":", "");
                offset = java.time.ZoneOffset.ofHoursMinutes(Integer.parseInt(digits.substring(0, 3)),
                        (digits.startsWith("-") ? -1 : 1) * Integer.parseInt(digits.substring(3)));
            } else {
                offset = java.time.ZoneOffset.ofHours(ZONES.getOrDefault(zone.toUpperCase(java.util.Locale.ROOT), 0));
            }
        }
        try {
            return java.time.LocalDateTime.of(year, month, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(4)),
                    Integer.parseInt(m.group(5)), m.group(6) == null ? 0 : Integer.parseInt(m.group(6))).toInstant(
                            offset);
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    private static Element first(Element parent, String local) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && local.equals(e.getLocalName() == null ? e.getTagName() : e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    private static Element firstNs(Element parent, String ns, String local) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && local.equals(e.getLocalName()) && ns.equals(e.getNamespaceURI())) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element parent, String local) {
        Element e = first(parent, local);
        return e == null ? null : e.getTextContent();
    }

    private static String textNs(Element parent, String ns, String local) {
        Element e = firstNs(parent, ns, local);
        return e == null ? null : e.getTextContent();
    }

    private static String attr(Element e, String name) {
        String v = e.getAttribute(name);
        return v == null || v.isEmpty() ? null : v;
    }
}
