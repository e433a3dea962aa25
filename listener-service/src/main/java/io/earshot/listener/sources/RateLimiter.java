package io.earshot.listener.sources;

import io.earshot.platform.ratelimit.RateLimiter.Bucket;
import io.earshot.platform.ratelimit.RateLimiter.Rate;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Politeness per HTTP request, shared by every replica through Redis (platform's {@code RateLimiter}). Each request a
 * connector makes (a search page, a token or session request, a thread look-up) takes, in one round trip, a token from
 * its source's bucket ({@code requestsPerMinute}) and one from its host's budget, shared by every source on that host
 * ({@code earshot.sources.host-budget.*}); while the host's hold lasts (it said its budget is spent: Reddit's
 * {@code X-Ratelimit-Remaining} below 1, or a 429 with a reset time) nothing is granted to any source on any replica.
 * Keys: {@code source-rate:ID}, {@code source-host:HOST}, {@code source-host-hold:HOST}. When Redis is down the replica
 * falls back to the same buckets and holds in its memory: politeness degrades to per-replica, correctness is untouched.
 */
@ApplicationScoped
public class RateLimiter {
    private static final Logger LOG = Logger.getLogger(RateLimiter.class);

    private final io.earshot.platform.ratelimit.RateLimiter shared;
    private final io.earshot.platform.ratelimit.RateLimiter.Local local = new io.earshot.platform.ratelimit.RateLimiter.Local();
    private final Map<String, Instant> localHolds = new ConcurrentHashMap<>();
    private final Rate hostRate;
    private final Map<String, Rate> hostRates;

    @Inject
    public RateLimiter(io.earshot.platform.ratelimit.RateLimiter shared, SourceSettings settings) {
        this(shared, settings.hostPerMinute(), settings.hostBurst(), settings.hostBudgets());
    }

    /** With a given host budget and per-host overrides. */
    public RateLimiter(io.earshot.platform.ratelimit.RateLimiter shared, int hostPerMinute, int hostBurst,
            Optional<List<String>> hosts) {
        this.shared = shared;
        this.hostRate = new Rate(hostPerMinute, hostBurst);
        this.hostRates = hostRates(hosts.orElse(List.of()), hostBurst);
    }

    /**
     * Reads {@code host=perMinute} or {@code host=perMinute/burst} entries (the host as {@link #host} writes it).
     */
    static Map<String, Rate> hostRates(List<String> entries, int defaultBurst) {
        Map<String, Rate> rates = new HashMap<>();
        for (String e : entries) {
            String entry = e.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int eq = entry.lastIndexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(
                        "earshot.sources.host-budget.hosts: expected host=perMinute[/burst], got " + entry);
            }
            String[] rate = entry.substring(eq + 1).trim().split("/");
            try {
                rates.put(entry.substring(0, eq).trim().toLowerCase(Locale.ROOT), new Rate(Integer.parseInt(rate[0]
                        .trim()),
                        rate.length > 1 ? Integer.parseInt(rate[1].trim()) : defaultBurst));
            } catch (NumberFormatException x) {
                throw new IllegalArgumentException(
                        "earshot.sources.host-budget.hosts: expected host=perMinute[/burst], got " + entry);
            }
        }
        return Map.copyOf(rates);
    }

    /** The budget's name for a URI's host: the host in lower case, with the port when one is given. */
    public static String host(URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        return uri.getPort() < 0 ? host : host + ":" + uri.getPort();
    }

    Rate hostRate(String host) {
        return hostRates.getOrDefault(host, hostRate);
    }

    /**
     * Takes a token for one request of {@code source} to {@code host}: {@link Duration#ZERO} when granted, else how long
     * until it would be (the host's hold, or the emptier bucket); nothing is taken then.
     */
    public Uni<Duration> acquire(UUID source, Rate sourceRate, String host) {
        List<Bucket> buckets = List.of(new Bucket("source-rate", source.toString(), 1, sourceRate),
                new Bucket("source-host", host, 1, hostRate(host)));
        return shared.takeAll("source-host-hold:" + host, buckets)
                .onFailure().recoverWithItem(e -> {
                    LOG.debugf("rate limiter falling back to local buckets: %s", e.getMessage());
                    Instant until = localHolds.get(host);
                    Instant now = Instant.now();
                    if (until != null && until.isAfter(now)) {
                        return Duration.between(now, until);
                    }
                    return local.takeAll(buckets);
                });
    }

    /** Holds every request to {@code host}, from every source and replica, until {@code until} (a later hold wins). */
    public Uni<Void> hold(String host, Instant until) {
        localHolds.merge(host, until, (a, b) -> a.isAfter(b) ? a : b);
        return shared.hold("source-host-hold:" + host, until).onFailure().recoverWithItem(e -> {
            LOG.debugf("could not share the hold of %s: %s", host, e.getMessage());
            return null;
        });
    }

    /** Forgets a source's bucket (when it is deleted). */
    public void forget(UUID source) {
        local.forget("source-rate:" + source);
    }
}
