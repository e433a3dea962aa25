package io.earshot.listener.sources;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * A token bucket per source, kept in Redis so that replicas share it (contracts' {@code RateLimiter}). When Redis is
 * down the replica falls back to a local bucket of the same size: politeness degrades to per-replica, correctness is
 * untouched (a missing bucket is simply full again). The keys are {@code source-rate:ID} (the older hash buckets under
 * {@code source-bucket:} expire on their own).
 */
@ApplicationScoped
public class RateLimiter {
    private static final Logger LOG = Logger.getLogger(RateLimiter.class);

    private final io.earshot.contracts.ratelimit.RateLimiter shared;
    private final io.earshot.contracts.ratelimit.RateLimiter.Local local = new io.earshot.contracts.ratelimit.RateLimiter.Local();

    public RateLimiter(io.earshot.contracts.ratelimit.RateLimiter shared) {
        this.shared = shared;
    }

    /** Takes a token: answers {@link Duration#ZERO} when granted, else how long until one is available. */
    public Uni<Duration> acquire(UUID source, int perMinute, int burst) {
        var rate = new io.earshot.contracts.ratelimit.RateLimiter.Rate(perMinute, burst);
        return shared.take("source-rate", source.toString(), 1, rate)
                .onFailure().recoverWithItem(e -> {
                    LOG.debugf("rate limiter falling back to a local bucket: %s", e.getMessage());
                    return local.take(source.toString(), 1, rate);
                });
    }

    /** Forgets a source's bucket (when it is deleted). */
    public void forget(UUID source) {
        local.forget(source.toString());
    }
}
