package io.earshot.platform.ratelimit;

import io.earshot.platform.redis.RedisSettings;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

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
    /**
     * KEYS[1..h] holds (µs since the epoch until which nothing is granted; h = ARGV[2], 0 or 1), then the buckets;
     * ARGV now µs, h, and per bucket its interval µs per token, burst and cost. All buckets grant, or none is touched.
     * Returns 0 when allowed, else µs until it would be.
     */
    static final String GCRA = """
            local now = tonumber(ARGV[1])
            local holds = tonumber(ARGV[2])
            local wait = 0
            for i = 1, holds do
              local hold = tonumber(redis.call('GET', KEYS[i]) or 0)
              if hold > now then wait = math.max(wait, math.ceil(hold - now)) end
            end
            if wait > 0 then return wait end
            local next = {}
            for i = holds + 1, #KEYS do
              local a = 3 + (i - holds - 1) * 3
              local interval = tonumber(ARGV[a])
              local limit = interval * tonumber(ARGV[a + 1])
              local tat = tonumber(redis.call('GET', KEYS[i]) or now)
              next[i] = math.max(tat, now) + interval * tonumber(ARGV[a + 2])
              if next[i] - now > limit then wait = math.max(wait, math.ceil(next[i] - now - limit)) end
            end
            if wait > 0 then return wait end
            for i = holds + 1, #KEYS do
              redis.call('SET', KEYS[i], string.format('%.0f', next[i]), 'PX', math.ceil((next[i] - now) / 1000))
            end
            return 0""";

    /** KEYS[1] a hold; ARGV until µs, now µs. Moves the hold later (never earlier); it expires when it ends. */
    static final String HOLD = """
            local hold = tonumber(ARGV[1])
            local now = tonumber(ARGV[2])
            local cur = tonumber(redis.call('GET', KEYS[1]) or 0)
            if hold > cur and hold > now then
              redis.call('SET', KEYS[1], string.format('%.0f', hold), 'PX', math.ceil((hold - now) / 1000))
            end
            return 0""";

    private final ReactiveRedisDataSource redis;
    private final String prefix;

    public RateLimiter(ReactiveRedisDataSource redis,
            RedisSettings redisSettings) {
        this.redis = redis;
        this.prefix = redisSettings.keyPrefix();
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

    /** One bucket of a {@link #takeAll}: {@code name}:{@code key}, taking {@code cost} tokens at {@code rate}. */
    public record Bucket(String name, String key, int cost, Rate rate) {}

    /**
     * Takes {@code cost} tokens from the bucket {@code name}:{@code key} in Redis: {@link Duration#ZERO} when allowed,
     * else how long until it would be (nothing is taken then). Fails when Redis does.
     */
    public Uni<Duration> take(String name, String key, int cost, Rate rate) {
        return takeAll(null, List.of(new Bucket(name, key, cost, rate)));
    }

    /**
     * Takes from every bucket at once, in one round trip, or from none: {@link Duration#ZERO} when all granted, else
     * the longest wait. While the hold {@code hold} (a key set by {@link #hold}; null for none) lasts, nothing is
     * granted and the wait is until it ends. Fails when Redis does.
     */
    public Uni<Duration> takeAll(String hold, List<Bucket> buckets) {
        List<String> args = new ArrayList<>();
        args.add("EVAL");
        args.add(GCRA);
        args.add(Integer.toString(buckets.size() + (hold == null ? 0 : 1)));
        if (hold != null) {
            args.add(prefix + hold);
        }
        buckets.forEach(b -> args.add(prefix + b.name() + ":" + b.key()));
        args.add(Long.toString(nowMicros()));
        args.add(hold == null ? "0" : "1");
        for (Bucket b : buckets) {
            args.add(Long.toString(b.rate().intervalMicros()));
            args.add(Integer.toString(b.rate().burst()));
            args.add(Integer.toString(b.rate().clamp(b.cost())));
        }
        return redis.execute(args.get(0), args.subList(1, args.size()).toArray(String[]::new))
                .map(r -> Duration.ofNanos(r.toLong() * 1000));
    }

    /** Holds everything that names {@code hold} in {@link #takeAll} until {@code until} (a later hold wins). */
    public Uni<Void> hold(String hold, java.time.Instant until) {
        return redis.execute("EVAL", HOLD, "1", prefix + hold,
                Long.toString(TimeUnit.MILLISECONDS.toMicros(until.toEpochMilli())), Long.toString(nowMicros()))
                .replaceWithVoid();
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
            long[] wait = {0};
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

        /** Like {@link RateLimiter#takeAll} without holds: every bucket (keyed {@code name:key}) grants, or none is touched. */
        public synchronized Duration takeAll(List<Bucket> all) {
            long now = nowMicros();
            long wait = 0;
            for (Bucket b : all) {
                Long tat = buckets.get(b.name() + ":" + b.key());
                long interval = b.rate().intervalMicros();
                long next = Math.max(tat == null ? now : tat, now) + interval * b.rate().clamp(b.cost());
                wait = Math.max(wait, next - now - interval * b.rate().burst());
            }
            if (wait > 0) {
                return Duration.ofNanos(wait * 1000);
            }
            for (Bucket b : all) {
                take(b.name() + ":" + b.key(), b.cost(), b.rate(), now);
            }
            return Duration.ZERO;
        }

        public void forget(String key) {
            buckets.remove(key);
        }
    }
}
