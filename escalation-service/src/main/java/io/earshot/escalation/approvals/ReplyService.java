package io.earshot.escalation.approvals;

import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.Author;
import io.earshot.contracts.events.CaseEvent;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.escalation.audit.AuditLog;
import io.earshot.escalation.cases.CaseContext;
import io.earshot.escalation.cases.CaseEntity;
import io.earshot.escalation.cases.CaseEvents;
import io.earshot.escalation.cases.CaseQueries;
import io.earshot.escalation.cases.CaseWork;
import io.earshot.escalation.crm.CustomerService;
import io.earshot.platform.http.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Reply drafts and their approval. A reply needs a lead's approval before it may be marked sent when the author is
 * high-visibility (followers at or above {@code earshot.approvals.followers-threshold}, verified, or press in the CRM),
 * when the drafter flags it legal, or when the case is about legal distress. Approvals are recorded on the reply and
 * in the audit log.
 */
@ApplicationScoped
public class ReplyService {
    private static final String COLUMNS = """
            id, author, body, legal, needs_approval, approval_reason, status, approved_by, approved_at, sent_by, sent_at,
            created_at""";

    /** A reply and the case it belongs to (for the lifecycle event). */
    public record Result(CaseEntity caseEntity, CaseContext.Reply reply) {}

    private final CustomerService customers;
    private final AuditLog audit;
    private final CaseEvents events;
    private final Clock clock;
    private final long followersThreshold;

    public ReplyService(CustomerService customers, AuditLog audit, CaseEvents events, Clock clock,
            ApprovalSettings settings) {
        this.customers = customers;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
        this.followersThreshold = settings.followersThreshold();
    }

    @WithTransaction
    public Uni<Result> draft(UUID caseId, String actor, boolean lead, String body, boolean legal) {
        UUID id = UUID.randomUUID();
        return Panache.getSession().flatMap(s -> requireCase(s, caseId).flatMap(c -> {
            CaseWork.requireHolder(c, actor, lead);
            return trigger(s, c).flatMap(mention -> (c.customerId == null
                    ? Uni.createFrom().<Boolean>item(false)
                    : customers.byId(s, c.customerId).map(cr -> cr != null && Boolean.TRUE.equals(cr.press())))
                    .flatMap(press -> {
                        List<String> reasons = reasons(mention, press, legal, c.distressKind);
                        return s.createNativeQuery(
                                """
                                        insert into case_replies (id, case_id, author, body, legal, needs_approval, approval_reason, created_at)
                                        values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)""")
                                .setParameter(1, id).setParameter(2, caseId).setParameter(3, actor).setParameter(4,
                                        body)
                                .setParameter(5, legal).setParameter(6, !reasons.isEmpty())
                                .setParameter(7, reasons.isEmpty() ? null : String.join("; ", reasons))
                                .setParameter(8, clock.instant().atOffset(ZoneOffset.UTC))
                                .executeUpdate();
                    }))
                    .flatMap(n -> reply(s, caseId, id))
                    .flatMap(r -> audit.record(s, actor, "reply.drafted", "case", caseId.toString(), null, r)
                            .flatMap(v -> events.enqueue(s, c, CaseEvent.Type.REPLY_DRAFTED, actor, id.toString()))
                            .replaceWith(new Result(c, r)));
        }));
    }

    List<String> reasons(Author author, boolean press, boolean legal, String distressKind) {
        List<String> reasons = new ArrayList<>();
        if (author != null && author.followers() != null && author.followers() >= followersThreshold) {
            reasons.add("author has " + author.followers() + " followers (threshold " + followersThreshold + ")");
        }
        if (author != null && author.verified()) {
            reasons.add("author is verified");
        }
        if (press) {
            reasons.add("author is press");
        }
        if (legal) {
            reasons.add("flagged legal");
        }
        if ("legal".equals(distressKind)) {
            reasons.add("legal distress");
        }
        return reasons;
    }

    @WithTransaction
    public Uni<Result> approve(UUID caseId, UUID replyId, String lead) {
        return Panache.getSession().flatMap(s -> requireCase(s, caseId).flatMap(c -> reply(s, caseId, replyId).flatMap(
                before -> {
                    if (!"DRAFT".equals(before.status())) {
                        return Uni.createFrom().<Result>failure(ProblemException.conflict("reply " + replyId + " is "
                                + before.status().toLowerCase()));
                    }
                    if (lead.equals(before.author())) {
                        return Uni.createFrom().<Result>failure(ProblemException.conflict(
                                "reply " + replyId + " is your own: another lead must approve it (four eyes)"));
                    }
                    return transition(s, c, replyId, before, "status = 'APPROVED', approved_by = ?3, approved_at = ?4",
                            lead, "reply.approved", CaseEvent.Type.REPLY_APPROVED);
                })));
    }

    /** Marks a reply sent; 409 while it still needs a lead's approval. */
    @WithTransaction
    public Uni<Result> markSent(UUID caseId, UUID replyId, String actor, boolean lead) {
        return Panache.getSession().flatMap(s -> requireCase(s, caseId).flatMap(c -> reply(s, caseId, replyId).flatMap(
                before -> {
                    CaseWork.requireHolder(c, actor, lead);
                    if ("SENT".equals(before.status())) {
                        return Uni.createFrom().item(new Result(c, before));
                    }
                    if (before.needsApproval() && !"APPROVED".equals(before.status())) {
                        return Uni.createFrom().<Result>failure(ProblemException.conflict(
                                "reply " + replyId + " needs a lead's approval first: " + before.approvalReason()));
                    }
                    return transition(s, c, replyId, before, "status = 'SENT', sent_by = ?3, sent_at = ?4", actor,
                            "reply.sent", CaseEvent.Type.REPLY_SENT);
                })));
    }

    /**
     * One step of a reply's life: {@code set} (?3 the actor, ?4 now) applies only while the reply still has the status
     * it was read with, else 409 (another request changed it meanwhile); the reply is re-read, audited as
     * {@code action} and published as a {@code type} case event.
     */
    private Uni<Result> transition(Mutiny.Session s, CaseEntity c, UUID replyId, CaseContext.Reply before, String set,
            String actor, String action, CaseEvent.Type type) {
        UUID caseId = c.id;
        return s.createNativeQuery("update case_replies set " + set + " where id = ?1 and case_id = ?2 and status = ?5")
                .setParameter(1, replyId).setParameter(2, caseId).setParameter(3, actor)
                .setParameter(4, clock.instant().atOffset(ZoneOffset.UTC)).setParameter(5, before.status())
                .executeUpdate()
                .flatMap(n -> n == 0
                        ? Uni.createFrom().<CaseContext.Reply>failure(ProblemException.conflict("reply " + replyId
                                + " changed meanwhile"))
                        : reply(s, caseId, replyId))
                .flatMap(after -> audit.record(s, actor, action, "case", caseId.toString(), before, after)
                        .flatMap(v -> events.enqueue(s, c, type, actor, replyId.toString()))
                        .replaceWith(new Result(c, after)));
    }

    private static Uni<CaseEntity> requireCase(Mutiny.Session s, UUID caseId) {
        return s.find(CaseEntity.class, caseId).onItem().ifNull().failWith(() -> ProblemException.notFound("case "
                + caseId));
    }

    private static Uni<Author> trigger(Mutiny.Session s, CaseEntity c) {
        return s.createNativeQuery("select payload from case_mentions where mention_id = ?1", String.class)
                .setParameter(1, c.triggerMentionId).getResultList()
                .map(p -> p.isEmpty() ? null : EventCodec.decode(p.get(0), ScoredMention.class).mention().author());
    }

    private static Uni<CaseContext.Reply> reply(Mutiny.Session s, UUID caseId, UUID replyId) {
        return s.createNativeQuery("select " + COLUMNS + " from case_replies where id = ?1 and case_id = ?2",
                Object[].class)
                .setParameter(1, replyId).setParameter(2, caseId).getResultList()
                .map(rows -> {
                    if (rows.isEmpty()) {
                        throw ProblemException.notFound("reply " + replyId);
                    }
                    return CaseQueries.reply(rows.get(0));
                });
    }
}
