package io.earshot.listener.ingest;

import io.earshot.platform.http.ProblemException;
import io.earshot.platform.ratelimit.RateLimiter;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The push ingest API's rate limit per principal (the JWT subject), counted in mentions, not requests: a batch of 500
 * takes 500 tokens of a bucket of {@code EARSHOT_INGEST_RATE_BURST} refilled at {@code EARSHOT_INGEST_RATE_PER_MINUTE}
 * (README "Configuration"). The buckets live in Redis, shared by the replicas ({@link RateLimiter}). Over the limit the
 * request is refused whole with 429 and {@code Retry-After}. When Redis is unreachable the limiter fails open: ingest is
 * never lost because the limiter is down; a warning is logged (at most once a minute).
 */
@ApplicationScoped
public class IngestLimiter {
    private static final Logger LOG = Logger.getLogger(IngestLimiter.class);
    private static final long WARN_EVERY_MS = 60_000;

    private final RateLimiter limiter;
    private final RateLimiter.Rate rate;
    private final AtomicLong lastWarning = new AtomicLong();

    public IngestLimiter(RateLimiter limiter, IngestSettings settings) {
        this.limiter = limiter;
        this.rate = new RateLimiter.Rate(settings.ratePerMinute(), settings.rateBurst());
    }

    /** Takes {@code mentions} tokens for {@code principal}, or fails with a 429 problem carrying Retry-After. */
    public Uni<Void> take(String principal, int mentions) {
        return limiter.take("ingest", principal, mentions, rate)
                .onFailure().recoverWithItem(e -> {
                    long now = System.currentTimeMillis();
                    long last = lastWarning.get();
                    if (now - last >= WARN_EVERY_MS && lastWarning.compareAndSet(last, now)) {
                        LOG.warnf("ingest rate limit not enforced, Redis is unreachable: %s", e.getMessage());
                    }
                    return Duration.ZERO;
                })
                .map(wait -> {
                    if (!wait.isZero()) {
                        throw ProblemException.tooManyRequests(wait, "ingest limit of " + rate.perMinute()
                                + " mentions a minute (bursts of " + rate.burst() + ") reached for this client");
                    }
                    return null;
                });
    }
}
