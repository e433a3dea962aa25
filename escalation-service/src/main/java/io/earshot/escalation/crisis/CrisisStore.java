package io.earshot.escalation.crisis;

import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.CrisisAlert;
import io.earshot.contracts.events.CrisisAlert.State;
import io.earshot.platform.http.Page;
import io.earshot.platform.http.PageCursor;
import io.earshot.platform.http.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Crises in PostgreSQL, and the outbox of their alerts. One crisis per stream is open at a time (a partial unique
 * index), so a replay, a restart or a second replica never opens it twice: an OPEN that finds a crisis already open
 * becomes an update of that one. Every alert to publish is written to {@code crisis_alerts} in the same transaction.
 * UPDATED alerts are rate-limited in stream time ({@code updateInterval}) unless the severity rose.
 */
@ApplicationScoped
public class CrisisStore {
    private static final String INSERT_OPEN = """
            insert into crises (id, brand, topic, state, severity, score, volume, baseline, negative_share,
                                excluded_volume, spread, last_alert, opened_at, updated_at, last_published_at)
            values (?1, ?2, ?3, 'OPEN', ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, ?12)
            on conflict do nothing""";
    private static final String OUTBOX = "insert into crisis_alerts (crisis_id, state, payload) values (?1, ?2, ?3)";

    /** One outbox row. */
    public record Pending(long seq, String payload) {}

    private final Duration updateInterval;

    public CrisisStore(CrisisSettings settings) {
        this.updateInterval = settings.updateInterval();
    }

    static String topicColumn(String topic) {
        return topic == null ? "" : topic;
    }

    /** Stores what the detector concluded; returns the alert that will be published, empty when it is suppressed. */
    @WithTransaction
    public Uni<Optional<CrisisAlert>> apply(CrisisAlert alert) {
        return Panache.getSession().flatMap(session -> switch (alert.state()) {
            case OPEN -> open(session, alert);
            case UPDATED -> openOf(alert).flatMap(c -> c == null ? none() : update(session, c, alert, false));
            case RESOLVED -> openOf(alert).flatMap(c -> c == null ? none() : resolve(session, c, alert));
        });
    }

    private Uni<Optional<CrisisAlert>> open(Mutiny.Session session, CrisisAlert alert) {
        OffsetDateTime at = alert.at().atOffset(ZoneOffset.UTC);
        return session.createNativeQuery(INSERT_OPEN)
                .setParameter(1, alert.id())
                .setParameter(2, alert.brand())
                .setParameter(3, topicColumn(alert.topic()))
                .setParameter(4, alert.severity().name())
                .setParameter(5, alert.score())
                .setParameter(6, alert.volume())
                .setParameter(7, alert.baseline())
                .setParameter(8, alert.negativeShare())
                .setParameter(9, alert.excludedVolume() == null ? 0L : alert.excludedVolume())
                .setParameter(10, alert.spread() == null ? null : alert.spread().name())
                .setParameter(11, EventCodec.encode(alert))
                .setParameter(12, at)
                .executeUpdate()
                .flatMap(inserted -> {
                    if (inserted == 1) {
                        return outbox(session, alert);
                    }
                    // Already open (another replica, or a replay after a restart): the same crisis grows.
                    return openOf(alert).flatMap(c -> c == null || c.id.equals(alert.id())
                            ? none()
                            : update(session, c, alert, true));
                });
    }

    private Uni<Optional<CrisisAlert>> update(Mutiny.Session session, CrisisEntity c, CrisisAlert alert,
            boolean reopened) {
        CrisisAlert stored = alert.as(c.id, State.UPDATED);
        boolean rose = CrisisAlert.Severity.valueOf(c.severity).compareTo(alert.severity()) < 0;
        boolean due = c.lastPublishedAt == null
                || !alert.at().isBefore(c.lastPublishedAt.toInstant().plus(updateInterval));
        boolean newer = !alert.at().isBefore(c.updatedAt.toInstant());
        if (!newer) {
            return none(); // a replay of minutes this crisis has already seen
        }
        c.state = State.UPDATED.name();
        c.severity = alert.severity().name();
        c.score = alert.score();
        c.volume = alert.volume();
        c.baseline = alert.baseline();
        c.negativeShare = alert.negativeShare();
        c.excludedVolume = alert.excludedVolume() == null ? c.excludedVolume : alert.excludedVolume();
        c.spread = alert.spread() == null ? c.spread : alert.spread().name();
        c.lastAlert = EventCodec.encode(stored);
        c.updatedAt = alert.at().atOffset(ZoneOffset.UTC);
        if (!(rose || due) || reopened && !rose) {
            return c.persist().replaceWith(Optional.empty());
        }
        c.lastPublishedAt = c.updatedAt;
        return c.persist().flatMap(x -> outbox(session, stored));
    }

    private Uni<Optional<CrisisAlert>> resolve(Mutiny.Session session, CrisisEntity c, CrisisAlert alert) {
        CrisisAlert stored = alert.as(c.id, State.RESOLVED);
        c.state = State.RESOLVED.name();
        c.lastAlert = EventCodec.encode(stored);
        c.updatedAt = alert.at().atOffset(ZoneOffset.UTC);
        c.resolvedAt = c.updatedAt;
        c.lastPublishedAt = c.updatedAt;
        return c.persist().flatMap(x -> outbox(session, stored));
    }

    private Uni<Optional<CrisisAlert>> outbox(Mutiny.Session session, CrisisAlert alert) {
        return session.createNativeQuery(OUTBOX)
                .setParameter(1, alert.id())
                .setParameter(2, alert.state().name())
                .setParameter(3, EventCodec.encode(alert))
                .executeUpdate()
                .replaceWith(Optional.of(alert));
    }

    private static Uni<Optional<CrisisAlert>> none() {
        return Uni.createFrom().item(Optional.empty());
    }

    private Uni<CrisisEntity> openOf(CrisisAlert alert) {
        return CrisisEntity.<CrisisEntity>find("brand = ?1 and topic = ?2 and state <> 'RESOLVED'", alert.brand(),
                topicColumn(alert.topic())).firstResult();
    }

    /** Every open crisis (to let a fresh detector continue them). */
    @WithSession
    public Uni<List<CrisisAlert>> openCrises() {
        return CrisisEntity.<CrisisEntity>list("state <> 'RESOLVED'")
                .map(l -> l.stream().map(c -> EventCodec.decode(c.lastAlert, CrisisAlert.class)).toList());
    }

    /** Up to {@code limit} alerts not yet published, oldest first, locked for this transaction. */
    public Uni<List<Pending>> pending(Mutiny.Session session, int limit) {
        return session.createNativeQuery("""
                select seq, payload from crisis_alerts where published_at is null order by seq
                limit ?1 for update skip locked""", Object[].class)
                .setParameter(1, limit)
                .getResultList()
                .map(rows -> rows.stream().map(r -> new Pending(((Number) r[0]).longValue(), (String) r[1])).toList());
    }

    public Uni<Integer> markPublished(Mutiny.Session session, long seq) {
        return session.createNativeQuery("update crisis_alerts set published_at = now() where seq = ?1")
                .setParameter(1, seq).executeUpdate();
    }

    /** Crises of the brands of {@code scope}, newest opened first, optionally of one brand and only the open ones. */
    @WithSession
    public Uni<Page<CrisisAlert>> list(io.earshot.platform.security.Scope scope, String brand, boolean openOnly,
            PageCursor cursor, int limit) {
        StringBuilder where = new StringBuilder("1 = 1");
        Map<String, Object> params = new HashMap<>();
        io.earshot.escalation.scope.ScopeFilter.restrict(where, params, scope, "brand", null);
        if (brand != null) {
            where.append(" and brand = :brand");
            params.put("brand", brand);
        }
        if (openOnly) {
            where.append(" and state <> 'RESOLVED'");
        }
        if (cursor != null) {
            where.append(" and (openedAt < :at or (openedAt = :at and id < :id))");
            params.put("at", cursor.at().atOffset(ZoneOffset.UTC));
            params.put("id", cursor.id());
        }
        return CrisisEntity.<CrisisEntity>find(where + " order by openedAt desc, id desc", params).range(0, limit)
                .list()
                .map(l -> {
                    List<CrisisAlert> items = l.stream().map(c -> EventCodec.decode(c.lastAlert, CrisisAlert.class))
                            .toList();
                    String next = l.size() < limit
                            ? null
                            : new PageCursor(l.get(l.size() - 1).openedAt.toInstant(), l.get(l.size() - 1).id).encode();
                    return new Page<>(items, next);
                });
    }

    /** One crisis with every alert it raised, oldest first. */
    @WithSession
    public Uni<CrisisHistory> get(UUID id) {
        return CrisisEntity.<CrisisEntity>findById(id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("crisis " + id))
                .flatMap(c -> Panache.getSession().flatMap(s -> s
                        .createNativeQuery("select payload from crisis_alerts where crisis_id = ?1 order by seq",
                                String.class)
                        .setParameter(1, id).getResultList())
                        .map(p -> new CrisisHistory(EventCodec.decode(c.lastAlert, CrisisAlert.class), c.state,
                                c.openedAt.toInstant(), c.resolvedAt == null ? null : c.resolvedAt.toInstant(),
                                p.stream().map(x -> EventCodec.decode(x, CrisisAlert.class)).toList())));
    }

    /** A crisis as the dashboard shows it: its latest alert and every alert it raised. */
    public record CrisisHistory(CrisisAlert latest, String state, Instant openedAt, Instant resolvedAt,
            List<CrisisAlert> alerts) {}
}
