package io.earshot.listener.sources;

import io.earshot.platform.outbound.AddressPolicy;
import io.earshot.platform.outbound.OutboundHttp;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The HTTP client of the connectors: the shared {@link OutboundHttp} (also used by escalation's webhooks), which
 * refuses internal addresses unless {@code earshot.outbound.allow-list} lets them through, pins the checked address,
 * checks every redirect hop, and streams the body with a hard cap ({@code earshot.sources.http.max-body}). The answer
 * is handed on on a worker thread, so connectors parse off the event loop. Every request first takes a token from its
 * source's and its host's budget ({@link RateLimiter}, shared by the replicas through Redis), and an answer that says
 * the host's budget is spent holds that host for every source and replica until its reset. Answers other than 2xx and
 * 304 fail with {@link SourceHttpException} carrying Retry-After; what users then see as the source's lastError is
 * generic (see {@link SourcePoller#publicError}).
 */
@ApplicationScoped
public class SourceHttp {
    /** What a source answered. */
    public record Response(int status, byte[] bytes, MultiMap headers) {
        public String header(String name) {
            return headers.get(name);
        }

        /** The body as UTF-8 (JSON APIs); feeds decode {@link #bytes} with their declared encoding. */
        public String body() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private final OutboundHttp client;
    private final Duration maxRetryAfter;
    /** Takes a token per request (source and host budget); null in tests that check no budget. */
    private final RateLimiter limiter;
    private final SourceSettings settings;
    /** How long one request may wait for a token before the poll is put off instead. */
    private final Duration maxWait;

    @Inject
    public SourceHttp(Vertx vertx,
            @ConfigProperty(name = "earshot.outbound.allow-list") Optional<List<String>> allowList,
            RateLimiter limiter, SourceSettings settings) {
        this(new OutboundHttp(vertx, AddressPolicy.allowing(allowList.orElse(List.of())), OutboundHttp.SYSTEM,
                new OutboundHttp.Options(settings.httpTimeout(), settings.httpMaxBody(), settings.httpMaxRedirects(),
                        settings.httpUserAgent())),
                settings.maxRetryAfter(), limiter, settings, settings.hostMaxWait());
    }

    /** Over a given client (null in tests that never fetch), without budgets. */
    public SourceHttp(OutboundHttp client, Duration maxRetryAfter) {
        this(client, maxRetryAfter, null, null, Duration.ZERO);
    }

    /** Over a given client and budget; {@code settings} give the per-source default rate. */
    public SourceHttp(OutboundHttp client, Duration maxRetryAfter, RateLimiter limiter, SourceSettings settings,
            Duration maxWait) {
        this.client = client;
        this.maxRetryAfter = maxRetryAfter;
        this.limiter = limiter;
        this.settings = settings;
        this.maxWait = maxWait;
    }

    @PreDestroy
    void close() {
        if (client != null) {
            client.close();
        }
    }

    /** Whether a fetch of {@code uri} would be refused as internal (checked when a source is created or changed). */
    public Uni<Boolean> refuses(URI uri) {
        return client == null ? Uni.createFrom().item(false) : client.refuses(uri);
    }

    /** GETs {@code uri} for {@code source}; answers 2xx and 304, else fails with {@link SourceHttpException}. */
    public Uni<Response> get(SourceConfig source, URI uri, Map<String, String> headers) {
        return exchange(source, uri, headers, null).map(this::check);
    }

    /**
     * GET ({@code body} null) or POST for {@code source}, answering whatever status came back, for connectors that
     * must read an error body (a Bluesky {@code ExpiredToken}); {@link #check} turns it into the usual failure. Every
     * call is one request: it first takes a token from the source's and the host's budget ({@link RateLimiter}),
     * waiting up to {@code maxWait} for one, else fails with {@link BudgetWaitException} without asking the host.
     */
    public Uni<Response> exchange(SourceConfig source, URI uri, Map<String, String> headers, String body) {
        String host = RateLimiter.host(uri);
        return admit(source, host, Instant.now().plus(maxWait))
                .chain(() -> body == null ? client.get(uri, headers) : client.post(uri, headers, body))
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(r -> observe(host, new Response(r.status(), r.body(), r.headers()), Instant.now()));
    }

    /** Waits for a token (while the wait ends before {@code deadline}), else fails with {@link BudgetWaitException}. */
    private Uni<Void> admit(SourceConfig source, String host, Instant deadline) {
        if (limiter == null) {
            return Uni.createFrom().voidItem();
        }
        return limiter.acquire(source.id(), sourceRate(source), host).flatMap(wait -> {
            if (wait.isZero()) {
                return Uni.createFrom().voidItem();
            }
            if (Instant.now().plus(wait).isAfter(deadline)) {
                return Uni.createFrom().failure(new BudgetWaitException(wait));
            }
            return Uni.createFrom().voidItem().onItem().delayIt().by(wait).chain(() -> admit(source, host, deadline));
        });
    }

    /** The source's own bucket: its {@code requestsPerMinute}, else the configured default. */
    io.earshot.platform.ratelimit.RateLimiter.Rate sourceRate(SourceConfig source) {
        String perMinute = source.get("requestsPerMinute");
        return new io.earshot.platform.ratelimit.RateLimiter.Rate(
                perMinute == null ? settings.ratePerMinute() : Integer.parseInt(perMinute), settings.rateBurst());
    }

    /**
     * Notes a host's published budget running out (remaining below 1, or a 429, with a reset time or Retry-After) as
     * a hold shared by every source and replica; answers r.
     */
    Uni<Response> observe(String host, Response r, Instant now) {
        Duration reset = parseReset(r.header("X-Ratelimit-Reset"), now);
        if (reset == null && r.status() == 429) {
            reset = parseRetryAfter(r.header("Retry-After"), now);
        }
        if (limiter == null || reset == null) {
            return Uni.createFrom().item(r);
        }
        String remaining = r.header("X-Ratelimit-Remaining");
        boolean spent = r.status() == 429;
        if (!spent && remaining != null) {
            try {
                spent = Double.parseDouble(remaining.trim()) < 1;
            } catch (NumberFormatException e) {
                // not a number: ignore it
            }
        }
        if (!spent) {
            return Uni.createFrom().item(r);
        }
        return limiter.hold(host, now.plus(reset.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : reset)).replaceWith(r);
    }

    /** Passes 2xx and 304; anything else fails with {@link SourceHttpException} carrying Retry-After. */
    public Response check(Response r) {
        int status = r.status();
        if (status == 304 || (status >= 200 && status < 300)) {
            return r;
        }
        Instant now = Clock.systemUTC().instant();
        Duration wait = retryAfter(r.header("Retry-After"), now);
        if (wait == null && status == 429) {
            // Reddit and Mastodon say when the budget comes back in X-RateLimit-Reset, not Retry-After.
            Duration reset = parseReset(r.header("X-Ratelimit-Reset"), now);
            wait = reset == null ? null : reset.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : reset;
        }
        throw new SourceHttpException(status, wait);
    }

    /**
     * {@code X-RateLimit-Reset} as the two APIs write it: seconds until the reset (Reddit, possibly with a
     * fraction), or the ISO-8601 time of the reset (Mastodon). Null when absent or unreadable; never negative.
     */
    static Duration parseReset(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            double seconds = Double.parseDouble(v);
            return seconds < 0 || Double.isNaN(seconds) ? null : Duration.ofMillis((long) Math.ceil(seconds * 1000));
        } catch (NumberFormatException e) {
            try {
                Duration d = Duration.between(now, java.time.OffsetDateTime.parse(v).toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    /** Parses Retry-After (delta-seconds or an HTTP date), capped at the configured maximum; null when absent or bad. */
    Duration retryAfter(String value, Instant now) {
        Duration d = parseRetryAfter(value, now);
        return d == null ? null : (d.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : d);
    }

    static Duration parseRetryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(now, at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}
