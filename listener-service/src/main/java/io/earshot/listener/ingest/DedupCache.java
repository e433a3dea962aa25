package io.earshot.listener.ingest;

import io.earshot.platform.redis.RedisSettings;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Redis fast path for exact dedup: ids of mentions already stored. It is only a cache in front of the durable unique
 * key in PostgreSQL: keys are written after the database commit; if Redis is down or empty every lookup says
 * "unknown" and the insert decides, and what it does suggest is confirmed against the database before a mention is
 * skipped (see {@link IngestService#ingestPrepared}).
 */
@ApplicationScoped
public class DedupCache {
    private static final Logger LOG = Logger.getLogger(DedupCache.class);

    private final ReactiveRedisDataSource redis;
    private final ReactiveValueCommands<String, String> values;
    private final String prefix;
    private final Duration ttl;

    public DedupCache(ReactiveRedisDataSource redis,
            RedisSettings redisSettings, @ConfigProperty(name = "earshot.dedup.ttl") Duration ttl) {
        this.redis = redis;
        this.values = redis.value(String.class);
        this.prefix = redisSettings.keyPrefix() + "seen:";
        this.ttl = ttl;
    }

    /** The subset of {@code ids} known to be stored already; empty when Redis cannot say. */
    public Uni<Set<UUID>> known(List<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        String[] keys = ids.stream().map(this::key).toArray(String[]::new);
        return values.mget(keys)
                .map(found -> {
                    Set<UUID> known = new HashSet<>();
                    for (UUID id : ids) {
                        if (found.get(key(id)) != null) {
                            known.add(id);
                        }
                    }
                    return known;
                })
                .onFailure().recoverWithItem(e -> {
                    LOG.debugf("dedup cache unavailable, falling back to the database: %s", e.getMessage());
                    return Set.<UUID>of();
                });
    }

    /** Remember stored ids; failures are ignored (the database stays the authority). */
    public Uni<Void> remember(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // One pipelined round trip for the batch (a SET with expiry per id), not a command and a Uni per id.
        List<Request> sets = new ArrayList<>(ids.size());
        String seconds = Long.toString(ttl.toSeconds());
        for (UUID id : ids) {
            sets.add(Request.cmd(Command.SET).arg(key(id)).arg("1").arg("EX").arg(seconds));
        }
        return redis.getRedis().batch(sets).replaceWithVoid()
                .onFailure().recoverWithNull();
    }

    /** Forget ids (used when mentions are erased). */
    public Uni<Void> forget(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return redis.key().del(ids.stream().map(this::key).toArray(String[]::new))
                .replaceWithVoid().onFailure().recoverWithNull();
    }

    private String key(UUID id) {
        return prefix + id;
    }
}
