package io.earshot.listener.sources.hackernews;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.earshot.listener.ingest.MentionInput;
import io.earshot.listener.sources.Batch;
import io.earshot.listener.sources.ConfigChecks;
import io.earshot.listener.sources.Connector;
import io.earshot.listener.sources.Cursor;
import io.earshot.listener.sources.Html;
import io.earshot.listener.sources.JsonPayloads;
import io.earshot.listener.sources.SourceConfig;
import io.earshot.listener.sources.SourceHttp;
import io.earshot.listener.sources.SourceKind;
import io.earshot.platform.http.Problem;
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

/**
 * Hacker News through the Algolia API: {@code GET {baseUrl}/api/v1/search_by_date?query=…&tags=(story,comment)
 * &numericFilters=created_at_i>=<cursor>&hitsPerPage=…&page=n}. The cursor is the highest {@code created_at_i} seen;
 * pages are walked while {@code page + 1 < nbPages} (up to {@code maxPages}). The filter reaches back the overlap
 * window ({@link SourceConfig#overlap}) from the cursor, re-offering recent items (dedup absorbs them) so that an item
 * Algolia indexes minutes after its {@code created_at_i} is still caught; a walk cut short by {@code maxPages} keeps
 * the old cursor rather than jump past the pages it did not read.
 */
@ApplicationScoped
public class HackerNewsConnector implements Connector {
    static final Set<String> KEYS = Set.of("baseUrl", "search", "tags", "hitsPerPage", "maxPages");

    private final SourceHttp http;
    private final ObjectMapper mapper;

    public HackerNewsConnector(SourceHttp http, ObjectMapper mapper) {
        this.http = http;
        this.mapper = mapper;
    }

    @Override
    public SourceKind kind() {
        return SourceKind.HACKERNEWS;
    }

    @Override
    public Map<String, String> validate(Map<String, String> config, List<Problem.FieldError> errors) {
        Map<String, String> c = ConfigChecks.known(config, KEYS, errors);
        ConfigChecks.baseUrl(c, "baseUrl", "https://hn.algolia.com", errors);
        if (c.containsKey("search") && (c.get("search") == null || c.get("search").isBlank() || c.get("search")
                .length() > 512)) {
            errors.add(new Problem.FieldError("config.search", "must be 1-512 characters"));
        }
        ConfigChecks.optionalInt(c, "hitsPerPage", 1, 1000, errors);
        ConfigChecks.optionalInt(c, "maxPages", 1, 20, errors);
        return c;
    }

    @Override
    public Uni<Batch> poll(SourceConfig source, Cursor cursor) {
        long since = cursor.isStart() ? -1 : Long.parseLong(cursor.value());
        int maxPages = cursor.isStart() ? 1 : ConfigChecks.intOr(source, "maxPages", 5);
        List<MentionInput> items = new ArrayList<>();
        long[] max = {since};
        long floor = since < 0 ? -1 : Math.max(0, since - source.overlap().toSeconds());
        return page(source, floor, 0, maxPages, items, max)
                .map(complete -> new Batch(items, max[0] < 0 || !(complete || cursor.isStart())
                        ? cursor.value()
                        : Long.toString(max[0])));
    }

    /** One page and, while there are more, the next ones; answers whether the walk read the last page. */
    private Uni<Boolean> page(SourceConfig source, long since, int page, int maxPages, List<MentionInput> into,
            long[] max) {
        StringBuilder url = new StringBuilder(source.get("baseUrl")).append("/api/v1/search_by_date?query=")
                .append(enc(source.get("search", source.brand())))
                .append("&tags=").append(enc(source.get("tags", "(story,comment)")))
                .append("&hitsPerPage=").append(ConfigChecks.intOr(source, "hitsPerPage", 100))
                .append("&page=").append(page);
        if (since >= 0) {
            url.append("&numericFilters=").append(enc("created_at_i>=" + since));
        }
        return http.get(source, URI.create(url.toString()), Map.of("Accept", "application/json")).flatMap(r -> {
            JsonNode root = JsonPayloads.object(mapper, r.body());
            JsonNode hits = JsonPayloads.array(root, "hits");
            for (JsonNode h : hits) {
                long at = h.path("created_at_i").asLong(-1);
                MentionInput m = toMention(source, h);
                if (m != null && at >= 0) {
                    max[0] = Math.max(max[0], at);
                    into.add(m);
                }
            }
            int nbPages = root.path("nbPages").asInt(0);
            boolean complete = page + 1 >= nbPages || hits.isEmpty();
            if (!complete && page + 1 < maxPages) {
                return page(source, since, page + 1, maxPages, into, max);
            }
            return Uni.createFrom().item(complete);
        });
    }

    MentionInput toMention(SourceConfig source, JsonNode h) {
        String id = JsonPayloads.text(h, "objectID");
        String author = JsonPayloads.text(h, "author");
        long at = h.path("created_at_i").asLong(-1);
        if (id == null || author == null || at < 0) {
            return null;
        }
        String title = JsonPayloads.text(h, "title");
        String body = Html.toText(JsonPayloads.text(h, "comment_text") != null
                ? JsonPayloads.text(h, "comment_text")
                : JsonPayloads.text(h, "story_text"));
        String text = ((title == null ? "" : title) + (body.isEmpty() ? "" : "\n" + body)).strip();
        if (text.isEmpty()) {
            return null;
        }
        if (text.length() > 10_000) {
            text = text.substring(0, 10_000);
        }
        String parent = JsonPayloads.text(h, "parent_id");
        String story = JsonPayloads.text(h, "story_id");
        MentionInput.ThreadInput thread = parent == null && story == null
                ? null
                : new MentionInput.ThreadInput(story, parent);
        MentionInput.AuthorInput a = new MentionInput.AuthorInput(JsonPayloads.cap(author), JsonPayloads.cap(author),
                null, null,
                Boolean.FALSE, null);
        return new MentionInput(SourceKind.HACKERNEWS.id(), id, "https://news.ycombinator.com/item?id=" + enc(id),
                source.brand(), a,
                text, null, Instant.ofEpochSecond(at), thread);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
