package io.earshot.escalation.queues;

import io.earshot.escalation.audit.AuditLog;
import io.earshot.platform.db.SqlValues;
import io.earshot.platform.http.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hibernate.reactive.mutiny.Mutiny;

/** Queue schedules and SLA policies in PostgreSQL, and the SLA due times they give a case. */
@ApplicationScoped
public class QueueService {
    private static final String COLUMNS = "name, time_zone, coverage, open_time, close_time, days, holidays,"
            + " pause_outside_coverage, escalation";

    /** When a case must be acknowledged and resolved. */
    public record Dues(Instant ackDue, Instant resolveDue) {}

    private final AuditLog audit;
    private final Clock clock;

    public QueueService(AuditLog audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
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

    /** The stored config of {@code name}; 404 for a queue nobody configured (its defaults apply only to cases). */
    @WithSession
    public Uni<QueueConfig> configured(String name) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery("select " + COLUMNS
                + " from queues where name = ?1",
                Object[].class).setParameter(1, name).getResultList())
                .map(rows -> {
                    if (rows.isEmpty()) {
                        throw ProblemException.notFound("queue " + name);
                    }
                    return config(rows.get(0));
                });
    }

    /** The names of the configured queues, sorted. */
    public Uni<List<String>> names(Mutiny.Session s) {
        return s.createNativeQuery("select name from queues order by name", String.class).getResultList();
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
                .flatMap(v -> retime(s, before, q, actor))
                .replaceWith(q)));
    }

    /** A case's running SLA clocks, as {@link #retime} reads and rewrites them. */
    public record Clocks(Instant ackDue, Instant resolveDue) {}

    /**
     * The clocks of one open case after its queue's calendar changed from {@code was} to {@code now} (null: the clock
     * never pauses): each clock still running at {@code at} keeps the covered time it had left under the old calendar,
     * and the new calendar decides when that time is spent. A stopped clock (acknowledged, breached or past) is kept.
     */
    public static Clocks retimed(Coverage was, Coverage now, Instant at, Clocks c, boolean ackRunning,
            boolean resolveRunning) {
        return new Clocks(ackRunning ? moved(was, now, at, c.ackDue()) : c.ackDue(),
                resolveRunning ? moved(was, now, at, c.resolveDue()) : c.resolveDue());
    }

    private static Instant moved(Coverage was, Coverage now, Instant at, Instant due) {
        if (due == null || !due.isAfter(at)) {
            return due;
        }
        Duration left = was == null ? Duration.between(at, due) : was.coveredBetween(at, due);
        // Microseconds, as PostgreSQL stores them, so that the audit entry says what the case holds.
        return (now == null ? at.plus(left) : now.addCovered(at, left)).truncatedTo(
                java.time.temporal.ChronoUnit.MICROS);
    }

    /**
     * A calendar change re-times the open cases whose SLA policy is this queue's (opened in it, or last transferred or
     * escalated to it), each re-timing audited as {@code case.retimed} with the due times before and after.
     */
    private Uni<Void> retime(Mutiny.Session s, QueueConfig before, QueueConfig after, String actor) {
        Coverage was = before.pauses() ? before.schedule() : null;
        Coverage now = after.pauses() ? after.schedule() : null;
        if (java.util.Objects.equals(was, now)) {
            return Uni.createFrom().voidItem();
        }
        Instant at = clock.instant();
        return s.createNativeQuery("""
                select id, ack_due_at, resolve_due_at, acknowledged_at is null and ack_breached_at is null,
                       resolve_breached_at is null
                from cases where status <> 'RESOLVED' and coalesce(policy_queue, queue) = ?1 order by id""",
                Object[].class).setParameter(1, after.name()).getResultList()
                .flatMap(rows -> {
                    List<AuditLog.Entry> entries = new java.util.ArrayList<>();
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Object[] r : rows) {
                        Clocks old = new Clocks(SqlValues.instant(r[1]), SqlValues.instant(r[2]));
                        if (old.ackDue() == null || old.resolveDue() == null) {
                            continue;
                        }
                        Clocks updated = retimed(was, now, at, old, (Boolean) r[3], (Boolean) r[4]);
                        if (updated.equals(old)) {
                            continue;
                        }
                        entries.add(audit.entry(actor, "case.retimed", "case", r[0].toString(), old, updated));
                        chain = chain.flatMap(v -> s.createNativeQuery("""
                                update cases set ack_due_at = ?2, resolve_due_at = ?3, version = version + 1
                                where id = ?1""").setParameter(1, r[0])
                                .setParameter(2, SqlValues.utc(updated.ackDue()))
                                .setParameter(3, SqlValues.utc(updated.resolveDue()))
                                .executeUpdate().replaceWithVoid());
                    }
                    return chain.flatMap(v -> audit.recordAll(s, entries));
                });
    }

    @WithSession
    public Uni<List<SlaPolicy>> policies() {
        return Panache.getSession().flatMap(s -> s.createNativeQuery(
                "select band, ack_within_seconds, resolve_within_seconds from sla_policies order by band",
                Object[].class)
                .getResultList()).map(rows -> rows.stream().map(QueueService::policy).toList());
    }

    public Uni<SlaPolicy> policy(Mutiny.Session s, String band) {
        return s.createNativeQuery(
                "select band, ack_within_seconds, resolve_within_seconds from sla_policies where band = ?1",
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
        return Panache.getSession().flatMap(s -> policy(s, p.band()).flatMap(before -> s.createNativeQuery(
                """
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
        return distress
                ? get(s, queue).flatMap(q -> tightest(s).map(p -> dues(q, p, start)))
                : dues(s, queue, band, start);
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

    /**
     * The settings of the named queues (defaults for a queue nobody configured), read in one statement on the
     * connection of the caller's transaction (the case intake reads its batch's queues this way).
     */
    public static Uni<Map<String, QueueConfig>> configs(SqlClient c, Set<String> names) {
        return c.preparedQuery("select " + COLUMNS + " from queues where name = any($1)")
                .execute(Tuple.of(names.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, QueueConfig> out = new HashMap<>();
                    for (Row r : rows) {
                        QueueConfig q = new QueueConfig(r.getString("name"), r.getString("time_zone"), r.getString(
                                "coverage"),
                                r.getLocalTime("open_time"), r.getLocalTime("close_time"),
                                split(r.getString("days")).stream().map(Integer::valueOf).toList(),
                                split(r.getString("holidays")).stream().map(LocalDate::parse).toList(),
                                r.getBoolean("pause_outside_coverage"), split(r.getString("escalation")));
                        out.put(q.name(), q);
                    }
                    names.forEach(n -> out.computeIfAbsent(n, QueueConfig::defaults));
                    return out;
                });
    }

    /** Every SLA policy by band, one statement on the caller's connection; {@link #TIGHTEST} keys the tightest. */
    public static Uni<Map<String, SlaPolicy>> policies(SqlClient c) {
        return c.preparedQuery("""
                select band, ack_within_seconds, resolve_within_seconds from sla_policies
                order by ack_within_seconds, resolve_within_seconds, band""").execute()
                .map(rows -> {
                    Map<String, SlaPolicy> out = new HashMap<>();
                    for (Row r : rows) {
                        SlaPolicy p = new SlaPolicy(r.getString("band"), Duration.ofSeconds(r.getLong(
                                "ack_within_seconds")),
                                Duration.ofSeconds(r.getLong("resolve_within_seconds")));
                        out.putIfAbsent(TIGHTEST, p);
                        out.put(p.band(), p);
                    }
                    return out;
                });
    }

    /** The key of the tightest policy in {@link #policies(SqlClient)} (not a band name). */
    public static final String TIGHTEST = "\u0000tightest";

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
        return new SlaPolicy((String) r[0], Duration.ofSeconds(SqlValues.number(r[1])), Duration.ofSeconds(SqlValues
                .number(r[2])));
    }
}
