package io.earshot.escalation.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.platform.db.Sql;
import io.earshot.platform.db.SqlValues;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Appends one entry per action to {@code audit_log} inside the caller's transaction, so an action and its audit
 * entry are stored together or not at all. The table refuses updates and deletes (trigger).
 */
@ApplicationScoped
public class AuditLog {
    /** Entries in the order given, in one statement (for both clients, see {@link Sql}). */
    private static final String INSERT = """
            insert into audit_log (id, at, actor, action, entity_type, entity_id, before_json, after_json)
            select id, at, actor, action, entity_type, entity_id, before_json, after_json
              from unnest(cast($1 as uuid[]), cast(cast($2 as text[]) as timestamptz[]), cast($3 as text[]),
                          cast($4 as text[]), cast($5 as text[]), cast($6 as text[]), cast($7 as text[]), cast($8 as text[]))
                   with ordinality as e(id, at, actor, action, entity_type, entity_id, before_json, after_json, ord)
             order by ord""";
    private static final String INSERT_HIBERNATE = Sql.hibernate(INSERT);

    /** One audit entry, its values encoded, to be stored with {@link #recordAll}. */
    public record Entry(UUID id, OffsetDateTime at, String actor, String action, String entityType, String entityId,
            String beforeJson, String afterJson) {}

    private final Clock clock;

    public AuditLog(Clock clock) {
        this.clock = clock;
    }

    public Uni<Void> record(Mutiny.Session session, String actor, String action, String entityType, String entityId,
            Object before, Object after) {
        return recordAll(session, List.of(entry(actor, action, entityType, entityId, before, after)));
    }

    /** An entry as {@link #record} would store it now, for a batch that stores its entries together. */
    public Entry entry(String actor, String action, String entityType, String entityId, Object before, Object after) {
        return new Entry(UUID.randomUUID(), clock.instant().atOffset(ZoneOffset.UTC), actor, action, entityType,
                entityId,
                json(before), json(after));
    }

    /** Stores the entries, in order, inside the caller's transaction (one statement). */
    public Uni<Void> recordAll(Mutiny.Session session, List<Entry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Object[] values = values(entries);
        var query = session.createNativeQuery(INSERT_HIBERNATE);
        for (int i = 0; i < values.length; i++) {
            query.setParameter(i + 1, values[i]);
        }
        return query.executeUpdate().replaceWithVoid();
    }

    /** Stores the entries, in order, on the connection of the caller's transaction (the hot path; one statement). */
    public Uni<Void> recordAll(SqlClient connection, List<Entry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return connection.preparedQuery(INSERT).execute(Tuple.from(values(entries))).replaceWithVoid();
    }

    /** The statement's eight arrays. */
    private static Object[] values(List<Entry> entries) {
        int n = entries.size();
        UUID[] ids = new UUID[n];
        OffsetDateTime[] at = new OffsetDateTime[n];
        String[] actors = new String[n];
        String[] actions = new String[n];
        String[] types = new String[n];
        String[] entityIds = new String[n];
        String[] before = new String[n];
        String[] after = new String[n];
        for (int i = 0; i < n; i++) {
            Entry e = entries.get(i);
            ids[i] = e.id();
            at[i] = e.at();
            actors[i] = e.actor();
            actions[i] = e.action();
            types[i] = e.entityType();
            entityIds[i] = e.entityId();
            before[i] = e.beforeJson();
            after[i] = e.afterJson();
        }
        return new Object[]{ids, SqlValues.timestamps(at), actors, actions, types, entityIds, before, after};
    }

    public static String json(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            return s;
        }
        try {
            return EventCodec.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode audit value", e);
        }
    }
}
