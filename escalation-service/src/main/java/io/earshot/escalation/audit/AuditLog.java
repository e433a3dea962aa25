package io.earshot.escalation.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.earshot.contracts.codec.EventCodec;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Appends one entry per action to {@code audit_log} inside the caller's transaction, so an action and its audit
 * entry are stored together or not at all. The table refuses updates and deletes (trigger).
 */
@ApplicationScoped
public class AuditLog {
    private static final String INSERT = """
            insert into audit_log (id, at, actor, action, entity_type, entity_id, before_json, after_json)
            values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)""";

    private final Clock clock;

    public AuditLog(Clock clock) {
        this.clock = clock;
    }

    public Uni<Void> record(Mutiny.Session session, String actor, String action, String entityType, String entityId,
            Object before, Object after) {
        return session.createNativeQuery(INSERT)
                .setParameter(1, UUID.randomUUID())
                .setParameter(2, clock.instant().atOffset(ZoneOffset.UTC))
                .setParameter(3, actor)
                .setParameter(4, action)
                .setParameter(5, entityType)
                .setParameter(6, entityId)
                .setParameter(7, json(before))
                .setParameter(8, json(after))
                .executeUpdate()
                .replaceWithVoid();
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
