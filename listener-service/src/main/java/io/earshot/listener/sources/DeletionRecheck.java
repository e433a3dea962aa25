package io.earshot.listener.sources;

import io.earshot.listener.privacy.SubjectErasure;
import io.earshot.platform.redis.RedisSettings;
import io.earshot.platform.vertx.SafeContext;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * Honours deletions where the service's terms require it (Reddit): after a successful poll of such a source, at most
 * once per {@code earshot.sources.deletions.every} per kind and brand across all replicas (a Redis key set with NX and
 * that expiry), the stored mentions of that kind and brand created within {@code earshot.sources.deletions.window}
 * (newest first, at most {@code earshot.sources.deletions.max-items}) are re-checked through the connector
 * ({@link Connector#deleted}, whose requests take tokens like any other), and the ones gone are erased through
 * {@link SubjectErasure#eraseMentions}. A failed re-check is logged and tried again after the interval; it never
 * fails the poll.
 */
@ApplicationScoped
public class DeletionRecheck {
    private static final Logger LOG = Logger.getLogger(DeletionRecheck.class);
    private static final String RECENT = """
            select external_id from mentions where source = $1 and brand = $2 and created_at > $3
            order by created_at desc limit $4""";

    private final ReactiveRedisDataSource redis;
    private final Pool pool;
    private final SubjectErasure erasure;
    private final String prefix;
    private final Duration every;
    private final Duration window;
    private final int maxItems;

    public DeletionRecheck(ReactiveRedisDataSource redis, Pool pool, SubjectErasure erasure,
            RedisSettings redisSettings,
            SourceSettings settings) {
        this.redis = redis;
        this.pool = pool;
        this.erasure = erasure;
        this.prefix = redisSettings.keyPrefix();
        this.every = settings.deletionsEvery();
        this.window = settings.deletionsWindow();
        this.maxItems = settings.deletionsMaxItems();
    }

    /**
     * Re-checks the recent mentions of the source's kind and brand when due; answers how many were erased. The erasure
     * runs on {@code context}, the poll's own Vert.x context.
     */
    public Uni<Integer> afterPoll(SourceConfig source, Connector connector, io.vertx.core.Context context) {
        if (!connector.rechecksDeletions() || !source.hasCredentials()) {
            return Uni.createFrom().item(0);
        }
        String brand = source.brand().toLowerCase(Locale.ROOT);
        String kind = source.kind().id();
        // the connector answers on a worker thread; the erasure's transaction runs back on the poll's context
        return due(kind, brand).flatMap(due -> !due
                ? Uni.createFrom().item(0)
                : recent(kind, brand).flatMap(ids -> connector.deleted(source, ids))
                        .emitOn(SafeContext.on(context))
                        .flatMap(gone -> erasure.eraseMentions(kind, gone))
                        .invoke(n -> {
                            if (n > 0) {
                                LOG.infof("%d %s mention(s) of %s erased: deleted at the source", n, kind, brand);
                            }
                        }))
                .onFailure().recoverWithItem(e -> {
                    LOG.infof("re-checking deletions of %s mentions of %s failed: %s", kind, brand, SourcePoller
                            .describe(e));
                    return 0;
                });
    }

    /** Whether this replica won the re-check of this kind and brand for the coming interval. */
    private Uni<Boolean> due(String kind, String brand) {
        return redis.execute("SET", prefix + "source-recheck:" + kind + ":" + brand, Instant.now().toString(), "NX",
                "PX",
                Long.toString(Math.max(1, every.toMillis()))).map(r -> r != null);
    }

    private Uni<List<String>> recent(String kind, String brand) {
        return pool.preparedQuery(RECENT)
                .execute(Tuple.of(kind, brand, Instant.now().minus(window).atOffset(ZoneOffset.UTC), maxItems))
                .map(rows -> {
                    List<String> ids = new ArrayList<>();
                    for (Row r : rows) {
                        ids.add(r.getString(0));
                    }
                    return ids;
                });
    }
}
