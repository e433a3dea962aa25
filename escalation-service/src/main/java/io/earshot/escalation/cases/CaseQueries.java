package io.earshot.escalation.cases;

import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.Mention;
import io.earshot.contracts.events.RiskScore;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.escalation.crm.CustomerService;
import io.earshot.escalation.distress.DistressService;
import io.earshot.escalation.priority.PriorityScorer;
import io.earshot.escalation.priority.RiskScorer;
import io.earshot.escalation.priority.RiskSettings;
import io.earshot.escalation.rules.RecentMentions;
import io.earshot.platform.db.SqlValues;
import io.earshot.platform.http.Page;
import io.earshot.platform.http.PageCursor;
import io.earshot.platform.http.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Reads cases: the filtered, paged listing and one case with its context (thread, author history, previous cases,
 * customer, open crisis, notes, replies) and risk. The cases are opened and joined by {@link CaseIntake} and changed by
 * {@link CaseWork}.
 */
@ApplicationScoped
public class CaseQueries {
    static final int CONTEXT_LIMIT = 50;
    private static final OffsetDateTime FAR = OffsetDateTime.of(9999, 12, 31, 0, 0, 0, 0, ZoneOffset.UTC);

    /** Listing filters; null fields do not filter. */
    public record Filter(String brand, String queue, String status, String assignee, String band, Boolean breached) {}

    public enum Sort {
        CREATED, PRIORITY, SLA
    }

    private final RecentMentions recent;
    private final CustomerService customers;
    private final RelatedCrises crises;
    private final DistressService distress;
    private final RiskScorer riskScorer;
    private final java.time.Duration velocityWindow;

    public CaseQueries(RecentMentions recent, CustomerService customers, RelatedCrises crises, DistressService distress,
            RiskScorer riskScorer, RiskSettings risk) {
        this.recent = recent;
        this.customers = customers;
        this.crises = crises;
        this.distress = distress;
        this.riskScorer = riskScorer;
        this.velocityWindow = risk.velocityWindow();
    }

    @WithSession
    public Uni<Page<CaseView>> list(Filter f, io.earshot.platform.security.Scope scope, Sort sort, PageCursor cursor,
            int limit) {
        StringBuilder where = new StringBuilder("1 = 1");
        Map<String, Object> params = new HashMap<>();
        io.earshot.escalation.scope.ScopeFilter.restrict(where, params, scope, "brand", "queue");
        filter(where, params, "brand", f.brand());
        filter(where, params, "queue", f.queue());
        filter(where, params, "status", f.status());
        filter(where, params, "assignee", f.assignee());
        filter(where, params, "priorityBand", f.band());
        if (f.breached() != null) {
            where.append(f.breached()
                    ? " and (ackBreachedAt is not null or resolveBreachedAt is not null)"
                    : " and ackBreachedAt is null and resolveBreachedAt is null");
        }
        String due = "coalesce(case when acknowledgedAt is null then ackDueAt else resolveDueAt end, :far)";
        String order;
        switch (sort) {
            case PRIORITY -> {
                order = " order by round(priority * 100) desc, id desc";
                if (cursor != null) {
                    where.append(" and (round(priority * 100) < :p or (round(priority * 100) = :p and id < :id))");
                    params.put("p", (double) cursor.at().toEpochMilli());
                }
            }
            case SLA -> {
                order = " order by " + due + " asc, id asc";
                params.put("far", FAR);
                if (cursor != null) {
                    where.append(" and (" + due + " > :at or (" + due + " = :at and id > :id))");
                    params.put("at", cursor.at().atOffset(ZoneOffset.UTC));
                }
            }
            default -> {
                order = " order by createdAt desc, id desc";
                if (cursor != null) {
                    where.append(" and (createdAt < :at or (createdAt = :at and id < :id))");
                    params.put("at", cursor.at().atOffset(ZoneOffset.UTC));
                }
            }
        }
        if (cursor != null) {
            params.put("id", cursor.id());
        }
        return CaseEntity.<CaseEntity>find(where + order, params).range(0, limit - 1).list()
                .flatMap(cases -> mentionIds(cases).map(ids -> {
                    List<CaseView> views = cases.stream().map(c -> CaseView.of(c, ids.getOrDefault(c.id, List.of()),
                            null, null))
                            .toList();
                    String next = null;
                    if (cases.size() == limit) {
                        CaseEntity last = cases.get(cases.size() - 1);
                        next = new PageCursor(switch (sort) {
                            case PRIORITY -> Instant.ofEpochMilli(Math.round(last.priority * 100));
                            case SLA -> nextDue(last).toInstant();
                            default -> last.createdAt.toInstant();
                        }, last.id).encode();
                    }
                    return new Page<>(views, next);
                }));
    }

    private static OffsetDateTime nextDue(CaseEntity c) {
        OffsetDateTime d = c.acknowledgedAt == null ? c.ackDueAt : c.resolveDueAt;
        return d == null ? FAR : d;
    }

    private static void filter(StringBuilder where, Map<String, Object> params, String field, String value) {
        if (value != null) {
            where.append(" and ").append(field).append(" = :").append(field);
            params.put(field, value);
        }
    }

    @WithSession
    public Uni<CaseView> get(UUID id) {
        return Panache.getSession().flatMap(s -> s.find(CaseEntity.class, id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("case " + id))
                .flatMap(c -> s.createNativeQuery(
                        "select payload from case_mentions where case_id = ?1 order by added_at", String.class)
                        .setParameter(1, id).getResultList()
                        .flatMap(payloads -> {
                            List<ScoredMention> mentions = payloads.stream().map(p -> EventCodec.decode(p,
                                    ScoredMention.class)).toList();
                            return context(s, c, mentions).flatMap(ctx -> distress.lane(s, c).map(lane -> CaseView.of(c,
                                    mentions.stream().map(sm -> sm.mention().id()).toList(), mentions, ctx, lane,
                                    risk(mentions, ctx))));
                        })));
    }

    private Uni<CaseContext> context(Mutiny.Session s, CaseEntity c, List<ScoredMention> own) {
        List<UUID> ownIds = own.stream().map(sm -> sm.mention().id()).toList();
        Uni<List<CaseContext.MentionSummary>> thread = c.threadRootId == null
                ? Uni.createFrom().item(List.of())
                : recent.thread(s, c.brand, c.source, c.threadRootId, CONTEXT_LIMIT)
                        .map(ms -> ms.stream().filter(sm -> !ownIds.contains(sm.mention().id())).map(
                                CaseQueries::summary).toList());
        Uni<CaseContext.AuthorHistory> history = c.authorId == null
                ? Uni.createFrom().item(CaseContext.history(List.of()))
                : recent.byAuthor(s, c.brand, c.source, c.authorId, CONTEXT_LIMIT)
                        .map(ms -> CaseContext.history(ms.stream().map(CaseQueries::summary).toList()));
        return thread.flatMap(t -> history.flatMap(h -> previousCases(s, c).flatMap(prev -> (c.customerId == null
                ? Uni.createFrom().<io.earshot.escalation.crm.CustomerRecord>nullItem()
                : customers.byId(s, c.customerId))
                .flatMap(customer -> crises.openFor(s, c.brand).flatMap(crisis -> notes(s, c.id).flatMap(
                        notes -> replies(s, c.id)
                                .map(replies -> new CaseContext(t, h, prev, customer, crisis, notes, replies))))))));
    }

    /**
     * The case's composite risk: its most negative mention, how many of its and its thread's mentions fall within the
     * velocity window of the newest, the newest mention's author, and the CRM profile when there is one.
     */
    private RiskScore risk(List<ScoredMention> mentions, CaseContext ctx) {
        if (mentions.isEmpty()) {
            return null;
        }
        ScoredMention newest = mentions.stream().max(java.util.Comparator.comparing(CaseQueries::at)).orElseThrow();
        Instant since = at(newest).minus(velocityWindow);
        long recentCount = mentions.stream().filter(sm -> !at(sm).isBefore(since)).count()
                + ctx.thread().stream().filter(t -> t.createdAt() != null && !t.createdAt().isBefore(since)).count();
        double mostNegative = mentions.stream().mapToDouble(sm -> sm.scores().sentiment()).min().orElse(0);
        var customer = ctx.customer() == null
                ? null
                : new PriorityScorer.Customer(ctx.customer().id(), ctx.customer().tier(),
                        ctx.customer().lifetimeValue() == null ? 0 : ctx.customer().lifetimeValue());
        return riskScorer.forCase(mostNegative, recentCount, velocityWindow.toString().substring(2).toLowerCase(
                java.util.Locale.ROOT),
                newest.mention().author(), customer);
    }

    private static Instant at(ScoredMention sm) {
        return sm.mention().createdAt() != null ? sm.mention().createdAt() : sm.scoredAt();
    }

    private static CaseContext.MentionSummary summary(ScoredMention sm) {
        Mention m = sm.mention();
        return new CaseContext.MentionSummary(m.id(), m.createdAt(), m.author() == null ? null : m.author().handle(), m
                .text(),
                sm.scores().sentiment());
    }

    private Uni<List<CaseContext.PreviousCase>> previousCases(Mutiny.Session s, CaseEntity c) {
        return s.createNativeQuery("""
                select id, status, queue, outcome, created_at, resolved_at from cases
                where brand = ?1 and source = ?2 and author_id = ?3 and id <> ?4 order by created_at desc limit ?5""",
                Object[].class)
                .setParameter(1, c.brand).setParameter(2, c.source).setParameter(3, String.valueOf(c.authorId))
                .setParameter(4, c.id).setParameter(5, CONTEXT_LIMIT).getResultList()
                .map(rows -> rows.stream().map(r -> new CaseContext.PreviousCase((UUID) r[0], (String) r[1],
                        (String) r[2],
                        (String) r[3], SqlValues.instant(r[4]), SqlValues.instant(r[5]))).toList());
    }

    private Uni<List<CaseContext.Note>> notes(Mutiny.Session s, UUID caseId) {
        return s.createNativeQuery(
                "select id, author, body, created_at from case_notes where case_id = ?1 order by created_at, id",
                Object[].class).setParameter(1, caseId).getResultList()
                .map(rows -> rows.stream().map(r -> new CaseContext.Note((UUID) r[0], (String) r[1], (String) r[2],
                        SqlValues.instant(r[3]))).toList());
    }

    public Uni<List<CaseContext.Reply>> replies(Mutiny.Session s, UUID caseId) {
        return s.createNativeQuery(
                """
                        select id, author, body, legal, needs_approval, approval_reason, status, approved_by, approved_at, sent_by,
                               sent_at, created_at from case_replies where case_id = ?1 order by created_at, id""",
                Object[].class)
                .setParameter(1, caseId).getResultList()
                .map(rows -> rows.stream().map(CaseQueries::reply).toList());
    }

    public static CaseContext.Reply reply(Object[] r) {
        return new CaseContext.Reply((UUID) r[0], (String) r[1], (String) r[2], (Boolean) r[3], (Boolean) r[4],
                (String) r[5],
                (String) r[6], (String) r[7], SqlValues.instant(r[8]), (String) r[9], SqlValues.instant(r[10]),
                SqlValues.instant(r[11]));
    }

    private Uni<Map<UUID, List<UUID>>> mentionIds(List<CaseEntity> cases) {
        if (cases.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        UUID[] ids = cases.stream().map(c -> c.id).toArray(UUID[]::new);
        return Panache.getSession().flatMap(s -> s
                .createNativeQuery(
                        "select case_id, mention_id from case_mentions where case_id = any(?1) order by added_at",
                        Object[].class)
                .setParameter(1, ids)
                .getResultList())
                .map(rows -> {
                    Map<UUID, List<UUID>> byCase = new HashMap<>();
                    for (Object[] row : rows) {
                        byCase.computeIfAbsent((UUID) row[0], k -> new ArrayList<>()).add((UUID) row[1]);
                    }
                    return byCase;
                });
    }
}
