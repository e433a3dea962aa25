package io.earshot.listener.sources.reddit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.earshot.listener.ingest.MentionInput;
import io.earshot.listener.sources.Batch;
import io.earshot.listener.sources.ConfigChecks;
import io.earshot.listener.sources.Connector;
import io.earshot.listener.sources.Cursor;
import io.earshot.listener.sources.Html;
import io.earshot.listener.sources.JsonPayloads;
import io.earshot.listener.sources.MalformedPayloadException;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reddit search listings: {@code GET {baseUrl}/search.json?q=…&sort=new&limit=…} or, with a subreddit,
 * {@code {baseUrl}/r/{subreddit}/search.json?…&restrict_sr=1}. Reddit's Data API answers only registered apps: with
 * credentials ({@code clientId}, {@code clientSecret} of a "script" or "web" app, and the {@code username} of its
 * developer) the connector signs in app-only (client credentials grant, {@code POST {authUrl}/api/v1/access_token},
 * HTTP Basic) and calls {@code oauth.reddit.com} with the bearer token and the User-Agent Reddit asks for,
 * {@code <platform>:<app ID>:<version> (by /u/<user>)}; the token is kept until shortly before it expires and fetched
 * again once if the API answers 401. A refused token request is "credentials rejected". Listings run newest first and page to older items with
 * {@code after=<fullname>}; the connector walks pages until it reaches the stored watermark (the highest
 * {@code created_utc} seen, the cursor) or {@code maxPages}.
 */
@ApplicationScoped
public class RedditConnector implements Connector {
    static final Set<String> KEYS = Set.of("baseUrl", "authUrl", "search", "subreddit", "limit", "maxPages");
    static final Set<String> CREDENTIALS = Set.of("clientId", "clientSecret", "username");
    static final String APP = "io.earshot.listener";
    static final String VERSION = "0.1";
    /** A token is renewed this long before Reddit says it expires. */
    static final java.time.Duration EARLY = java.time.Duration.ofMinutes(5);
    private static final Pattern SUBREDDIT = Pattern.compile("[A-Za-z0-9_]{2,21}");

    /** An app-only access token, for the credentials whose fingerprint is {@code of}. */
    record Token(String of, String value, Instant renewAt) {}

    private final SourceHttp http;
    private final ObjectMapper mapper;
    private final java.util.concurrent.ConcurrentMap<java.util.UUID, Token> tokens = new java.util.concurrent.ConcurrentHashMap<>();

    public RedditConnector(SourceHttp http, ObjectMapper mapper) {
        this.http = http;
        this.mapper = mapper;
    }

    @Override
    public SourceKind kind() {
        return SourceKind.REDDIT;
    }

    @Override
    public Set<String> credentialKeys() {
        return CREDENTIALS;
    }

    @Override
    public Map<String, String> validate(Map<String, String> config, List<Problem.FieldError> errors) {
        Map<String, String> c = ConfigChecks.known(config, KEYS, errors);
        ConfigChecks.baseUrl(c, "baseUrl", "https://oauth.reddit.com", errors);
        ConfigChecks.baseUrl(c, "authUrl", "https://www.reddit.com", errors);
        if (c.get("subreddit") != null && c.get("subreddit").startsWith("r/")) {
            c.put("subreddit", c.get("subreddit").substring(2));
        }
        if (c.get("subreddit") != null && !SUBREDDIT.matcher(c.get("subreddit")).matches()) {
            errors.add(new Problem.FieldError("config.subreddit",
                    "must be a subreddit name: 2-21 letters, digits or '_'"));
        }
        if (c.containsKey("search") && (c.get("search") == null || c.get("search").isBlank() || c.get("search")
                .length() > 512)) {
            errors.add(new Problem.FieldError("config.search", "must be 1-512 characters"));
        }
        ConfigChecks.optionalInt(c, "limit", 1, 100, errors);
        ConfigChecks.optionalInt(c, "maxPages", 1, 20, errors);
        return c;
    }

    /**
     * Walks pages from the newest down to the cursor minus the overlap window. The cursor advances only when the walk
     * got there (or the listing ended): a walk cut short by {@code maxPages} keeps the old cursor, so the next poll
     * walks the gap again instead of jumping past it (dedup absorbs what is read twice).
     */
    @Override
    public Uni<Batch> poll(SourceConfig source, Cursor cursor) {
        double since = cursor.isStart() ? -1 : Double.parseDouble(cursor.value());
        double floor = since < 0 ? -1 : since - source.overlap().toSeconds();
        int maxPages = cursor.isStart() ? 1 : ConfigChecks.intOr(source, "maxPages", 5);
        List<MentionInput> items = new ArrayList<>();
        double[] max = {since};
        return page(source, floor, null, maxPages, items, max)
                .map(complete -> new Batch(items, max[0] < 0 || !(complete || cursor.isStart())
                        ? cursor.value()
                        : plain(max[0])));
    }

    private static String plain(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** One page and, while needed, the older ones; answers whether the walk reached {@code since} or the listing's end. */
    private Uni<Boolean> page(SourceConfig source, double since, String after, int pagesLeft, List<MentionInput> into,
            double[] max) {
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
        return get(source, URI.create(url.toString()), true).flatMap(r -> {
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
            boolean complete = reachedWatermark || next == null;
            if (!complete && since >= 0 && pagesLeft > 1) {
                return page(source, since, next, pagesLeft - 1, into, max);
            }
            return Uni.createFrom().item(complete);
        });
    }

    @Override
    public boolean rechecksDeletions() {
        return true;
    }

    /**
     * Asks {@code GET {baseUrl}/api/info?id=t3_…,t1_…} (at most 100 fullnames a request, one request at a time through
     * the budgets) which of these items are gone: deleted by their author ({@code [deleted]} author or text) or
     * removed by moderators or Reddit ({@code [removed]}, {@code removed_by_category}). Items the answer leaves out are
     * not counted as deleted (an id Reddit does not know is not evidence). Only with credentials: the API answers
     * registered apps only.
     */
    @Override
    public Uni<Set<String>> deleted(SourceConfig source, List<String> externalIds) {
        List<String> names = externalIds.stream().filter(n -> FULLNAME.matcher(n).matches()).distinct().toList();
        if (!source.hasCredentials() || names.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        List<List<String>> batches = new ArrayList<>();
        for (int i = 0; i < names.size(); i += INFO_BATCH) {
            batches.add(names.subList(i, Math.min(names.size(), i + INFO_BATCH)));
        }
        return io.smallrye.mutiny.Multi.createFrom().iterable(batches).onItem().transformToUniAndConcatenate(batch -> {
            URI uri = URI.create(source.get("baseUrl") + "/api/info?raw_json=1&id=" + String.join(",", batch));
            return get(source, uri, true).map(r -> {
                JsonNode data = JsonPayloads.object(mapper, r.body()).get("data");
                List<String> gone = new ArrayList<>();
                if (data != null) {
                    for (JsonNode child : JsonPayloads.array(data, "children")) {
                        JsonNode item = child.get("data");
                        if (item != null && removed(item)) {
                            gone.add(JsonPayloads.text(item, "name"));
                        }
                    }
                }
                return gone;
            });
        }).collect().in(java.util.LinkedHashSet<String>::new, java.util.Set::addAll).map(Set::copyOf);
    }

    /** A post or comment its author deleted, or moderators or Reddit removed. */
    static boolean removed(JsonNode item) {
        String category = JsonPayloads.text(item, "removed_by_category");
        return (category != null && !category.isBlank()) || gone(JsonPayloads.text(item, "author"))
                || gone(JsonPayloads.text(item, "selftext")) || gone(JsonPayloads.text(item, "body"));
    }

    private static boolean gone(String text) {
        return "[deleted]".equals(text) || "[removed]".equals(text);
    }

    private static final Pattern FULLNAME = Pattern.compile("t[1-6]_[a-z0-9]{1,16}");
    /** Reddit's /api/info takes at most 100 fullnames. */
    static final int INFO_BATCH = 100;

    /** The User-Agent Reddit's API rules ask for: {@code <platform>:<app ID>:<version> (by /u/<user>)}. */
    static String userAgent(SourceConfig source) {
        return "server:" + APP + ":" + VERSION + " (by /u/" + source.credential("username").replaceFirst("^/?u/", "")
                + ")";
    }

    /** A GET of the API, signed in when the source has credentials; a 401 renews the token once. */
    private Uni<SourceHttp.Response> get(SourceConfig source, URI uri, boolean renewOn401) {
        if (!source.hasCredentials()) {
            return http.get(source, uri, Map.of("Accept", "application/json"));
        }
        return token(source).flatMap(t -> http.exchange(source, uri, Map.of("Accept", "application/json",
                "Authorization", "bearer " + t.value(), "User-Agent", userAgent(source)), null)).flatMap(r -> {
                    if (r.status() == 401 && renewOn401) {
                        tokens.remove(source.id());
                        return get(source, uri, false);
                    }
                    return Uni.createFrom().item(http.check(r));
                });
    }

    /** The cached token, or a new one from the client credentials grant. */
    Uni<Token> token(SourceConfig source) {
        String of = source.credentialsFingerprint();
        Token cached = tokens.get(source.id());
        if (cached != null && cached.of().equals(of) && Instant.now().isBefore(cached.renewAt())) {
            return Uni.createFrom().item(cached);
        }
        String basic = java.util.Base64.getEncoder().encodeToString(
                (source.credential("clientId") + ":" + source.credential("clientSecret")).getBytes(
                        StandardCharsets.UTF_8));
        URI uri = URI.create(source.get("authUrl", "https://www.reddit.com") + "/api/v1/access_token");
        return http.exchange(source, uri, Map.of("Authorization", "Basic " + basic, "Content-Type",
                "application/x-www-form-urlencoded",
                "Accept", "application/json", "User-Agent", userAgent(source)), "grant_type=client_credentials").map(
                        r -> {
                            if (r.status() == 400 || r.status() == 401 || r.status() == 403) {
                                throw new SignInException(SignInException.REJECTED,
                                        "the token request answered HTTP " + r.status());
                            }
                            JsonNode root = JsonPayloads.object(mapper, http.check(r).body());
                            String value = JsonPayloads.text(root, "access_token");
                            if (value == null) {
                                // Reddit answers a refused grant with 200 and {"error": "..."}.
                                throw new SignInException(SignInException.REJECTED,
                                        "the token request answered " + (JsonPayloads.text(root, "error") == null
                                                ? "no token"
                                                : "error " + JsonPayloads.text(root, "error")));
                            }
                            long seconds = root.path("expires_in").asLong(3600);
                            Instant renewAt = Instant.now().plusSeconds(seconds).minus(EARLY);
                            Token t = new Token(of, value, renewAt);
                            tokens.put(source.id(), t);
                            return t;
                        });
    }

    MentionInput toMention(SourceConfig source, JsonNode p, double created) {
        String name = JsonPayloads.text(p, "name");
        String author = JsonPayloads.text(p, "author");
        if (name == null || author == null || removed(p)) {
            // a deleted or removed post is never stored (nor stored again after it was erased)
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
        MentionInput.AuthorInput a = new MentionInput.AuthorInput(JsonPayloads.cap(authorId != null
                ? authorId
                : author),
                JsonPayloads.cap("u/" + author), null, null, Boolean.FALSE, null);
        return new MentionInput(SourceKind.REDDIT.id(), name, ConfigChecks.isHttpUrl(url) ? url : null, source.brand(),
                a, text,
                null, Instant.ofEpochMilli((long) (created * 1000)), null);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
