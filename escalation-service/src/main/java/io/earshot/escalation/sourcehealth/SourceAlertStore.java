package io.earshot.escalation.sourcehealth;

import io.earshot.contracts.events.SourceHealth;
import io.earshot.platform.db.SqlValues;
import io.earshot.platform.http.Page;
import io.earshot.platform.http.PageCursor;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Source-silent alerts in PostgreSQL, and the low-coverage spans of each brand they imply. */
@ApplicationScoped
public class SourceAlertStore {
    /**
     * An alert as the API shows it; {@code recoveredAt} null while the source is still silent; {@code expectedGap} an
     * ISO-8601 duration.
     */
    public record SourceAlert(UUID id, UUID sourceId, String kind, String brand, SourceHealth.Reason reason,
            SourceHealth.State state, Instant since, Instant lastArrivalAt, String expectedGap, int consecutiveFailures,
            String lastError, Instant openedAt, Instant recoveredAt) {}

    /** A span of low coverage of a brand: from {@code from} until {@code until} (null: still open). */
    public record Gap(String brand, Instant from, Instant until, UUID alertId) {
        public boolean covers(Instant minuteStart) {
            Instant minuteEnd = minuteStart.plusSeconds(60);
            return from.isBefore(minuteEnd) && (until == null || until.isAfter(minuteStart));
        }
    }

    /** Low-coverage spans per brand. */
    public record Coverage(Map<String, List<Gap>> gaps) {
        public static final Coverage FULL = new Coverage(Map.of());

        public boolean low(String brand, Instant minuteStart) {
            List<Gap> g = gaps.get(brand);
            return g != null && g.stream().anyMatch(x -> x.covers(minuteStart));
        }

        public List<Gap> of(String brand) {
            return gaps.getOrDefault(brand, List.of());
        }
    }

    private static final String COLUMNS = """
            select id, source_id, kind, brand, reason, state, since, last_arrival_at, expected_gap_ms, failures, last_error,
                   opened_at, recovered_at from source_alerts""";

    /** Stores a SILENT (opens) or RECOVERED (closes) event; redeliveries and replays change nothing. */
    @WithTransaction
    public Uni<Boolean> apply(SourceHealth e) {
        boolean silent = e.state() == SourceHealth.State.SILENT;
        return Panache.getSession().flatMap(s -> s.createNativeQuery(
                """
                        insert into source_alerts (id, source_id, kind, brand, reason, state, since, last_arrival_at, expected_gap_ms,
                                                   failures, last_error, opened_at, recovered_at)
                        values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
                        on conflict (id) do update set state = excluded.state, recovered_at = excluded.recovered_at
                        where source_alerts.state = 'SILENT' and excluded.state = 'RECOVERED'""")
                .setParameter(1, e.id()).setParameter(2, e.sourceId()).setParameter(3, e.kind())
                .setParameter(4, e.brand()).setParameter(5, e.reason().name()).setParameter(6, e.state().name())
                .setParameter(7, SqlValues.utc(e.since() == null ? e.at() : e.since()))
                .setParameter(8, SqlValues.utc(e.lastArrivalAt()))
                .setParameter(9, e.expectedGap() == null ? null : e.expectedGap().toMillis())
                .setParameter(10, e.consecutiveFailures()).setParameter(11, e.lastError())
                .setParameter(12, SqlValues.utc(e.at())).setParameter(13, silent ? null : SqlValues.utc(e.at()))
                .executeUpdate().map(n -> n > 0));
    }

    @WithSession
    public Uni<Page<SourceAlert>> list(io.earshot.platform.security.Scope scope, String brand, boolean openOnly,
            PageCursor after, int limit) {
        String sql = COLUMNS + """
                 where (cast(?1 as varchar) is null or brand = ?1) and (?2 = false or state = 'SILENT')
                  and (?6 or brand = any(?7))
                  and (cast(?3 as timestamptz) is null or opened_at < ?3 or (opened_at = ?3 and id < ?4))
                order by opened_at desc, id desc limit ?5""";
        return Panache.getSession().flatMap(s -> s.createNativeQuery(sql, Object[].class)
                .setParameter(1, brand).setParameter(2, openOnly)
                .setParameter(3, after == null ? null : SqlValues.utc(after.at()))
                .setParameter(4, after == null ? new UUID(0, 0) : after.id()).setParameter(5, limit)
                .setParameter(6, scope.allBrands()).setParameter(7, scope.brands().toArray(String[]::new))
                .getResultList())
                .map(rows -> {
                    List<SourceAlert> items = rows.stream().map(SourceAlertStore::alert).toList();
                    String next = items.size() < limit
                            ? null
                            : new PageCursor(items.get(limit - 1).openedAt(), items.get(limit - 1).id()).encode();
                    return new Page<>(items, next);
                });
    }

    /** The low-coverage spans that end after {@code since} (or are still open), per brand. */
    @WithSession
    public Uni<Coverage> coverage(Instant since) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery(
                "select brand, since, recovered_at, id from source_alerts where recovered_at is null or recovered_at > ?1",
                Object[].class).setParameter(1, SqlValues.utc(since)).getResultList())
                .map(rows -> {
                    if (rows.isEmpty()) {
                        return Coverage.FULL;
                    }
                    Map<String, List<Gap>> gaps = new HashMap<>();
                    for (Object[] r : rows) {
                        gaps.computeIfAbsent((String) r[0], k -> new ArrayList<>())
                                .add(new Gap((String) r[0], SqlValues.instant(r[1]), SqlValues.instant(r[2]),
                                        (UUID) r[3]));
                    }
                    return new Coverage(gaps);
                });
    }

    private static SourceAlert alert(Object[] r) {
        return new SourceAlert((UUID) r[0], (UUID) r[1], (String) r[2], (String) r[3],
                SourceHealth.Reason.valueOf((String) r[4]), SourceHealth.State.valueOf((String) r[5]), SqlValues
                        .instant(r[6]),
                SqlValues.instant(r[7]), r[8] == null
                        ? null
                        : Duration.ofMillis(((Number) r[8]).longValue()).toString(),
                ((Number) r[9]).intValue(), (String) r[10], SqlValues.instant(r[11]), SqlValues.instant(r[12]));
    }
}
