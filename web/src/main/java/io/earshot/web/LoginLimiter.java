package io.earshot.web;

import io.earshot.platform.ratelimit.RateLimiter;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Sign-in attempts per client address, shared by the replicas through Redis ({@link RateLimiter}: a token bucket of
 * {@code burst} attempts refilled at {@code perMinute}). When Redis is unreachable each replica limits on its own (same
 * algorithm, in memory), so a Redis outage never opens sign-in to unlimited guessing and never blocks it either.
 */
@ApplicationScoped
public class LoginLimiter {
    private static final Logger LOG = Logger.getLogger(LoginLimiter.class);

    private final RateLimiter limiter;
    private final WebConfig config;
    private final RateLimiter.Local local = new RateLimiter.Local();

    public LoginLimiter(RateLimiter limiter, WebConfig config) {
        this.limiter = limiter;
        this.config = config;
    }

    /** Takes one attempt for {@code client}: {@link Duration#ZERO} when allowed, else how long to wait. */
    public Uni<Duration> take(String client) {
        RateLimiter.Rate rate = new RateLimiter.Rate(config.loginPerMinute(), config.loginBurst());
        return limiter.take("login", client, 1, rate)
                .onFailure().recoverWithItem(e -> {
                    LOG.debugf("login limiter falling back to this replica's memory: %s", e.getMessage());
                    return local.take(client, 1, rate);
                });
    }
}
