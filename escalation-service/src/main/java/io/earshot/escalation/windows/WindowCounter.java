package io.earshot.escalation.windows;

import io.earshot.contracts.events.ScoredMention;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Per-brand minute buckets of mention volume and negatives in Redis (hash {@code win:<brand>:<epoch-minute>}). A
 * mention is counted once (a {@code SET NX} marker guards redeliveries). Redis is disposable state: when it is down
 * or flushed the counts are lost, cases are not, and recording never fails the pipeline.
 */
@ApplicationScoped
public class WindowCounter {
    private static final Logger LOG = Logger.getLogger(WindowCounter.class);

    public record Bucket(Instant minute, long volume, long negative) {
    }

    private final ReactiveRedisDataSource redis;
    private final String prefix;
    private final Duration retention;

    public WindowCounter(ReactiveRedisDataSource redis, @ConfigProperty(name = "earshot.redis.key-prefix") String prefix,
            @ConfigProperty(name = "earshot.windows.retention") Duration retention) {
        this.redis = redis;
        this.prefix = prefix;
        this.retention = retention;
    }

    public Uni<Void> record(ScoredMention scored) {
        long minute = scored.mention().createdAt() == null ? scored.scoredAt().getEpochSecond() / 60
                : scored.mention().createdAt().getEpochSecond() / 60;
        String brand = scored.mention().brand();
        String bucket = prefix + "win:" + brand + ":" + minute;
        boolean negative = scored.scores().sentiment() <= -0.05;
        return redis.value(String.class)
                .setGet(prefix + "counted:" + scored.mention().id(), "1", new SetArgs().nx().ex(retention))
                .flatMap(previous -> previous != null ? Uni.createFrom().voidItem()
                        : redis.hash(Long.class).hincrby(bucket, "volume", 1)
                                .flatMap(v -> negative ? redis.hash(Long.class).hincrby(bucket, "negative", 1) : Uni.createFrom().item(0L))
                                .flatMap(v -> redis.key().expire(bucket, retention))
                                .replaceWithVoid())
                .onFailure().recoverWithUni(e -> {
                    LOG.debugf("window counters unavailable: %s", e.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }

    /** The last {@code minutes} buckets of a brand, oldest first, ending with the minute of {@code now}. */
    public Uni<List<Bucket>> recent(String brand, int minutes, Instant now) {
        long last = now.getEpochSecond() / 60;
        List<Uni<Bucket>> reads = new ArrayList<>(minutes);
        for (long m = last - minutes + 1; m <= last; m++) {
            long minute = m;
            reads.add(redis.hash(Long.class).hgetall(prefix + "win:" + brand + ":" + minute)
                    .map(h -> bucket(minute, h)));
        }
        return Uni.join().all(reads).andFailFast();
    }

    private static Bucket bucket(long minute, Map<String, Long> h) {
        return new Bucket(Instant.ofEpochSecond(minute * 60), h.getOrDefault("volume", 0L), h.getOrDefault("negative", 0L));
    }
}
