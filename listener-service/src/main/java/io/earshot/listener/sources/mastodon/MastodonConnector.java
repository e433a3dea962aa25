package io.earshot.listener.sources.mastodon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * Mastodon public hashtag timeline: {@code GET {baseUrl}/api/v1/timelines/tag/{hashtag}?limit=40&since_id=…}, the
 * real Status JSON. The cursor is the highest status id seen. Mastodon answers the <em>newest</em> statuses newer
 * than since_id, so when a page is full the connector pages back with {@code max_id} (up to {@code maxPages}) to
 * close the gap. The external id is the status's ActivityPub {@code uri}, the same on every instance. An instance may
 * close its public timelines to anonymous readers (Mastodon 4.5 answers 401): the optional {@code accessToken}
 * credential (an application's token with the {@code read:statuses} scope) is then sent as a bearer token.
 */
@ApplicationScoped
public class MastodonConnector implements Connector {
    static final Set<String> KEYS = Set.of("baseUrl", "hashtag", "limit", "maxPages");
    static final Set<String> CREDENTIALS = Set.of("accessToken");
    private static final Pattern HASHTAG = Pattern.compile("[\\p{L}\\p{N}_]{1,100}");
    private static final Pattern LANG = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*");

    private final SourceHttp http;
    private final ObjectMapper mapper;
    /** Local status id (per instance) to its ActivityPub uri, null when it is gone; the 10,000 used last. */
    private final Map<String, String> parents = new java.util.LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > 10_000;
        }
    };

    public MastodonConnector(SourceHttp http, ObjectMapper mapper) {
        this.http = http;
        this.mapper = mapper;
    }

    @Override
    public SourceKind kind() {
        return SourceKind.MASTODON;
    }

    @Override
    public Set<String> credentialKeys() {
        return CREDENTIALS;
    }

    @Override
    public Map<String, String> validate(Map<String, String> config, List<Problem.FieldError> errors) {
        Map<String, String> c = ConfigChecks.known(config, KEYS, errors);
        ConfigChecks.baseUrl(c, "baseUrl", null, errors);
        if (c.get("hashtag") != null && c.get("hashtag").startsWith("#")) {
            c.put("hashtag", c.get("hashtag").substring(1));
        }
        ConfigChecks.required(c, "hashtag", HASHTAG, "must be a hashtag: letters, digits or '_' (without '#')", errors);
        ConfigChecks.optionalInt(c, "limit", 1, 40, errors);
        ConfigChecks.optionalInt(c, "maxPages", 1, 20, errors);
        return c;
    }

    @Override
    public Uni<Batch> poll(SourceConfig source, Cursor cursor) {
        int limit = ConfigChecks.intOr(source, "limit", 40);
        int maxPages = cursor.isStart() ? 1 : ConfigChecks.intOr(source, "maxPages", 5);
        List<MentionInput> items = new ArrayList<>();
        String sinceId = cursor.isStart() ? null : overlapId(cursor.value(), source.overlap());
        return page(source, sinceId, null, limit, maxPages, items)
                .map(walk -> new Batch(items, walk.max() == null || !(walk.complete() || cursor.isStart())
                        ? cursor.value()
                        : max(walk.max(), cursor.value())));
    }

    /** What a walk saw: the highest id, and whether it got down to since_id (or the timeline's end). */
    record Walk(String max, boolean complete) {}

    /**
     * The since_id to ask with: the cursor moved back by the overlap window. Mastodon ids are snowflakes, the
     * millisecond of the status's {@code published} time shifted left 16 bits, and a federated status gets its id from
     * when it was published, not when it arrived: a status that reaches the instance late has an id below the newest
     * seen, so asking from the cursor itself would skip it for good. Ids that are not snowflakes (short or not
     * numeric) are used as they are.
     */
    static String overlapId(String cursor, java.time.Duration overlap) {
        if (cursor == null || cursor.length() < 16 || !cursor.chars().allMatch(Character::isDigit)) {
            return cursor;
        }
        java.math.BigInteger ms = new java.math.BigInteger(cursor).shiftRight(16).subtract(java.math.BigInteger.valueOf(
                overlap.toMillis()));
        return ms.signum() <= 0 ? cursor : ms.shiftLeft(16).toString();
    }

    /** Fetches one page and, while pages are full and a since_id bounds the walk, the older ones. */
    private Uni<Walk> page(SourceConfig source, String sinceId, String maxId, int limit, int pagesLeft,
            List<MentionInput> into) {
        StringBuilder url = new StringBuilder(source.get("baseUrl")).append("/api/v1/timelines/tag/")
                .append(URLEncoder.encode(source.get("hashtag"), StandardCharsets.UTF_8)).append("?limit=").append(
                        limit);
        if (sinceId != null) {
            url.append("&since_id=").append(URLEncoder.encode(sinceId, StandardCharsets.UTF_8));
        }
        if (maxId != null) {
            url.append("&max_id=").append(URLEncoder.encode(maxId, StandardCharsets.UTF_8));
        }
        Map<String, String> headers = source.hasCredentials()
                ? Map.of("Accept", "application/json", "Authorization", "Bearer " + source.credential("accessToken"))
                : Map.of("Accept", "application/json");
        return http.get(source, URI.create(url.toString()), headers).flatMap(r -> {
            JsonNode statuses = parse(r.body());
            String pageMax = null;
            String pageMin = null;
            List<MentionInput> found = new ArrayList<>();
            for (JsonNode s : statuses) {
                String id = text(s, "id");
                if (id == null) {
                    continue;
                }
                pageMax = max(pageMax, id);
                pageMin = pageMin == null || compareIds(id, pageMin) < 0 ? id : pageMin;
                JsonNode status = s.hasNonNull("reblog") && s.get("reblog").isObject() ? s.get("reblog") : s;
                if (text(status, "id") != null && text(status, "uri") != null) {
                    remember(source, text(status, "id"), text(status, "uri"));
                }
                MentionInput m = toMention(source, s);
                if (m != null) {
                    found.add(m);
                }
            }
            String seen = pageMax;
            boolean more = statuses.size() >= limit && pageMin != null && (sinceId == null || compareIds(pageMin,
                    sinceId) > 0);
            String min = pageMin;
            return threads(source, headers, found).flatMap(joined -> {
                into.addAll(joined);
                if (more && sinceId != null && pagesLeft > 1) {
                    return page(source, sinceId, min, limit, pagesLeft - 1, into)
                            .map(older -> new Walk(max(seen, older.max()), older.complete()));
                }
                return Uni.createFrom().item(new Walk(seen, !more));
            });
        });
    }

    /**
     * Replies join their thread: a status's {@code in_reply_to_id} is the instance's local id, while mentions are
     * stored under the ActivityPub {@code uri}. The parent's uri comes from the same page, from the cache (every status
     * seen and every parent looked up, per instance), or from {@code GET /api/v1/statuses/{id}} on the same instance, one
     * request at a time through the source's and the host's budget. A parent that is gone or not visible (404, 410,
     * 401, 403) leaves the reply without a parent; other failures fail the poll, which the next one repeats.
     */
    private Uni<List<MentionInput>> threads(SourceConfig source, Map<String, String> headers,
            List<MentionInput> found) {
        return io.smallrye.mutiny.Multi.createFrom().iterable(found).onItem().transformToUniAndConcatenate(m -> {
            String local = m.thread() == null ? null : m.thread().parentId();
            if (local == null) {
                return Uni.createFrom().item(m);
            }
            return parentUri(source, headers, local).map(uri -> withParent(m, uri));
        }).collect().asList();
    }

    private Uni<String> parentUri(SourceConfig source, Map<String, String> headers, String local) {
        String key = cacheKey(source, local);
        synchronized (parents) {
            if (parents.containsKey(key)) {
                return Uni.createFrom().item(parents.get(key));
            }
        }
        URI uri = URI.create(source.get("baseUrl") + "/api/v1/statuses/" + URLEncoder.encode(local,
                StandardCharsets.UTF_8));
        return http.get(source, uri, headers).map(r -> {
            JsonNode status;
            try {
                status = mapper.readTree(r.body());
            } catch (JsonProcessingException e) {
                throw new MalformedPayloadException("malformed JSON: " + e.getOriginalMessage(), e);
            }
            String parent = status == null || !status.isObject() ? null : text(status, "uri");
            if (parent == null || parent.length() > 256) {
                throw new MalformedPayloadException("expected a status with its uri");
            }
            remember(source, local, parent);
            return parent;
        }).onFailure(e -> e instanceof io.earshot.listener.sources.SourceHttpException h
                && !(h instanceof io.earshot.listener.sources.BudgetWaitException) && GONE.contains(h.status()))
                .recoverWithItem(e -> {
                    remember(source, local, null);
                    return null;
                });
    }

    /** Statuses whose parent is gone or hidden: the reply is kept without a parent. */
    private static final Set<Integer> GONE = Set.of(401, 403, 404, 410);

    private static MentionInput withParent(MentionInput m, String parentUri) {
        return new MentionInput(m.source(), m.externalId(), m.url(), m.brand(), m.author(), m.text(), m.lang(), m
                .createdAt(),
                parentUri == null ? null : new MentionInput.ThreadInput(null, parentUri));
    }

    private static String cacheKey(SourceConfig source, String local) {
        return URI.create(source.get("baseUrl")).getAuthority() + "/" + local;
    }

    private void remember(SourceConfig source, String local, String uri) {
        synchronized (parents) {
            parents.put(cacheKey(source, local), uri);
        }
    }

    private JsonNode parse(String body) {
        try {
            JsonNode node = mapper.readTree(body);
            if (node == null || !node.isArray()) {
                throw new MalformedPayloadException("expected a JSON array of statuses");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new MalformedPayloadException("malformed JSON: " + e.getOriginalMessage(), e);
        }
    }

    MentionInput toMention(SourceConfig source, JsonNode s) {
        JsonNode status = s.hasNonNull("reblog") && s.get("reblog").isObject() ? s.get("reblog") : s;
        JsonNode account = status.get("account");
        String id = text(status, "id");
        Instant createdAt = instant(text(status, "created_at"));
        if (id == null || createdAt == null || account == null || !account.isObject() || text(account, "id") == null) {
            return null;
        }
        String spoiler = Html.toText(text(status, "spoiler_text"));
        String body = Html.toText(text(status, "content"));
        String text = spoiler.isEmpty() ? body : spoiler + "\n" + body;
        if (text.isBlank()) {
            return null;
        }
        if (text.length() > 10_000) {
            text = text.substring(0, 10_000);
        }
        String host = URI.create(source.get("baseUrl")).getHost();
        String uri = text(status, "uri");
        String externalId = uri != null && uri.length() <= 256 ? uri : host + "/statuses/" + id;
        String url = text(status, "url");
        if (!ConfigChecks.isHttpUrl(url)) {
            url = ConfigChecks.isHttpUrl(uri) ? uri : null;
        }
        String acct = text(account, "acct");
        String qualified = acct == null
                ? text(account, "id") + "@" + host
                : (acct.contains("@") ? acct : acct + "@" + host);
        String lang = text(status, "language");
        Long followers = account.path("followers_count").canConvertToLong() && account.path("followers_count")
                .asLong() >= 0
                        ? account.get("followers_count").asLong()
                        : null;
        MentionInput.AuthorInput author = new MentionInput.AuthorInput(cap(qualified), cap("@" + qualified),
                cap(text(account, "display_name")), followers, Boolean.FALSE, instant(text(account, "created_at")));
        String parent = text(status, "in_reply_to_id");
        return new MentionInput(SourceKind.MASTODON.id(), externalId, url, source.brand(), author, text,
                lang != null && LANG.matcher(lang).matches() ? lang : null, createdAt,
                parent == null ? null : new MentionInput.ThreadInput(null, parent));
    }

    private static String cap(String s) {
        return s == null || s.length() <= 256 ? s : s.substring(0, 256);
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
    }

    static Instant instant(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            try {
                return java.time.LocalDate.parse(s).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    /** Mastodon ids are decimal strings of growing length: compare by length, then lexicographically. */
    static int compareIds(String a, String b) {
        return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }

    static String max(String a, String b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return compareIds(a, b) >= 0 ? a : b;
    }
}
