package io.earshot.sentiment.privacy;

import io.earshot.contracts.events.Mention;
import io.earshot.contracts.privacy.Tombstones;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** This service's erasure tombstones ({@link Tombstones}), read with the consumers' reactive SQL client. */
@ApplicationScoped
public class ErasedSubjects {
    private final Pool pool;

    public ErasedSubjects(Pool pool) {
        this.pool = pool;
    }

    /** {@code items} without the mentions of erased subjects fetched before their erasure (one lookup). */
    public <T> Uni<List<T>> keep(List<T> items, Function<T, Mention> mention) {
        return Tombstones.keep(items, mention, hashes -> pool.preparedQuery(Tombstones.LOOKUP).execute(Tuple.of(hashes))
                .map(rows -> {
                    Map<String, Instant> tombstones = new HashMap<>();
                    for (Row r : rows) {
                        tombstones.put(r.getString(0), r.getOffsetDateTime(1).toInstant());
                    }
                    return tombstones;
                }));
    }
}
