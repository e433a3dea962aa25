package io.earshot.map.review;

import io.earshot.contracts.events.InsightCandidate;
import io.earshot.contracts.http.Page;
import io.earshot.contracts.http.PageCursor;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.earshot.map.maps.MapStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** Persistence of insight candidates: idempotent insert, lookup and keyset-paginated listing. */
@ApplicationScoped
public class CandidateStore {
    /** The persona of candidates that name none. */
    public static final String DEFAULT_PERSONA = "default";

    private static final String INSERT = """
            insert into candidates (id, brand, persona, zone, text, theme, evidence_mention_ids, count, first_seen, last_seen,
                                    status, trace_id)
            values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'PENDING', ?11)
            on conflict (id) do nothing""";

    private static final String AUTO_VALIDATE = """
            update candidates set status = 'VALIDATED', item_id = ?2, reviewed_by = 'auto', reviewed_at = now()
            where id = ?1 and status = 'PENDING'""";

    @Inject
    MapStore maps;

    /**
     * Stores a candidate as PENDING in its own transaction; true when it was new, false when it was stored already
     * (a redelivery). A new candidate whose brand, persona, zone and theme match an ACTIVE (analyst-validated) map
     * item is attached to it as evidence at once and marked VALIDATED by {@code auto}; a new theme always waits for
     * an analyst. Must run on a safe Vert.x duplicated context.
     */
    public Uni<Boolean> insert(InsightCandidate c, String traceId) {
        return Panache.withTransaction(() -> store(c, traceId).call(inserted -> inserted && c.theme() != null
                ? autoAttach(c)
                : Uni.createFrom().voidItem()));
    }

    private Uni<Void> autoAttach(InsightCandidate c) {
        String brand = c.brand().trim().toLowerCase(Locale.ROOT);
        String persona = c.persona() == null || c.persona().isBlank() ? DEFAULT_PERSONA : c.persona();
        return maps.activeItem(brand, persona, c.zone(), c.theme()).flatMap(item -> item == null
                ? Uni.createFrom().voidItem()
                : maps.attach(item.id, c.id())
                        .chain(() -> Panache.getSession().flatMap(s -> s.createNativeQuery(AUTO_VALIDATE)
                                .setParameter(1, c.id()).setParameter(2, item.id).executeUpdate()))
                        .replaceWithVoid());
    }

    private Uni<Boolean> store(InsightCandidate c, String traceId) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(INSERT)
                .setParameter(1, c.id())
                .setParameter(2, c.brand().trim().toLowerCase(Locale.ROOT))
                .setParameter(3, c.persona())
                .setParameter(4, c.zone().name())
                .setParameter(5, c.text())
                .setParameter(6, c.theme())
                .setParameter(7, c.evidenceMentionIds().toArray(new UUID[0]))
                .setParameter(8, c.count())
                .setParameter(9, offset(c.firstSeen()))
                .setParameter(10, offset(c.lastSeen()))
                .setParameter(11, traceId)
                .executeUpdate())
                .map(rows -> rows > 0);
    }

    @WithSession
    public Uni<CandidateEntity> find(UUID id) {
        return CandidateEntity.findById(id);
    }

    /** Up to {@code limit} candidates after {@code after} (newest first), filtered by status and brand when given. */
    @WithSession
    public Uni<Page<CandidateView>> list(CandidateStatus status, String brand, int limit, PageCursor after) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (status != null) {
            where.add("status = :status");
            params.put("status", status);
        }
        if (brand != null) {
            where.add("brand = :brand");
            params.put("brand", brand.toLowerCase(Locale.ROOT));
        }
        if (after != null) {
            where.add("(receivedAt < :ts or (receivedAt = :ts and id < :id))");
            params.put("ts", offset(after.at()));
            params.put("id", after.id());
        }
        String query = where.isEmpty() ? "from CandidateEntity" : "from CandidateEntity where " + String.join(" and ", where);
        return CandidateEntity.<CandidateEntity>find(query, Sort.descending("receivedAt", "id"), params)
                .range(0, limit) // one more than asked for, to know whether there is a next page
                .list()
                .map(rows -> {
                    boolean more = rows.size() > limit;
                    List<CandidateEntity> page = more ? rows.subList(0, limit) : rows;
                    String next = null;
                    if (more) {
                        CandidateEntity last = page.get(page.size() - 1);
                        next = new PageCursor(last.receivedAt.toInstant(), last.id).encode();
                    }
                    return new Page<CandidateView>(page.stream().map(CandidateView::of).toList(), next);
                });
    }

    private static OffsetDateTime offset(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
