package io.earshot.listener.sources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.earshot.listener.query.QueryParseException;
import io.earshot.listener.query.QueryParser;
import io.earshot.platform.http.Page;
import io.earshot.platform.http.PageCursor;
import io.earshot.platform.http.Problem;
import io.earshot.platform.http.ProblemException;
import io.earshot.platform.http.StrictJson;
import io.earshot.platform.secrets.SecretBox;
import io.earshot.platform.security.Scope;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** Source management: validation, create, update, pause, resume, delete and listing. */
@ApplicationScoped
public class SourceService {
    static final Pattern BRAND = Pattern.compile("[\\p{L}\\p{N}_.-]{1,64}");
    static final Duration MAX_POLL_INTERVAL = Duration.ofDays(1);
    /** Settings every kind accepts (handled by the poller, not the connector). */
    static final Set<String> COMMON_CONFIG = Set.of("requestsPerMinute", "overlap");
    static final Duration MAX_OVERLAP = Duration.ofHours(6);
    private static final Set<String> CREATE_FIELDS = Set.of("kind", "brand", "query", "config", "pollInterval",
            "status", "credentials");
    private static final int MAX_CREDENTIAL = 2048;

    private final Map<SourceKind, Connector> connectors = new EnumMap<>(SourceKind.class);
    private final ObjectMapper mapper;
    private final SourceSettings settings;
    private final SecretBox secrets;
    private final Clock clock = Clock.systemUTC();

    public SourceService(Instance<Connector> all, ObjectMapper mapper, SourceSettings settings,
            io.earshot.platform.secrets.Secrets secrets) {
        all.forEach(c -> connectors.put(c.kind(), c));
        this.mapper = mapper;
        this.settings = settings;
        this.secrets = secrets.box();
    }

    public Connector connector(SourceKind kind) {
        return connectors.get(kind);
    }

    /**
     * A validated create or update; {@code credentialsGiven} says the body named credentials, whose map is then the
     * new set (null: remove them).
     */
    record Spec(SourceKind kind, String brand, String query, Map<String, String> config, Duration pollInterval,
            String status,
            boolean credentialsGiven, Map<String, String> credentials) {}

    @WithTransaction
    public Uni<SourceView> create(Scope scope, JsonNode body) {
        Spec spec = inScope(scope, validate(body, null));
        SourceEntity e = new SourceEntity();
        OffsetDateTime now = now();
        e.id = UUID.randomUUID();
        e.kind = spec.kind().id();
        e.status = spec.status() == null ? SourceEntity.ACTIVE : spec.status();
        e.nextPollAt = now;
        e.createdAt = now;
        apply(e, spec, now);
        if (spec.credentials() != null) {
            e.credentials = seal(spec.credentials(), e.id);
        }
        return e.<SourceEntity>persist().map(this::view);
    }

    @WithTransaction
    public Uni<SourceView> update(Scope scope, UUID id, JsonNode body) {
        return find(scope, id).map(e -> {
            Spec spec = inScope(scope, validate(body, e));
            OffsetDateTime now = now();
            if (!spec.config().equals(readConfig(e.config))) {
                // Another feed, instance or search: the old cursor means nothing there. Start afresh, at once.
                e.cursor = null;
                e.consecutiveFailures = 0;
                e.circuitOpenUntil = null;
                e.nextPollAt = now;
            }
            apply(e, spec, now);
            if (spec.credentialsGiven()) {
                // Rotated (or removed): a source stopped by a refused sign-in tries again at once with them.
                e.credentials = spec.credentials() == null ? null : seal(spec.credentials(), e.id);
                if (SourceEntity.STOPPED.equals(e.status)) {
                    e.status = SourceEntity.ACTIVE;
                }
                e.consecutiveFailures = 0;
                e.circuitOpenUntil = null;
                e.lastError = null;
                e.nextPollAt = now;
            }
            return view(e);
        });
    }

    @WithTransaction
    public Uni<SourceView> pause(Scope scope, UUID id) {
        return find(scope, id).map(e -> {
            if (!SourceEntity.PAUSED.equals(e.status)) {
                e.status = SourceEntity.PAUSED;
                e.updatedAt = now();
            }
            return view(e);
        });
    }

    /** Resumes a source: polled at once, with its failure count and circuit breaker reset. */
    @WithTransaction
    public Uni<SourceView> resume(Scope scope, UUID id) {
        return find(scope, id).map(e -> {
            OffsetDateTime now = now();
            e.status = SourceEntity.ACTIVE;
            e.nextPollAt = now;
            e.consecutiveFailures = 0;
            e.circuitOpenUntil = null;
            e.updatedAt = now;
            return view(e);
        });
    }

    @WithTransaction
    public Uni<Void> delete(Scope scope, UUID id) {
        return find(scope, id).flatMap(e -> e.delete());
    }

    @WithSession
    public Uni<SourceView> get(Scope scope, UUID id) {
        return find(scope, id).map(this::view);
    }

    @WithSession
    public Uni<Page<SourceView>> list(Scope scope, int limit, String cursor) {
        PageCursor after = PageCursor.decode(cursor);
        Sort sort = Sort.descending("createdAt", "id");
        if (scope.isEmpty()) {
            return Uni.createFrom().item(new Page<>(List.of(), null));
        }
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        if (after != null) {
            where.add("(createdAt < :at or (createdAt = :at and id < :id))");
            params.put("at", after.at().atOffset(ZoneOffset.UTC));
            params.put("id", after.id());
        }
        if (!scope.allBrands()) {
            where.add("lower(brand) in :brands");
            params.put("brands", scope.brandParams());
        }
        var query = where.isEmpty()
                ? SourceEntity.<SourceEntity>findAll(sort)
                : SourceEntity.<SourceEntity>find(String.join(" and ", where), sort, params);
        return query.range(0, limit).list().map(rows -> {
            boolean more = rows.size() > limit;
            List<SourceEntity> page = more ? rows.subList(0, limit) : rows;
            String next = more
                    ? new PageCursor(page.get(limit - 1).createdAt.toInstant(), page.get(limit - 1).id).encode()
                    : null;
            return new Page<>(page.stream().map(this::view).toList(), next);
        });
    }

    /** The source, or a 404 when there is none or its brand is outside {@code scope}. */
    private Uni<SourceEntity> find(Scope scope, UUID id) {
        return SourceEntity.<SourceEntity>findById(id)
                .map(e -> e == null || !scope.brand(e.brand.toLowerCase(Locale.ROOT)) ? null : e)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("source " + id));
    }

    /** The spec when its brand is in {@code scope} (as mentions carry it, in lower case); a 404 naming it otherwise. */
    private static Spec inScope(Scope scope, Spec spec) {
        String brand = spec.brand().toLowerCase(Locale.ROOT);
        if (!scope.brand(brand)) {
            throw ProblemException.notFound("brand " + brand);
        }
        return spec;
    }

    private void apply(SourceEntity e, Spec spec, OffsetDateTime now) {
        e.brand = spec.brand();
        e.query = spec.query();
        e.config = writeConfig(spec.config());
        e.pollIntervalMs = spec.pollInterval().toMillis();
        e.updatedAt = now;
    }

    /** Validates a create ({@code existing} null) or a partial update; every problem is named by its field. */
    Spec validate(JsonNode body, SourceEntity existing) {
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest("body", "a JSON object is required");
        }
        if (existing != null && body.isEmpty()) {
            throw ProblemException.badRequest("body",
                    "give at least one of brand, query, config, credentials and pollInterval");
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            String f = field.getKey();
            if (!CREATE_FIELDS.contains(f)) {
                errors.add(Problem.FieldError.inBody(f, "is not a field of a source; known: "
                        + String.join(", ", new java.util.TreeSet<>(CREATE_FIELDS))));
            }
        }
        SourceKind kind = kind(body, existing, errors);
        String brand = body.has("brand") ? string(body, "brand", errors) : existing == null ? null : existing.brand;
        if (brand == null) {
            if (!body.has("brand") || body.get("brand").isNull()) {
                errors.add(new Problem.FieldError("brand", "is required"));
            }
        } else if (!BRAND.matcher(brand).matches()) {
            errors.add(new Problem.FieldError("brand", "must be 1-64 letters, digits, '_', '.' or '-'"));
        }
        String query = body.has("query") ? string(body, "query", errors) : existing == null ? null : existing.query;
        if (query == null && brand != null && existing == null) {
            query = "\"" + brand + "\"";
        }
        if (query != null) {
            try {
                QueryParser.parse(query);
            } catch (QueryParseException e) {
                errors.add(new Problem.FieldError("query", e.getMessage()));
            }
        } else if (body.has("query")) {
            errors.add(new Problem.FieldError("query", "must be a query string"));
        }
        Duration interval = pollInterval(body, existing, errors);
        String status = string(body, "status", errors);
        if (status != null && existing != null) {
            errors.add(new Problem.FieldError("status", "is changed with POST /api/v1/sources/{id}/pause or /resume"));
        } else if (status != null && !status.equals(SourceEntity.ACTIVE) && !status.equals(SourceEntity.PAUSED)) {
            errors.add(new Problem.FieldError("status", "must be ACTIVE or PAUSED"));
        }
        Map<String, String> config = config(body, existing, errors);
        boolean credentialsGiven = body.has("credentials");
        Map<String, String> credentials = credentialsGiven ? credentials(body.get("credentials"), kind, errors) : null;
        if (kind != null && config != null) {
            config = connectorConfig(kind, config, errors);
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new Spec(kind, brand, query, config, interval, status, credentialsGiven, credentials);
    }

    /** The kind of a create, or the existing source's (which an update cannot change); null after an error. */
    private SourceKind kind(JsonNode body, SourceEntity existing, List<Problem.FieldError> errors) {
        SourceKind kind = null;
        String kindText = string(body, "kind", errors);
        if (existing != null) {
            kind = SourceKind.of(existing.kind).orElseThrow();
            if (kindText != null && !kindText.equals(existing.kind)) {
                errors.add(new Problem.FieldError("kind", "cannot be changed; create a new source instead"));
            }
        } else if (kindText == null) {
            errors.add(new Problem.FieldError("kind", "is required"));
        } else {
            kind = SourceKind.of(kindText).orElse(null);
            if (kind == null) {
                errors.add(new Problem.FieldError("kind", "must be one of rss, mastodon, reddit, hackernews, bluesky"));
            } else if (!connectors.containsKey(kind)) {
                errors.add(new Problem.FieldError("kind", "'" + kindText + "' has no connector in this version yet"));
                kind = null;
            }
        }
        return kind;
    }

    /** The poll interval given, else the existing source's, else the default; null after an error. */
    private Duration pollInterval(JsonNode body, SourceEntity existing, List<Problem.FieldError> errors) {
        Duration interval = existing == null
                ? settings.defaultPollInterval()
                : Duration.ofMillis(existing.pollIntervalMs);
        if (body.has("pollInterval")) {
            String text = string(body, "pollInterval", errors);
            interval = null;
            if (text != null) {
                try {
                    interval = Duration.parse(text);
                } catch (DateTimeParseException e) {
                    errors.add(new Problem.FieldError("pollInterval", "must be an ISO-8601 duration such as PT5M"));
                }
            }
            if (interval != null && (interval.compareTo(settings.minPollInterval()) < 0 || interval.compareTo(
                    MAX_POLL_INTERVAL) > 0)) {
                errors.add(new Problem.FieldError("pollInterval", "must be from " + settings.minPollInterval() + " to "
                        + MAX_POLL_INTERVAL));
            }
        }
        return interval;
    }

    /** The {@code config} object given as strings, else the existing source's, else empty; null after an error. */
    private Map<String, String> config(JsonNode body, SourceEntity existing, List<Problem.FieldError> errors) {
        Map<String, String> config = null;
        if (body.has("config")) {
            JsonNode c = body.get("config");
            if (!c.isObject()) {
                errors.add(new Problem.FieldError("config", "must be a JSON object of settings"));
            } else {
                config = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> f : c.properties()) {
                    if ((f.getValue().isTextual() || f.getValue().isNumber() || f.getValue().isBoolean())
                            && StrictJson.unclean(f.getValue().asText()) != null) {
                        errors.add(new Problem.FieldError("config." + f.getKey(), StrictJson.unclean(f.getValue()
                                .asText())));
                    } else if (f.getValue().isTextual() || f.getValue().isNumber() || f.getValue().isBoolean()) {
                        config.put(f.getKey(), f.getValue().asText());
                    } else if (!f.getValue().isNull()) {
                        errors.add(new Problem.FieldError("config." + f.getKey(), "must be a string"));
                    }
                }
            }
        } else if (existing != null) {
            config = readConfig(existing.config);
        } else {
            config = new LinkedHashMap<>();
        }
        return config;
    }

    /** The settings every kind shares checked here, the rest by the kind's connector. */
    private Map<String, String> connectorConfig(SourceKind kind, Map<String, String> config,
            List<Problem.FieldError> errors) {
        Map<String, String> common = new LinkedHashMap<>();
        Map<String, String> own = new LinkedHashMap<>();
        config.forEach((k, v) -> (COMMON_CONFIG.contains(k) ? common : own).put(k, v));
        ConfigChecks.optionalInt(common, "requestsPerMinute", 1, 600, errors);
        if (common.get("overlap") != null) {
            try {
                Duration o = Duration.parse(common.get("overlap"));
                if (o.isNegative() || o.compareTo(MAX_OVERLAP) > 0) {
                    errors.add(new Problem.FieldError("config.overlap", "must be from PT0S to " + MAX_OVERLAP));
                }
            } catch (DateTimeParseException e) {
                errors.add(new Problem.FieldError("config.overlap", "must be an ISO-8601 duration such as PT5M"));
            }
        }
        Map<String, String> checked = new LinkedHashMap<>(connectors.get(kind).validate(own, errors));
        checked.putAll(common);
        return checked;
    }

    /**
     * Checks a {@code credentials} object: exactly the kind's keys, each a non-blank string. Errors name the field,
     * never the value.
     */
    private Map<String, String> credentials(JsonNode c, SourceKind kind, List<Problem.FieldError> errors) {
        if (c == null || c.isNull()) {
            return null;
        }
        if (!c.isObject()) {
            errors.add(new Problem.FieldError("credentials",
                    "must be a JSON object of strings, or null to remove them"));
            return null;
        }
        if (kind == null) {
            return null;
        }
        Set<String> keys = connectors.get(kind).credentialKeys();
        if (keys.isEmpty()) {
            errors.add(new Problem.FieldError("credentials", "'" + kind.id() + "' sources take no credentials"));
            return null;
        }
        if (!secrets.configured()) {
            errors.add(new Problem.FieldError("credentials",
                    "cannot be stored: this server has no EARSHOT_SECRETS_KEY to encrypt them"));
            return null;
        }
        Map<String, String> out = new java.util.TreeMap<>();
        for (Map.Entry<String, JsonNode> f : c.properties()) {
            String k = f.getKey();
            JsonNode v = f.getValue();
            if (!keys.contains(k)) {
                errors.add(new Problem.FieldError("credentials." + k, "is not a credential of this kind; known: "
                        + String.join(", ", keys.stream().sorted().toList())));
            } else if (!v.isTextual() || v.asText().isBlank() || v.asText().length() > MAX_CREDENTIAL
                    || StrictJson.unclean(v.asText()) != null) {
                errors.add(new Problem.FieldError("credentials." + k, "must be a non-blank string of at most "
                        + MAX_CREDENTIAL + " characters"));
            } else {
                out.put(k, v.asText().strip());
            }
        }
        for (String k : keys.stream().sorted().toList()) {
            if (!c.has(k)) {
                errors.add(new Problem.FieldError("credentials." + k, "is required (give all of " + String.join(", ",
                        keys.stream().sorted().toList()) + ")"));
            }
        }
        return out;
    }

    private String seal(Map<String, String> credentials, UUID id) {
        try {
            return secrets.seal(mapper.writeValueAsString(credentials), id.toString());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The opened credentials of a source (empty when it has none); fails with {@link SignInException} when they no
     * longer open (the key was changed), which stops the source until they are given again.
     */
    public Map<String, String> readCredentials(SourceEntity e) {
        if (e.credentials == null) {
            return Map.of();
        }
        try {
            return mapper.readValue(secrets.open(e.credentials, e.id.toString()),
                    new TypeReference<LinkedHashMap<String, String>>() {});
        } catch (JsonProcessingException | RuntimeException x) {
            throw new SignInException(SignInException.LOGIN_REQUIRED,
                    "the stored credentials do not open with EARSHOT_SECRETS_KEY; give them again");
        }
    }

    /** The names of the credentials a source holds, never their values. */
    private List<String> credentialNames(SourceEntity e) {
        if (e.credentials == null) {
            return List.of();
        }
        try {
            return readCredentials(e).keySet().stream().sorted().toList();
        } catch (SignInException x) {
            return List.of();
        }
    }

    private static String string(JsonNode body, String field, List<Problem.FieldError> errors) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            errors.add(new Problem.FieldError(field, "must be a string"));
            return null;
        }
        String unclean = StrictJson.unclean(v.asText());
        if (unclean != null) {
            errors.add(new Problem.FieldError(field, unclean));
            return null;
        }
        return v.asText().strip();
    }

    Map<String, String> readConfig(String json) {
        try {
            return mapper.readValue(json, new TypeReference<LinkedHashMap<String, String>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored source config is not JSON", e);
        }
    }

    private String writeConfig(Map<String, String> config) {
        try {
            return mapper.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    SourceView view(SourceEntity e) {
        Instant now = clock.instant();
        String circuit = "CLOSED";
        if (e.consecutiveFailures >= settings.breakerFailures() && e.circuitOpenUntil != null) {
            circuit = e.circuitOpenUntil.toInstant().isAfter(now) ? "OPEN" : "HALF_OPEN";
        }
        return new SourceView(e.id, e.kind, e.brand, e.query, readConfig(e.config), credentialNames(e), Duration
                .ofMillis(e.pollIntervalMs).toString(),
                e.status, e.cursor, instant(e.lastPollAt), instant(e.lastSuccessAt), e.lastError, instant(e.nextPollAt),
                e.consecutiveFailures, circuit, instant(e.circuitOpenUntil),
                new SourceView.Counts(e.polled, e.matched, e.accepted, e.duplicates, e.optedOut, e.errors), instant(
                        e.createdAt),
                instant(e.updatedAt));
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private OffsetDateTime now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }
}
