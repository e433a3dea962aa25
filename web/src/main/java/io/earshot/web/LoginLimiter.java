package io.earshot.web;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Sign-in attempts per client address, shared by the replicas through Redis: the generic cell rate algorithm (a token
 * bucket of {@code burst} tokens refilled at {@code perMinute}, kept as one "theoretical arrival time" per key). When
 * Redis is unreachable each replica limits on its own (same algorithm, in memory), so a Redis outage never opens
 * sign-in to unlimited guessing and never blocks it either.
 */
@ApplicationScoped
public class LoginLimiter {
    private static final Logger LOG = Logger.getLogger(LoginLimiter.class);
    /** KEYS[1]; ARGV now ms, interval ms per token, burst. Returns 0 when allowed, else ms until the next attempt. */
    static final String GCRA = """
            local now = tonumber(ARGV[1])
            local interval = tonumber(ARGV[2])
            local limit = interval * tonumber(ARGV[3])
            local tat = tonumber(redis.call('GET', KEYS[1]) or now)
            local next = math.max(tat, now) + interval
            if next - now > limit then return math.ceil(next - now - limit) end
            redis.call('SET', KEYS[1], tostring(next), 'PX', math.ceil(next - now))
            return 0""";
    private static final int MAX_LOCAL_KEYS = 100_000;

    private final ReactiveRedisDataSource redis;
    private final String prefix;
    private final WebConfig config;
    private final Map<String, Long> local = new ConcurrentHashMap<>();

    public LoginLimiter(ReactiveRedisDataSource redis, WebConfig config,
            @ConfigProperty(name = "earshot.redis.key-prefix", defaultValue = "earshot:") String prefix) {
        this.redis = redis;
        this.config = config;
        this.prefix = prefix + "login:";
    }

    /** Takes one attempt for {@code client}: {@link Duration#ZERO} when allowed, else how long to wait. */
    public Uni<Duration> take(String client) {
        long now = System.currentTimeMillis();
        long interval = Math.max(1, 60_000L / Math.max(1, config.loginPerMinute()));
        int burst = Math.max(1, config.loginBurst());
        return redis.execute("EVAL", GCRA, "1", prefix + client, Long.toString(now), Long.toString(interval),
                Integer.toString(burst))
                .map(r -> Duration.ofMillis(r.toLong()))
                .onFailure().recoverWithItem(e -> {
                    LOG.debugf("login limiter falling back to this replica's memory: %s", e.getMessage());
                    return takeLocally(client, now, interval, burst);
                });
    }

    Duration takeLocally(String client, long now, long interval, int burst) {
        if (local.size() > MAX_LOCAL_KEYS) {
            local.values().removeIf(tat -> tat < now);
        }
        long[] wait = { 0 };
        local.compute(client, (k, tat) -> {
            long next = Math.max(tat == null ? now : tat, now) + interval;
            if (next - now > interval * burst) {
                wait[0] = next - now - interval * burst;
                return tat;
            }
            return next;
        });
        return Duration.ofMillis(wait[0]);
    }
}
