package io.earshot.escalation.distress;

import io.earshot.contracts.events.CaseEvent;
import io.earshot.escalation.audit.AuditLog;
import io.earshot.escalation.cases.CaseEntity;
import io.earshot.escalation.cases.CaseEvents;
import io.earshot.escalation.cases.CaseWork;
import io.earshot.escalation.queues.QueueService;
import io.earshot.platform.db.SqlValues;
import io.earshot.platform.http.Problem;
import io.earshot.platform.http.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The distress lane: a distress case's signposting panel and checklist (ticks stored and audited), and the page
 * that any SLA miss of a distress case sends to the next level of its escalation policy (an audit entry and a
 * PAGED event on {@code cases.events}, which an on-call integration turns into a page).
 */
@ApplicationScoped
public class DistressService {
    private final Signposts signposts;
    private final QueueService queues;
    private final AuditLog audit;
    private final CaseEvents events;
    private final Clock clock;

    public DistressService(Signposts signposts, QueueService queues, AuditLog audit, CaseEvents events, Clock clock) {
        this.signposts = signposts;
        this.queues = queues;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /** The lane of a case, or null when it is not a distress case. */
    public Uni<DistressLane> lane(Mutiny.Session s, CaseEntity c) {
        if (c.distressKind == null) {
            return Uni.createFrom().nullItem();
        }
        String region = signposts.regionOf(c.brand);
        return s.createNativeQuery("select item, done, done_by, done_at from case_checklist where case_id = ?1",
                Object[].class)
                .setParameter(1, c.id).getResultList()
                .flatMap(rows -> queues.tightest(s).flatMap(p -> s.createNativeQuery(
                        "select count(*) from audit_log where entity_type = 'case' and entity_id = ?1 and action = 'case.paged'",
                        Long.class).setParameter(1, c.id.toString()).getSingleResult().map(pages -> {
                            Map<String, Object[]> ticks = new HashMap<>();
                            rows.forEach(r -> ticks.put((String) r[0], r));
                            List<DistressLane.ChecklistItem> items = signposts.checklist(c.distressKind).stream().map(
                                    i -> {
                                        Object[] t = ticks.get(i.id());
                                        return t == null
                                                ? new DistressLane.ChecklistItem(i.id(), i.text(), false, null, null)
                                                : new DistressLane.ChecklistItem(i.id(), i.text(), (Boolean) t[1],
                                                        (String) t[2],
                                                        SqlValues.instant(t[3]));
                                    }).toList();
                            return new DistressLane(c.distressKind, region, signposts.find(c.distressKind, region),
                                    items,
                                    items.stream().allMatch(DistressLane.ChecklistItem::done),
                                    new DistressLane.Sla(p.band(), p.ackWithin(), p.resolveWithin(),
                                            "distress cases run on the tightest SLA policy; any miss pages the next level"),
                                    pages.intValue());
                        })));
    }

    /** The lane of a case by id; 404 when there is no such case or it is not a distress case. */
    @WithSession
    public Uni<DistressLane> laneOf(UUID caseId) {
        return Panache.getSession().flatMap(s -> s.find(CaseEntity.class, caseId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("case " + caseId))
                .flatMap(c -> lane(s, c))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("distress lane of case " + caseId)));
    }

    /** Ticks (or unticks) a checklist item of a distress case; only its holder or a lead may (409 otherwise); audited. */
    @WithTransaction
    public Uni<DistressLane> tick(UUID caseId, String item, boolean done, String actor, boolean lead) {
        return Panache.getSession().flatMap(s -> s.find(CaseEntity.class, caseId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("case " + caseId))
                .flatMap(c -> {
                    if (c.distressKind == null) {
                        throw ProblemException.conflict("case " + caseId + " is not a distress case");
                    }
                    CaseWork.requireHolder(c, actor, lead);
                    if (signposts.checklist(c.distressKind).stream().noneMatch(i -> i.id().equals(item))) {
                        throw new ProblemException(Problem.of(404, "Not Found",
                                "no checklist item " + item + " for " + c.distressKind + " cases")
                                .withErrors(List.of(new Problem.FieldError("item", "unknown item"))));
                    }
                    return s.createNativeQuery(
                            """
                                    insert into case_checklist (case_id, item, done, done_by, done_at) values (?1, ?2, ?3, ?4, ?5)
                                    on conflict (case_id, item) do update set done = excluded.done, done_by = excluded.done_by,
                                        done_at = excluded.done_at""")
                            .setParameter(1, caseId).setParameter(2, item).setParameter(3, done).setParameter(4, actor)
                            .setParameter(5, SqlValues.utc(clock.instant())).executeUpdate()
                            .flatMap(n -> audit.record(s, actor, done
                                    ? "case.checklist-ticked"
                                    : "case.checklist-unticked",
                                    "case", caseId.toString(), null, Map.of("item", item, "done", done)))
                            .flatMap(v -> lane(s, c));
                }));
    }

    /**
     * Pages the next level for a distress case that missed an SLA: {@code target} is the queue of the next level
     * (the last level again when the policy is exhausted). Audited, and PAGED is published with the case's events.
     */
    public Uni<Void> page(Mutiny.Session s, CaseEntity c, String clockName, String target, int level) {
        String detail = clockName + " missed on a " + c.distressKind + " case; paged " + target + " (level " + level
                + ")";
        return audit.record(s, "system", "case.paged", "case", c.id.toString(), null,
                Map.of("queue", target, "level", level, "clock", clockName))
                .flatMap(v -> events.enqueue(s, c, CaseEvent.Type.PAGED, "system", detail));
    }
}
