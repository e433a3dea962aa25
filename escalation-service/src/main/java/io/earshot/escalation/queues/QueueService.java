package io.earshot.escalation.queues;

import io.earshot.contracts.http.ProblemException;
import io.earshot.escalation.audit.AuditLog;
import io.earshot.contracts.db.SqlValues;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;

/** Queue schedules and SLA policies in PostgreSQL, and the SLA due times they give a case. */
@ApplicationScoped
public class QueueService {
    private static final String COLUMNS = "name, time_zone, coverage, open_time, close_time, days, holidays,"
            + " pause_outside_coverage, escalation";

    /** When a case must be acknowledged and resolved. */
    public record Dues(Instant ackDue, Instant resolveDue) {
    }

    private final AuditLog audit;

    public QueueService(AuditLog audit) {
        this.audit = audit;
    }

    @WithSession
    public Uni<List<QueueConfig>> list() {
        return Panache.getSession().flatMap(s -> s.createNativeQuery("select " + COLUMNS + " from queues order by name",
                Object[].class).getResultList()).map(rows -> rows.stream().map(QueueService::config).toList());
    }

    /** The stored config of {@code name}, or the default (24/7 UTC, no escalation) for a queue nobody configured. */
    public Uni<QueueConfig> get(Mutiny.Session s, String name) {
        return s.createNativeQuery("select " + COLUMNS + " from queues where name = ?1", Object[].class)
                .setParameter(1, name).getResultList()
                .map(rows -> rows.isEmpty() ? QueueConfig.defaults(name) : config(rows.get(0)));
    }

    @WithSession
    public Uni<QueueConfig> get(String name) {
        return Panache.getSession().flatMap(s -> get(s, name));
    }

    @WithTransaction
    public Uni<QueueConfig> put(QueueConfig q, String actor) {
        return Panache.getSession().flatMap(s -> get(s, q.name()).flatMap(before -> s.createNativeQuery("""
                insert into queues (name, time_zone, coverage, open_time, close_time, days, holidays,
                                    pause_outside_coverage, escalation, updated_by, updated_at)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, now())
                on conflict (name) do update set time_zone = excluded.time_zone, coverage = excluded.coverage,
                    open_time = excluded.open_time, close_time = excluded.close_time, days = excluded.days,
                    holidays = excluded.holidays, pause_outside_coverage = excluded.pause_outside_coverage,
                    escalation = excluded.escalation, updated_by = excluded.updated_by, updated_at = now()""")
                .setParameter(1, q.name()).setParameter(2, q.timeZone()).setParameter(3, q.coverage())
                .setParameter(4, q.open()).setParameter(5, q.close())
                .setParameter(6, String.join(",", q.days().stream().map(String::valueOf).toList()))
                .setParameter(7, String.join(",", q.holidays().stream().map(LocalDate::toString).toList()))
                .setParameter(8, q.pauses()).setParameter(9, String.join(",", q.escalation())).setParameter(10, actor)
                .executeUpdate()
                .flatMap(n -> audit.record(s, actor, "queue.saved", "queue", q.name(), before, q))
                .replaceWith(q)));
    }

    @WithSession
    public Uni<List<SlaPolicy>> policies() {
        return Panache.getSession().flatMap(s -> s.createNativeQuery(
                "select band, ack_within_seconds, resolve_within_seconds from sla_policies order by band", Object[].class)
                .getResultList()).map(rows -> rows.stream().map(QueueService::policy).toList());
    }

    public Uni<SlaPolicy> policy(Mutiny.Session s, String band) {
        return s.createNativeQuery("select band, ack_within_seconds, resolve_within_seconds from sla_policies where band = ?1",
                Object[].class).setParameter(1, band).getResultList()
                .map(rows -> {
                    if (rows.isEmpty()) {
                        throw ProblemException.notFound("SLA policy " + band);
                    }
                    return policy(rows.get(0));
                });
    }

    @WithTransaction
    public Uni<SlaPolicy> putPolicy(SlaPolicy p, String actor) {
        return Panache.getSession().flatMap(s -> policy(s, p.band()).flatMap(before -> s.createNativeQuery("""
                update sla_policies set ack_within_seconds = ?2, resolve_within_seconds = ?3, updated_by = ?4, updated_at = now()
                where band = ?1""")
                .setParameter(1, p.band()).setParameter(2, p.ackWithin().toSeconds())
                .setParameter(3, p.resolveWithin().toSeconds()).setParameter(4, actor).executeUpdate()
                .flatMap(n -> audit.record(s, actor, "sla-policy.saved", "sla-policy", p.band(), before, p))
                .replaceWith(p)));
    }

    /** Due times for a case of {@code band} entering {@code queue} at {@code start}. */
    public Uni<Dues> dues(Mutiny.Session s, String queue, String band, Instant start) {
        return get(s, queue).flatMap(q -> policy(s, band).map(p -> dues(q, p, start)));
    }

    /** As {@link #dues(Mutiny.Session, String, String, Instant)}, but a distress case runs on the tightest policy. */
    public Uni<Dues> dues(Mutiny.Session s, String queue, String band, boolean distress, Instant start) {
        return distress ? get(s, queue).flatMap(q -> tightest(s).map(p -> dues(q, p, start))) : dues(s, queue, band, start);
    }

    /** The tightest SLA policy: the shortest time to acknowledge, then to resolve (distress cases run on it). */
    public Uni<SlaPolicy> tightest(Mutiny.Session s) {
        return s.createNativeQuery("""
                select band, ack_within_seconds, resolve_within_seconds from sla_policies
                order by ack_within_seconds, resolve_within_seconds, band limit 1""", Object[].class).getResultList()
                .map(rows -> {
                    if (rows.isEmpty()) {
                        throw ProblemException.notFound("SLA policy");
                    }
                    return policy(rows.get(0));
                });
    }

    public static Dues dues(QueueConfig q, SlaPolicy p, Instant start) {
        if (!q.pauses()) {
            return new Dues(start.plus(p.ackWithin()), start.plus(p.resolveWithin()));
        }
        Coverage c = q.schedule();
        return new Dues(c.addCovered(start, p.ackWithin()), c.addCovered(start, p.resolveWithin()));
    }

    private static QueueConfig config(Object[] r) {
        return new QueueConfig((String) r[0], (String) r[1], (String) r[2], time(r[3]), time(r[4]),
                split((String) r[5]).stream().map(Integer::valueOf).toList(),
                split((String) r[6]).stream().map(LocalDate::parse).toList(), (Boolean) r[7], split((String) r[8]));
    }

    private static LocalTime time(Object v) {
        if (v == null) {
            return null;
        }
        return v instanceof LocalTime t ? t : ((java.sql.Time) v).toLocalTime();
    }

    private static List<String> split(String v) {
        return v == null || v.isBlank() ? List.of() : Arrays.stream(v.split(",")).map(String::trim).toList();
    }

    private static SlaPolicy policy(Object[] r) {
        return new SlaPolicy((String) r[0], Duration.ofSeconds(SqlValues.number(r[1])), Duration.ofSeconds(SqlValues.number(r[2])));
    }
}
