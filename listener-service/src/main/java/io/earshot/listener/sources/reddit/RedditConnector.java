package io.earshot.listener.sources.reddit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.earshot.contracts.http.Problem;
import io.earshot.listener.ingest.MentionInput;
import io.earshot.listener.sources.Batch;
import io.earshot.listener.sources.ConfigChecks;
import io.earshot.listener.sources.Connector;
import io.earshot.listener.sources.Cursor;
import io.earshot.listener.sources.Html;
import io.earshot.listener.sources.JsonPayloads;
import io.earshot.listener.sources.MalformedPayloadException;
import io.earshot.listener.sources.SourceConfig;
import io.earshot.listener.sources.SourceHttp;
import io.earshot.listener.sources.SourceKind;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reddit search listings: {@code GET {baseUrl}/search.json?q=…&sort=new&limit=…} or, with a subreddit,
 * {@code {baseUrl}/r/{subreddit}/search.json?…&restrict_sr=1}. Listings run newest first and page to older items with
 * {@code after=<fullname>}; the connector walks pages until it reaches the stored watermark (the highest
 * {@code created_utc} seen, the cursor) or {@code maxPages}.
 */
@ApplicationScoped
public class RedditConnector implements Connector {
    static final Set<String> KEYS = Set.of("baseUrl", "search", "subreddit", "limit", "maxPages");
    private static final Pattern SUBREDDIT = Pattern.compile("[A-Za-z0-9_]{2,21}");

    private final SourceHttp http;
    private final ObjectMapper mapper;

    public RedditConnector(SourceHttp http, ObjectMapper mapper) {
        this.http = http;
        this.mapper = mapper;
    }

    @Override
    public SourceKind kind() {
        return SourceKind.REDDIT;
    }

    @Override
    public Map<String, String> validate(Map<String, String> config, List<Problem.FieldError> errors) {
        Map<String, String> c = ConfigChecks.known(config, KEYS, errors);
        ConfigChecks.baseUrl(c, "baseUrl", "https://www.reddit.com", errors);
        if (c.get("subreddit") != null && c.get("subreddit").startsWith("r/")) {
            c.put("subreddit", c.get("subreddit").substring(2));
        }
        if (c.get("subreddit") != null && !SUBREDDIT.matcher(c.get("subreddit")).matches()) {
            errors.add(new Problem.FieldError("config.subreddit", "must be a subreddit name: 2-21 letters, digits or '_'"));
        }
        if (c.containsKey("search") && (c.get("search") == null || c.get("search").isBlank() || c.get("search").length() > 512)) {
            errors.add(new Problem.FieldError("config.search", "must be 1-512 characters"));
        }
        ConfigChecks.optionalInt(c, "limit", 1, 100, errors);
        ConfigChecks.optionalInt(c, "maxPages", 1, 20, errors);
        return c;
    }

    @Override
    public Uni<Batch> poll(SourceConfig source, Cursor cursor) {
        double since = cursor.isStart() ? -1 : Double.parseDouble(cursor.value());
        int maxPages = cursor.isStart() ? 1 : ConfigChecks.intOr(source, "maxPages", 5);
        List<MentionInput> items = new ArrayList<>();
        double[] max = { since };
        return page(source, since, null, maxPages, items, max)
                .map(ignored -> new Batch(items, max[0] < 0 ? cursor.value() : plain(max[0])));
    }

    private static String plain(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private Uni<Void> page(SourceConfig source, double since, String after, int pagesLeft, List<MentionInput> into, double[] max) {
        String sub = source.get("subreddit");
        StringBuilder url = new StringBuilder(source.get("baseUrl")).append(sub == null ? "" : "/r/" + sub)
                .append("/search.json?q=").append(enc(source.get("search", source.brand())))
                .append("&sort=new&type=link&raw_json=1&limit=").append(ConfigChecks.intOr(source, "limit", 100));
        if (sub != null) {
            url.append("&restrict_sr=1");
        }
        if (after != null) {
            url.append("&after=").append(enc(after));
        }
        return http.get(URI.create(url.toString()), Map.of("Accept", "application/json")).flatMap(r -> {
            JsonNode root = JsonPayloads.object(mapper, r.body());
            JsonNode data = root.get("data");
            if (!"Listing".equals(JsonPayloads.text(root, "kind")) || data == null || !data.isObject()) {
                throw new MalformedPayloadException("expected a Reddit Listing");
            }
            boolean reachedWatermark = false;
            for (JsonNode child : JsonPayloads.array(data, "children")) {
                JsonNode post = child.get("data");
                double created = post == null ? -1 : post.path("created_utc").asDouble(-1);
                if (created < 0) {
                    continue;
                }
                if (since >= 0 && created < since) {
                    reachedWatermark = true;
                    continue;
                }
                MentionInput m = toMention(source, post, created);
                if (m != null) {
                    max[0] = Math.max(max[0], created);
                    into.add(m);
                }
            }
            String next = JsonPayloads.text(data, "after");
            if (next != null && since >= 0 && !reachedWatermark && pagesLeft > 1) {
                return page(source, since, next, pagesLeft - 1, into, max);
            }
            return Uni.createFrom().voidItem();
        });
    }

    MentionInput toMention(SourceConfig source, JsonNode p, double created) {
        String name = JsonPayloads.text(p, "name");
        String author = JsonPayloads.text(p, "author");
        if (name == null || author == null) {
            return null;
        }
        String title = JsonPayloads.text(p, "title");
        String self = Html.unescapeText(JsonPayloads.text(p, "selftext"));
        String text = ((title == null ? "" : Html.unescapeText(title)) + (self.isEmpty() ? "" : "\n" + self)).strip();
        if (text.isEmpty()) {
            return null;
        }
        if (text.length() > 10_000) {
            text = text.substring(0, 10_000);
        }
        String permalink = JsonPayloads.text(p, "permalink");
        String url = permalink == null ? null : "https://www.reddit.com" + permalink;
        String authorId = JsonPayloads.text(p, "author_fullname");
        MentionInput.AuthorInput a = new MentionInput.AuthorInput(JsonPayloads.cap(authorId != null ? authorId : author),
                JsonPayloads.cap("u/" + author), null, null, Boolean.FALSE, null);
        return new MentionInput(SourceKind.REDDIT.id(), name, ConfigChecks.isHttpUrl(url) ? url : null, source.brand(), a, text,
                null, Instant.ofEpochMilli((long) (created * 1000)), null);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
