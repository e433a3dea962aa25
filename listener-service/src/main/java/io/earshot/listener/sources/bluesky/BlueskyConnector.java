package io.earshot.listener.sources.bluesky;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.earshot.listener.ingest.MentionInput;
import io.earshot.listener.sources.Batch;
import io.earshot.listener.sources.ConfigChecks;
import io.earshot.listener.sources.Connector;
import io.earshot.listener.sources.Cursor;
import io.earshot.listener.sources.JsonPayloads;
import io.earshot.listener.sources.SignInException;
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
 * Bluesky post search, signed in: the public AppView no longer serves searchPosts anonymously, so the connector signs
 * in with an app password ({@code identifier}: handle or DID, {@code appPassword}) through
 * {@code com.atproto.server.createSession} on {@code baseUrl} (the account's PDS or the {@code bsky.social} entryway,
 * which proxies the search to the AppView), sends {@code Authorization: Bearer <accessJwt>}, and on an expired access
 * token renews it once with {@code com.atproto.server.refreshSession} (signing in afresh when that fails too). A
 * refused sign-in is "credentials rejected"; a 401 without credentials is "login required". The search: {@code GET {baseUrl}/xrpc/app.bsky.feed.searchPosts?q=…&sort=latest&limit=…&since=…}, newest
 * first, paged to older posts with the response's {@code cursor}. The stored cursor is the newest sort time
 * (the earlier of createdAt and indexedAt) seen; {@code since} reaches back the overlap window from it (dedup absorbs
 * the repeats), so a post indexed late is still caught. Pages are followed up to {@code maxPages}; a walk cut short
 * keeps the old cursor rather than jump past the pages it did not read.
 */
@ApplicationScoped
public class BlueskyConnector implements Connector {
    static final Set<String> KEYS = Set.of("baseUrl", "search", "lang", "limit", "maxPages");
    static final Set<String> CREDENTIALS = Set.of("identifier", "appPassword");
    private static final Set<String> EXPIRED = Set.of("ExpiredToken", "InvalidToken");
    private static final Pattern LANG = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*");

    /** A signed-in session for the credentials whose fingerprint is {@code of}. */
    record Session(String of, String accessJwt, String refreshJwt) {}

    private final SourceHttp http;
    private final ObjectMapper mapper;
    private final java.util.concurrent.ConcurrentMap<java.util.UUID, Session> sessions = new java.util.concurrent.ConcurrentHashMap<>();

    public BlueskyConnector(SourceHttp http, ObjectMapper mapper) {
        this.http = http;
        this.mapper = mapper;
    }

    @Override
    public SourceKind kind() {
        return SourceKind.BLUESKY;
    }

    @Override
    public Set<String> credentialKeys() {
        return CREDENTIALS;
    }

    @Override
    public Map<String, String> validate(Map<String, String> config, List<Problem.FieldError> errors) {
        Map<String, String> c = ConfigChecks.known(config, KEYS, errors);
        ConfigChecks.baseUrl(c, "baseUrl", "https://bsky.social", errors);
        if (c.containsKey("search") && (c.get("search") == null || c.get("search").isBlank() || c.get("search")
                .length() > 512)) {
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
        Instant[] max = {since};
        Instant floor = since == null ? null : since.minus(source.overlap());
        return page(source, floor, null, maxPages, items, max)
                .map(complete -> new Batch(items, max[0] == null || !(complete || cursor.isStart())
                        ? cursor.value()
                        : max[0].toString()));
    }

    /**
     * One page and, while the search hands out a cursor (it does only after a full page), the older ones; answers
     * whether the walk got to the end.
     */
    private Uni<Boolean> page(SourceConfig source, Instant since, String pageCursor, int pagesLeft,
            List<MentionInput> into, Instant[] max) {
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
        return get(source, URI.create(url.toString()), true).flatMap(r -> {
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
            boolean complete = next == null || posts.isEmpty();
            if (!complete && since != null && pagesLeft > 1) {
                return page(source, since, next, pagesLeft - 1, into, max);
            }
            return Uni.createFrom().item(complete);
        });
    }

    /** A GET of the XRPC API, with the session's access token when the source has credentials. */
    private Uni<SourceHttp.Response> get(SourceConfig source, URI uri, boolean renew) {
        if (!source.hasCredentials()) {
            return http.get(source, uri, Map.of("Accept", "application/json"));
        }
        return session(source).flatMap(s -> http.exchange(source, uri, Map.of("Accept", "application/json",
                "Authorization", "Bearer " + s.accessJwt()), null).flatMap(r -> {
                    if (renew && (r.status() == 400 || r.status() == 401) && EXPIRED.contains(error(r))) {
                        return refresh(source, s).flatMap(x -> get(source, uri, false));
                    }
                    return Uni.createFrom().item(http.check(r));
                }));
    }

    Uni<Session> session(SourceConfig source) {
        Session cached = sessions.get(source.id());
        if (cached != null && cached.of().equals(source.credentialsFingerprint())) {
            return Uni.createFrom().item(cached);
        }
        String body = mapper.createObjectNode().put("identifier", source.credential("identifier"))
                .put("password", source.credential("appPassword")).toString();
        return xrpcPost(source, "com.atproto.server.createSession", null, body).map(r -> {
            if (r.status() == 401 || r.status() == 403 || (r.status() == 400 && !"InvalidRequest".equals(error(r)))) {
                // AuthenticationRequired, AuthFactorTokenRequired, AccountTakedown...: no retry will help.
                throw new SignInException(SignInException.REJECTED, "createSession answered HTTP " + r.status()
                        + (error(r) == null ? "" : " " + error(r)));
            }
            return remember(source, http.check(r));
        });
    }

    /** Renews the access token with the refresh token; signs in afresh when the refresh token is spent too. */
    private Uni<Session> refresh(SourceConfig source, Session old) {
        return xrpcPost(source, "com.atproto.server.refreshSession", old.refreshJwt(), null).flatMap(r -> {
            if (r.status() == 400 || r.status() == 401) {
                sessions.remove(source.id());
                return session(source);
            }
            return Uni.createFrom().item(remember(source, http.check(r)));
        });
    }

    private Uni<SourceHttp.Response> xrpcPost(SourceConfig source, String method, String bearer, String json) {
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        headers.put("Accept", "application/json");
        if (json != null) {
            headers.put("Content-Type", "application/json");
        }
        if (bearer != null) {
            headers.put("Authorization", "Bearer " + bearer);
        }
        return http.exchange(source, URI.create(source.get("baseUrl") + "/xrpc/" + method), headers, json == null
                ? ""
                : json);
    }

    private Session remember(SourceConfig source, SourceHttp.Response r) {
        JsonNode root = JsonPayloads.object(mapper, r.body());
        String access = JsonPayloads.text(root, "accessJwt");
        String refresh = JsonPayloads.text(root, "refreshJwt");
        if (access == null || refresh == null) {
            throw new io.earshot.listener.sources.MalformedPayloadException(
                    "a session without accessJwt and refreshJwt");
        }
        Session s = new Session(source.credentialsFingerprint(), access, refresh);
        sessions.put(source.id(), s);
        return s;
    }

    /** The XRPC error name of an error answer ({@code {"error":"ExpiredToken","message":...}}), or null. */
    private String error(SourceHttp.Response r) {
        try {
            JsonNode n = mapper.readTree(r.body());
            return n == null || !n.isObject() ? null : JsonPayloads.text(n, "error");
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
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
        // The DID, not the handle: a handle may be "handle.invalid" or change, the DID stays.
        String url = "https://bsky.app/profile/" + JsonPayloads.text(author, "did") + "/post/" + rkey;
        JsonNode langs = record.get("langs");
        String lang = langs != null && langs.isArray() && !langs.isEmpty() ? langs.get(0).asText() : null;
        JsonNode reply = record.get("reply");
        MentionInput.ThreadInput thread = reply == null || !reply.isObject()
                ? null
                : new MentionInput.ThreadInput(JsonPayloads.cap(JsonPayloads.text(reply.path("root"), "uri")),
                        JsonPayloads.cap(JsonPayloads.text(reply.path("parent"), "uri")));
        MentionInput.AuthorInput a = new MentionInput.AuthorInput(JsonPayloads.cap(JsonPayloads.text(author, "did")),
                JsonPayloads.cap(handle == null ? null : "@" + handle), JsonPayloads.cap(JsonPayloads.text(author,
                        "displayName")), null,
                Boolean.FALSE, instant(JsonPayloads.text(author, "createdAt")));
        return new MentionInput(SourceKind.BLUESKY.id(), JsonPayloads.cap(uri), ConfigChecks.isHttpUrl(url)
                ? url
                : null, source.brand(), a,
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
