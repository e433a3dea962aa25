package io.earshot.escalation.cases;

import io.earshot.contracts.events.CaseEvent;
import io.earshot.escalation.audit.AuditLog;
import io.earshot.platform.http.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.OptimisticLockException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.hibernate.StaleObjectStateException;

/**
 * Carries out the work on cases: claim, acknowledge, hand back, transfer, resolve, note (Hibernate Reactive; the cases
 * are opened and joined by {@link CaseIntake} and read by {@link CaseQueries}). Every change is an optimistic-locked
 * update plus an audit entry and a case event in one transaction.
 */
@ApplicationScoped
public class CaseWork {
    private final AuditLog audit;
    private final CaseEvents events;
    private final Clock clock;
    private final io.earshot.escalation.conversations.ConversationEnds conversationEnds;

    public CaseWork(AuditLog audit, CaseEvents events, Clock clock,
            io.earshot.escalation.conversations.ConversationEnds conversationEnds) {
        this.audit = audit;
        this.events = events;
        this.clock = clock;
        this.conversationEnds = conversationEnds;
    }

    /**
     * Claims an open case for {@code agent}; a case someone else holds (or resolved) is a 409. Claiming is the first
     * human touch, so it also acknowledges (stops the time-to-acknowledge clock) when nobody has yet: otherwise a case
     * claimed, answered and resolved would count as never acknowledged in the SLA reports.
     */
    @WithTransaction
    public Uni<CaseEntity> claim(UUID id, String agent) {
        return act(id, agent, "case.claimed", CaseEvent.Type.CLAIMED, null, c -> {
            if ("CLAIMED".equals(c.status) && agent.equals(c.assignee)) {
                return;
            }
            requireStatus(c, "OPEN");
            c.status = "CLAIMED";
            c.assignee = agent;
            if (c.acknowledgedAt == null) {
                c.acknowledgedAt = now();
            }
        });
    }

    /** Acknowledges the case (stops the time-to-acknowledge clock); an open case is claimed at the same time. */
    @WithTransaction
    public Uni<CaseEntity> acknowledge(UUID id, String actor, boolean lead) {
        return act(id, actor, "case.acknowledged", CaseEvent.Type.ACKNOWLEDGED, null, c -> {
            if ("OPEN".equals(c.status)) {
                c.status = "CLAIMED";
                c.assignee = actor;
            }
            requireHolder(c, actor, lead);
            if (c.acknowledgedAt == null) {
                c.acknowledgedAt = now();
            }
        });
    }

    @WithTransaction
    public Uni<CaseEntity> handBack(UUID id, String actor, boolean lead) {
        return act(id, actor, "case.handed-back", CaseEvent.Type.HANDED_BACK, null, c -> {
            requireHolder(c, actor, lead);
            c.status = "OPEN";
            c.assignee = null;
        });
    }

    /** Moves the case to another queue, open there, or claimed by {@code assignee} when given. */
    @WithTransaction
    public Uni<CaseEntity> transfer(UUID id, String actor, String queue, String assignee) {
        return act(id, actor, "case.transferred", CaseEvent.Type.TRANSFERRED,
                "to " + queue + (assignee == null ? "" : " for " + assignee), c -> {
                    if ("RESOLVED".equals(c.status)) {
                        throw ProblemException.conflict("case " + id + " is resolved");
                    }
                    c.queue = queue;
                    c.policyQueue = queue;
                    c.escalationLevel = 0;
                    c.assignee = assignee;
                    c.status = assignee == null ? "OPEN" : "CLAIMED";
                });
    }

    /** Resolves the case; a live conversation it holds is handed back (its bot platform gets the end webhook). */
    @WithTransaction
    public Uni<CaseEntity> resolve(UUID id, String actor, boolean lead, String outcome) {
        // The conversation first, then the case: the intake's order (ConversationEnds.lock).
        return Panache.getSession().flatMap(s -> conversationEnds.lock(s, id)).chain(() -> act(id, actor,
                "case.resolved", CaseEvent.Type.RESOLVED, outcome, c -> {
                    requireHolder(c, actor, lead);
                    c.status = "RESOLVED";
                    c.outcome = outcome;
                    c.resolvedAt = now();
                    if (c.acknowledgedAt == null) {
                        c.acknowledgedAt = c.resolvedAt;
                    }
                })).call(c -> Panache.getSession().flatMap(s -> conversationEnds.end(s, id, "RESOLVED", "resolved",
                        actor,
                        now().toInstant())));
    }

    /** Adds a note; only the case's holder, or a lead, may note an unresolved case (409 otherwise). */
    @WithTransaction
    public Uni<CaseEntity> addNote(UUID id, String actor, boolean lead, String body) {
        UUID noteId = UUID.randomUUID();
        return Panache.getSession().flatMap(s -> s.find(CaseEntity.class, id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("case " + id))
                .invoke(c -> requireHolder(c, actor, lead))
                .flatMap(c -> s.createNativeQuery(
                        "insert into case_notes (id, case_id, author, body, created_at) values (?1, ?2, ?3, ?4, ?5)")
                        .setParameter(1, noteId).setParameter(2, id).setParameter(3, actor).setParameter(4, body)
                        .setParameter(5, now()).executeUpdate()
                        .flatMap(n -> audit.record(s, actor, "case.note-added", "case", id.toString(), null,
                                Map.of("noteId", noteId.toString(), "body", body)))
                        .flatMap(v -> events.enqueue(s, c, CaseEvent.Type.NOTE_ADDED, actor, noteId.toString()))
                        .replaceWith(c)));
    }

    /** Changes one case in the caller's transaction: {@code change} validates and mutates, then flush, audit, event. */
    public Uni<CaseEntity> act(UUID id, String actor, String action, CaseEvent.Type type, String detail,
            java.util.function.Consumer<CaseEntity> change) {
        return Panache.getSession().flatMap(s -> s.find(CaseEntity.class, id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("case " + id))
                .flatMap(c -> {
                    Map<String, Object> before = c.snapshot();
                    change.accept(c);
                    if (before.equals(c.snapshot())) {
                        return Uni.createFrom().item(c);
                    }
                    c.updatedAt = now();
                    return s.flush().replaceWith(c)
                            .flatMap(x -> audit.record(s, actor, action, "case", id.toString(), before, c.snapshot()))
                            .flatMap(x -> events.enqueue(s, c, type, actor, detail))
                            .replaceWith(c);
                }))
                .onFailure(CaseWork::stale)
                .transform(e -> ProblemException.conflict("case " + id
                        + " was changed by someone else just now; reload it"));
    }

    static boolean stale(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StaleObjectStateException || t instanceof OptimisticLockException) {
                return true;
            }
        }
        return false;
    }

    static void requireStatus(CaseEntity c, String status) {
        if (!status.equals(c.status)) {
            throw ProblemException.conflict("case " + c.id + " is " + c.status.toLowerCase()
                    + (c.assignee == null ? "" : " by " + c.assignee));
        }
    }

    /** The case must be claimed by {@code actor}; a lead may act on any unresolved case. */
    public static void requireHolder(CaseEntity c, String actor, boolean lead) {
        if ("RESOLVED".equals(c.status)) {
            throw ProblemException.conflict("case " + c.id + " is resolved");
        }
        if (!lead && !("CLAIMED".equals(c.status) && actor.equals(c.assignee))) {
            throw ProblemException.conflict("case " + c.id + " must be claimed by you first"
                    + (c.assignee == null ? "" : " (held by " + c.assignee + ")"));
        }
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }
}
