package io.earshot.listener.sources.bluesky;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.earshot.contracts.http.Problem;
import io.earshot.listener.ingest.MentionInput;
import io.earshot.listener.sources.Batch;
import io.earshot.listener.sources.ConfigChecks;
import io.earshot.listener.sources.Connector;
import io.earshot.listener.sources.Cursor;
import io.earshot.listener.sources.JsonPayloads;
import io.earshot.listener.sources.SourceConfig;
import io.earshot.listener.sources.SourceHttp;
import io.earshot.listener.sources.SourceKind;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Bluesky post search: {@code GET {baseUrl}/xrpc/app.bsky.feed.searchPosts?q=…&sort=latest&limit=…&since=…}, newest
 * first, paged to older posts with the response's {@code cursor}. The stored cursor is the newest sort time
 * (the earlier of createdAt and indexedAt) seen, sent as {@code since} (inclusive; dedup absorbs the overlap); pages are followed up to {@code maxPages}.
 */
@ApplicationScoped
public class BlueskyConnector implements Connector {
    static final Set<String> KEYS = Set.of("baseUrl", "search", "lang", "limit", "maxPages");
    private static final Pattern LANG = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*");

    private final SourceHttp http;
    private final ObjectMapper mapper;

    public BlueskyConnector(SourceHttp http, ObjectMapper mapper) {
        this.http = http;
        this.mapper = mapper;
    }

    @Override
    public SourceKind kind() {
        return SourceKind.BLUESKY;
    }

    @Override
    public Map<String, String> validate(Map<String, String> config, List<Problem.FieldError> errors) {
        Map<String, String> c = ConfigChecks.known(config, KEYS, errors);
        ConfigChecks.baseUrl(c, "baseUrl", "https://public.api.bsky.app", errors);
        if (c.containsKey("search") && (c.get("search") == null || c.get("search").isBlank() || c.get("search").length() > 512)) {
            errors.add(new Problem.FieldError("config.search", "must be 1-512 characters"));
        }
        if (c.get("lang") != null && !LANG.matcher(c.get("lang")).matches()) {
            errors.add(new Problem.FieldError("config.lang", "must be a BCP 47 language tag"));
        }
        ConfigChecks.optionalInt(c, "limit", 1, 100, errors);
        ConfigChecks.optionalInt(c, "maxPages", 1, 20, errors);
        return c;
    }

    @Override
    public Uni<Batch> poll(SourceConfig source, Cursor cursor) {
        Instant since = cursor.isStart() ? null : Instant.parse(cursor.value());
        int maxPages = cursor.isStart() ? 1 : ConfigChecks.intOr(source, "maxPages", 5);
        List<MentionInput> items = new ArrayList<>();
        Instant[] max = { since };
        return page(source, since, null, maxPages, items, max)
                .map(ignored -> new Batch(items, max[0] == null ? cursor.value() : max[0].toString()));
    }

    private Uni<Void> page(SourceConfig source, Instant since, String pageCursor, int pagesLeft, List<MentionInput> into, Instant[] max) {
        StringBuilder url = new StringBuilder(source.get("baseUrl")).append("/xrpc/app.bsky.feed.searchPosts?q=")
                .append(enc(source.get("search", source.brand()))).append("&sort=latest&limit=")
                .append(ConfigChecks.intOr(source, "limit", 100));
        if (source.get("lang") != null) {
            url.append("&lang=").append(enc(source.get("lang")));
        }
        if (since != null) {
            url.append("&since=").append(enc(since.toString()));
        }
        if (pageCursor != null) {
            url.append("&cursor=").append(enc(pageCursor));
        }
        return http.get(URI.create(url.toString()), Map.of("Accept", "application/json")).flatMap(r -> {
            JsonNode root = JsonPayloads.object(mapper, r.body());
            JsonNode posts = JsonPayloads.array(root, "posts");
            for (JsonNode post : posts) {
                MentionInput m = toMention(source, post);
                if (m == null) {
                    continue;
                }
                Instant indexed = instant(JsonPayloads.text(post, "indexedAt"));
                // The search's "since" filters on sortAt, which is the earlier of createdAt and indexedAt.
                Instant mark = indexed != null && indexed.isBefore(m.createdAt()) ? indexed : m.createdAt();
                max[0] = max[0] == null || mark.isAfter(max[0]) ? mark : max[0];
                into.add(m);
            }
            String next = JsonPayloads.text(root, "cursor");
            if (next != null && since != null && pagesLeft > 1 && !posts.isEmpty()) {
                return page(source, since, next, pagesLeft - 1, into, max);
            }
            return Uni.createFrom().voidItem();
        });
    }

    MentionInput toMention(SourceConfig source, JsonNode post) {
        String uri = JsonPayloads.text(post, "uri");
        JsonNode author = post.get("author");
        JsonNode record = post.get("record");
        if (uri == null || author == null || record == null || JsonPayloads.text(author, "did") == null) {
            return null;
        }
        String text = JsonPayloads.text(record, "text");
        Instant created = instant(JsonPayloads.text(record, "createdAt"));
        if (text == null || text.isBlank() || created == null) {
            return null;
        }
        if (text.length() > 10_000) {
            text = text.substring(0, 10_000);
        }
        String handle = JsonPayloads.text(author, "handle");
        String rkey = uri.substring(uri.lastIndexOf('/') + 1);
        String url = handle == null ? null : "https://bsky.app/profile/" + handle + "/post/" + rkey;
        JsonNode langs = record.get("langs");
        String lang = langs != null && langs.isArray() && !langs.isEmpty() ? langs.get(0).asText() : null;
        JsonNode reply = record.get("reply");
        MentionInput.ThreadInput thread = reply == null || !reply.isObject() ? null
                : new MentionInput.ThreadInput(JsonPayloads.cap(JsonPayloads.text(reply.path("root"), "uri")),
                        JsonPayloads.cap(JsonPayloads.text(reply.path("parent"), "uri")));
        MentionInput.AuthorInput a = new MentionInput.AuthorInput(JsonPayloads.cap(JsonPayloads.text(author, "did")),
                JsonPayloads.cap(handle == null ? null : "@" + handle), JsonPayloads.cap(JsonPayloads.text(author, "displayName")), null,
                Boolean.FALSE, instant(JsonPayloads.text(author, "createdAt")));
        return new MentionInput(SourceKind.BLUESKY.id(), JsonPayloads.cap(uri), ConfigChecks.isHttpUrl(url) ? url : null, source.brand(), a,
                text, lang != null && LANG.matcher(lang).matches() ? lang : null, created, thread);
    }

    static Instant instant(String s) {
        if (s == null) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
