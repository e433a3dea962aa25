package io.earshot.escalation.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.platform.db.SqlValues;
import io.earshot.platform.http.Page;
import io.earshot.platform.http.PageCursor;
import io.earshot.platform.security.Roles;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "audit")
public class AuditResource {

    /** One audit entry; {@code before}/{@code after} are the JSON states around the action (null when none). */
    public record Entry(UUID id, Instant at, String actor, String action, String entityType, String entityId,
            JsonNode before, JsonNode after) {}

    @GET
    @RolesAllowed(Roles.ADMIN)
    @WithSession
    @Operation(summary = "The audit log, newest first, optionally for one entity type and id")
    public Uni<Page<Entry>> list(@QueryParam("entityType") String entityType, @QueryParam("entityId") String entityId,
            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        PageCursor after = PageCursor.decode(cursor);
        int n = PageCursor.limit(limit, 50, 500);
        String sql = """
                select id, at, actor, action, entity_type, entity_id, before_json, after_json from audit_log
                where (cast(?1 as varchar) is null or entity_type = ?1) and (cast(?2 as varchar) is null or entity_id = ?2)
                  and (cast(?3 as timestamptz) is null or at < ?3 or (at = ?3 and id < ?4))
                order by at desc, id desc limit ?5""";
        return Panache.getSession().flatMap(s -> s.createNativeQuery(sql, Object[].class)
                .setParameter(1, entityType)
                .setParameter(2, entityId)
                .setParameter(3, after == null ? null : after.at().atOffset(ZoneOffset.UTC))
                .setParameter(4, after == null ? new UUID(0, 0) : after.id())
                .setParameter(5, n)
                .getResultList())
                .map(rows -> {
                    List<Entry> entries = rows.stream().map(r -> new Entry((UUID) r[0], SqlValues.instant(r[1]),
                            (String) r[2], (String) r[3], (String) r[4], (String) r[5], tree((String) r[6]), tree(
                                    (String) r[7])))
                            .toList();
                    String next = entries.size() < n
                            ? null
                            : new PageCursor(entries.get(n - 1).at(), entries.get(n - 1).id()).encode();
                    return new Page<>(entries, next);
                });
    }

    private static JsonNode tree(String json) {
        if (json == null) {
            return null;
        }
        try {
            return EventCodec.mapper().readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return EventCodec.mapper().getNodeFactory().textNode(json);
        }
    }
}
