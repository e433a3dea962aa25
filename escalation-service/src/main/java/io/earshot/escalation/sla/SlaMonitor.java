package io.earshot.escalation.sla;

import io.earshot.contracts.events.CaseEvent;
import io.earshot.escalation.audit.AuditLog;
import io.earshot.escalation.cases.CaseEntity;
import io.earshot.escalation.cases.CaseEvents;
import io.earshot.escalation.distress.DistressService;
import io.earshot.escalation.queues.QueueService;
import io.earshot.platform.db.SqlValues;
import io.earshot.platform.vertx.SafeContext;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Checks SLA clocks every {@code earshot.sla.check-interval} (0 = never; tests call {@link #check()}). A case not
 * acknowledged by its ack due time, or not resolved by its resolve due time, has breached: it escalates to the next
 * level of the escalation policy of the queue it was opened in or last transferred to (moved there, open, with fresh
 * due times) and ESCALATED is published; at the end of the policy the breach is recorded and SLA_BREACHED is published.
 * A distress case runs on the tightest SLA policy, and every miss also pages the next level (the queue it escalates
 * to, or its last level again when the policy is exhausted): PAGED is published and audited. Each breach is handled once: the update is
 * conditional on the case's version, so two monitors (or a monitor and an agent) cannot both act on it.
 */
@ApplicationScoped
public class SlaMonitor {
    private static final Logger LOG = Logger.getLogger(SlaMonitor.class);
    private static final String DUE = """
            select id from cases where status <> 'RESOLVED' and (
                (acknowledged_at is null and ack_breached_at is null and ack_due_at <= ?1)
                or (resolve_breached_at is null and resolve_due_at <= ?1))
            order by least(ack_due_at, resolve_due_at) limit ?2""";

    /** What one check did. */
    public record Report(int escalated, int breached) {}

    private final QueueService queues;
    private final DistressService distress;
    private final CaseEvents events;
    private final AuditLog audit;
    private final Clock clock;
    private final Vertx vertx;
    private final Duration interval;
    private final int batch;
    private long timer = -1;

    public SlaMonitor(QueueService queues, DistressService distress, CaseEvents events, AuditLog audit, Clock clock,
            Vertx vertx,
            SlaSettings settings) {
        this.queues = queues;
        this.distress = distress;
        this.events = events;
        this.audit = audit;
        this.clock = clock;
        this.vertx = vertx;
        this.interval = settings.checkInterval();
        this.batch = settings.batch();
    }

    void start(@Observes StartupEvent ev) {
        if (!interval.isZero() && !interval.isNegative()) {
            timer = vertx.setPeriodic(interval.toMillis(), id -> Uni.createFrom().deferred(this::check)
                    .runSubscriptionOn(SafeContext.current(vertx))
                    .subscribe().with(r -> {}, f -> LOG.warnf("SLA check failed: %s", f.getMessage())));
        }
    }

    void stop(@Observes ShutdownEvent ev) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** One pass over the cases whose SLA is due at the clock's now. */
    public Uni<Report> check() {
        Instant now = clock.instant();
        return Panache.withSession(() -> Panache.getSession().flatMap(s -> s.createNativeQuery(DUE, UUID.class)
                .setParameter(1, SqlValues.utc(now)).setParameter(2, batch).getResultList()))
                .flatMap(ids -> Multi.createFrom().iterable(ids)
                        .onItem().transformToUniAndConcatenate(id -> Panache.withTransaction(() -> Panache.getSession()
                                .flatMap(s -> breach(s, id, now)))
                                .onFailure().recoverWithItem(f -> {
                                    LOG.debugf("SLA breach of case %s not handled now: %s", id, f.getMessage());
                                    return null;
                                }))
                        .collect().asList())
                .invoke(results -> events.kick())
                .map(results -> new Report((int) results.stream().filter(r -> r.type == CaseEvent.Type.ESCALATED)
                        .count(),
                        (int) results.stream().filter(r -> r.type == CaseEvent.Type.SLA_BREACHED).count()));
    }

    /** What a breach did to one case. */
    private record Breach(CaseEntity caseEntity, CaseEvent.Type type, String detail) {}

    private Uni<Breach> breach(Mutiny.Session s, UUID id, Instant now) {
        return s.find(CaseEntity.class, id).flatMap(c -> {
            boolean ack = c.acknowledgedAt == null && c.ackBreachedAt == null && c.ackDueAt != null
                    && !c.ackDueAt.toInstant().isAfter(now);
            boolean resolve = c.resolveBreachedAt == null && c.resolveDueAt != null && !c.resolveDueAt.toInstant()
                    .isAfter(now);
            if ("RESOLVED".equals(c.status) || (!ack && !resolve)) {
                return Uni.createFrom().nullItem();
            }
            String clockName = ack ? "time to acknowledge" : "time to resolve";
            var before = c.snapshot();
            return queues.get(s, c.policyQueue != null ? c.policyQueue : c.queue).flatMap(q -> {
                int level = c.escalationLevel + 1;
                String target = q.escalationTarget(level);
                if (target == null) {
                    if (ack) {
                        c.ackBreachedAt = SqlValues.utc(now);
                    }
                    if (resolve) {
                        c.resolveBreachedAt = SqlValues.utc(now);
                    }
                    c.updatedAt = SqlValues.utc(now);
                    Breach b = new Breach(c, CaseEvent.Type.SLA_BREACHED, clockName + " breached in " + c.queue
                            + "; escalation policy exhausted");
                    return s.flush().flatMap(v -> audit.record(s, "system", "case.sla-breached", "case", id.toString(),
                            before, c.snapshot())).flatMap(v -> events.enqueue(s, c, b.type, "system", b.detail))
                            .flatMap(v -> c.distressKind == null
                                    ? Uni.createFrom().voidItem()
                                    : distress.page(s, c, clockName, c.queue, c.escalationLevel))
                            .replaceWith(b);
                }
                String from = c.queue;
                c.escalationLevel = level;
                c.queue = target;
                c.status = "OPEN";
                c.assignee = null;
                c.ackBreachedAt = null;
                c.resolveBreachedAt = null;
                c.updatedAt = SqlValues.utc(now);
                return queues.dues(s, target, c.priorityBand, c.distressKind != null, now).flatMap(d -> {
                    if (c.acknowledgedAt == null) {
                        c.ackDueAt = SqlValues.utc(d.ackDue());
                    }
                    if (resolve) {
                        c.resolveDueAt = SqlValues.utc(d.resolveDue());
                    }
                    return s.flush();
                }).flatMap(v -> audit.record(s, "system", "case.escalated", "case", id.toString(), before, c
                        .snapshot()))
                        .flatMap(v -> events.enqueue(s, c, CaseEvent.Type.ESCALATED, "system",
                                clockName + " breached in " + from + "; escalated to " + target + " (level " + level
                                        + ")"))
                        .flatMap(v -> c.distressKind == null
                                ? Uni.createFrom().voidItem()
                                : distress.page(s, c, clockName, target, level))
                        .replaceWith(new Breach(c, CaseEvent.Type.ESCALATED, null));
            });
        });
    }
}
