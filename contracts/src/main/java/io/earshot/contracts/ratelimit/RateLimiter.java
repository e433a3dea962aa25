package io.earshot.contracts.ratelimit;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Token buckets shared by a service's replicas through Redis: the generic cell rate algorithm (a bucket of {@code burst}
 * tokens refilled at {@code perMinute}, kept as one "theoretical arrival time" per key, in microseconds so that rates of
 * more than one token per millisecond stay exact). A request takes {@code cost} tokens at once (a batch of mentions
 * takes one per mention); a cost above the burst takes the whole, full bucket. What to do when Redis is unreachable is
 * the caller's choice: {@link #take} fails then, and {@link Local} is the same algorithm in one replica's memory.
 * Used by the web sign-in limit ({@code LoginLimiter}), the listener's ingest limit and its politeness per polled
 * source.
 */
@ApplicationScoped
public class RateLimiter {
    /** KEYS[1]; ARGV now µs, interval µs per token, burst, cost. Returns 0 when allowed, else µs until it would be. */
    static final String GCRA = """
            local now = tonumber(ARGV[1])
            local interval = tonumber(ARGV[2])
            local limit = interval * tonumber(ARGV[3])
            local tat = tonumber(redis.call('GET', KEYS[1]) or now)
            local next = math.max(tat, now) + interval * tonumber(ARGV[4])
            if next - now > limit then return math.ceil(next - now - limit) end
            redis.call('SET', KEYS[1], string.format('%.0f', next), 'PX', math.ceil((next - now) / 1000))
            return 0""";

    private final ReactiveRedisDataSource redis;
    private final String prefix;

    public RateLimiter(ReactiveRedisDataSource redis,
            @ConfigProperty(name = "earshot.redis.key-prefix", defaultValue = "earshot:") String prefix) {
        this.redis = redis;
        this.prefix = prefix;
    }

    /** A bucket's rate: tokens refilled per minute (at least 1) and the bucket's size (at least 1). */
    public record Rate(int perMinute, int burst) {
        public Rate {
            perMinute = Math.max(1, perMinute);
            burst = Math.max(1, burst);
        }

        long intervalMicros() {
            return Math.max(1, TimeUnit.MINUTES.toMicros(1) / perMinute);
        }

        int clamp(int cost) {
            return Math.min(Math.max(1, cost), burst);
        }
    }

    /**
     * Takes {@code cost} tokens from the bucket {@code name}:{@code key} in Redis: {@link Duration#ZERO} when allowed,
     * else how long until it would be (nothing is taken then). Fails when Redis does.
     */
    public Uni<Duration> take(String name, String key, int cost, Rate rate) {
        long now = nowMicros();
        return redis.execute("EVAL", GCRA, "1", prefix + name + ":" + key, Long.toString(now),
                Long.toString(rate.intervalMicros()), Integer.toString(rate.burst()), Integer.toString(rate.clamp(cost)))
                .map(r -> Duration.ofNanos(r.toLong() * 1000));
    }

    static long nowMicros() {
        return TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis());
    }

    /** The same buckets in this replica's memory (a fallback while Redis is unreachable); at most 100,000 keys. */
    public static final class Local {
        private static final int MAX_KEYS = 100_000;
        private final Map<String, Long> buckets = new ConcurrentHashMap<>();

        public Duration take(String key, int cost, Rate rate) {
            return take(key, cost, rate, nowMicros());
        }

        Duration take(String key, int cost, Rate rate, long now) {
            if (buckets.size() > MAX_KEYS) {
                buckets.values().removeIf(tat -> tat < now);
            }
            long interval = rate.intervalMicros();
            long limit = interval * rate.burst();
            long[] wait = { 0 };
            buckets.compute(key, (k, tat) -> {
                long next = Math.max(tat == null ? now : tat, now) + interval * rate.clamp(cost);
                if (next - now > limit) {
                    wait[0] = next - now - limit;
                    return tat;
                }
                return next;
            });
            return Duration.ofNanos(wait[0] * 1000);
        }

        public void forget(String key) {
            buckets.remove(key);
        }
    }
}
