package io.earshot.listener.sources;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * A token bucket per source, kept in Redis (one atomic Lua script) so that replicas share it. When Redis is down the
 * replica falls back to a local bucket of the same size: politeness degrades to per-replica, correctness is untouched
 * (a missing bucket is simply full again).
 */
@ApplicationScoped
public class RateLimiter {
    private static final Logger LOG = Logger.getLogger(RateLimiter.class);
    /** KEYS[1] bucket; ARGV capacity, refill tokens per ms, now ms, ttl ms. Returns 0 when a token was taken, else ms to wait. */
    static final String SCRIPT = """
            local b = redis.call('HMGET', KEYS[1], 't', 'ts')
            local capacity = tonumber(ARGV[1])
            local rate = tonumber(ARGV[2])
            local now = tonumber(ARGV[3])
            local tokens = tonumber(b[1])
            local ts = tonumber(b[2])
            if tokens == nil or ts == nil then tokens = capacity; ts = now end
            tokens = math.min(capacity, tokens + math.max(0, now - ts) * rate)
            local wait = 0
            if tokens >= 1 then tokens = tokens - 1 else wait = math.ceil((1 - tokens) / rate) end
            redis.call('HSET', KEYS[1], 't', tostring(tokens), 'ts', tostring(now))
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
            return wait""";

    private final ReactiveRedisDataSource redis;
    private final String prefix;
    private final Clock clock = Clock.systemUTC();
    private final Map<UUID, Local> local = new ConcurrentHashMap<>();

    public RateLimiter(ReactiveRedisDataSource redis, @ConfigProperty(name = "earshot.redis.key-prefix") String prefix) {
        this.redis = redis;
        this.prefix = prefix + "source-bucket:";
    }

    /** Takes a token: answers {@link Duration#ZERO} when granted, else how long until one is available. */
    public Uni<Duration> acquire(UUID source, int perMinute, int burst) {
        double ratePerMs = perMinute / 60_000.0;
        long now = clock.millis();
        long ttl = (long) Math.ceil(burst / ratePerMs) + 60_000L;
        return redis.execute("EVAL", SCRIPT, "1", prefix + source, Integer.toString(burst), Double.toString(ratePerMs),
                Long.toString(now), Long.toString(ttl))
                .map(r -> Duration.ofMillis(r.toLong()))
                .onFailure().recoverWithItem(e -> {
                    LOG.debugf("rate limiter falling back to a local bucket: %s", e.getMessage());
                    return local.computeIfAbsent(source, id -> new Local()).acquire(burst, ratePerMs, now);
                });
    }

    /** Forgets a source's bucket (when it is deleted). */
    public void forget(UUID source) {
        local.remove(source);
    }

    private static final class Local {
        private double tokens = -1;
        private long ts;

        synchronized Duration acquire(int capacity, double ratePerMs, long now) {
            if (tokens < 0) {
                tokens = capacity;
                ts = now;
            }
            tokens = Math.min(capacity, tokens + Math.max(0, now - ts) * ratePerMs);
            ts = now;
            if (tokens >= 1) {
                tokens -= 1;
                return Duration.ZERO;
            }
            return Duration.ofMillis((long) Math.ceil((1 - tokens) / ratePerMs));
        }
    }
}
