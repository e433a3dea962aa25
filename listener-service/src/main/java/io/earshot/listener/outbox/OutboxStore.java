package io.earshot.listener.outbox;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * The outbox table's SQL for the relay, on the reactive PostgreSQL client (one statement per step, inside the relay's
 * transaction): the oldest rows, read only by the replica that holds the relay's advisory lock, and the delete of the
 * rows Kafka acknowledged.
 */
@ApplicationScoped
public class OutboxStore {
    /** Arbitrary, fixed key of the advisory lock that serialises relays. */
    static final long RELAY_LOCK = 0x4541525348_4F42L;
    /**
     * The lock and the read in one round trip: the CTE (volatile, so evaluated once) takes the transaction-scoped
     * lock, and the rows come back only when it was granted; another replica relaying gets none.
     */
    private static final String LOCK_AND_READ = """
            with lock as (select pg_try_advisory_xact_lock($1) as granted)
            select o.seq, o.kafka_key, o.payload, o.traceparent, o.topic from lock, outbox o
            where lock.granted order by o.seq limit $2""";
    private static final String DELETE = "delete from outbox where seq = any($1)";

    /** One outbox row, in commit order. */
    public record OutboxRow(long seq, String topic, String key, String payload, String traceparent) {}

    /** The oldest {@code limit} rows, when this transaction got the relay lock (none otherwise). */
    public Uni<List<OutboxRow>> lockAndRead(SqlConnection connection, int limit) {
        return connection.preparedQuery(LOCK_AND_READ).execute(Tuple.of(RELAY_LOCK, limit)).map(rows -> {
            List<OutboxRow> out = new ArrayList<>(rows.size());
            for (Row r : rows) {
                out.add(new OutboxRow(r.getLong("seq"), r.getString("topic"), r.getString("kafka_key"), r.getString(
                        "payload"),
                        r.getString("traceparent")));
            }
            return out;
        });
    }

    /** Deletes the relayed rows; returns how many. */
    public Uni<Integer> delete(SqlConnection connection, Long[] seqs) {
        if (seqs.length == 0) {
            return Uni.createFrom().item(0);
        }
        return connection.preparedQuery(DELETE).execute(Tuple.tuple().addArrayOfLong(seqs)).map(rs -> rs.rowCount());
    }
}
