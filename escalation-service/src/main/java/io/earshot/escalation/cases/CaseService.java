package io.earshot.escalation.cases;

import io.earshot.contracts.Ids;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.Mention;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.contracts.http.Page;
import io.earshot.contracts.http.PageCursor;
import io.earshot.contracts.http.ProblemException;
import io.earshot.escalation.rules.Decision;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/** Opens cases (once per trigger, merged per author and thread), lists them and lets agents claim them. */
@ApplicationScoped
public class CaseService {
    /** Inserts the case, or, when an open case has the same merge key, bumps it; returns the case id either way. */
    private static final String UPSERT_CASE = """
            insert into cases (id, merge_key, queue, priority, brand, source, author_id, author_handle, thread_root_id,
                               trigger_mention_id, rule, reason, never_auto_answer, distress_kind, trace_id)
            values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
            on conflict (merge_key) where status <> 'RESOLVED' do update
               set priority = greatest(cases.priority, excluded.priority),
                   never_auto_answer = cases.never_auto_answer or excluded.never_auto_answer,
                   distress_kind = coalesce(cases.distress_kind, excluded.distress_kind),
                   updated_at = now(), version = cases.version + 1
            returning id""";
    private static final String ATTACH = """
            insert into case_mentions (mention_id, case_id, sentiment, payload) values (?1, ?2, ?3, ?4)
            on conflict (mention_id) do nothing""";

    /** Result of handling one escalating mention. */
    public enum Outcome { OPENED_OR_JOINED, ALREADY_HANDLED }

    @WithTransaction
    public Uni<Outcome> escalate(ScoredMention scored, Decision decision, String traceId) {
        Mention m = scored.mention();
        return Panache.getSession().flatMap(session -> session
                .createNativeQuery("select count(*) from case_mentions where mention_id = ?1", Long.class)
                .setParameter(1, m.id())
                .getSingleResult()
                .flatMap(known -> known > 0
                        ? Uni.createFrom().item(Outcome.ALREADY_HANDLED)
                        : upsertAndAttach(session, scored, decision, traceId).replaceWith(Outcome.OPENED_OR_JOINED)));
    }

    private Uni<Integer> upsertAndAttach(Mutiny.Session session, ScoredMention scored, Decision d, String traceId) {
        Mention m = scored.mention();
        String authorId = m.author() == null ? null : m.author().id();
        String threadRoot = m.thread().rootId() != null ? m.thread().rootId() : m.externalId();
        String mergeKey = String.join("\u001f", m.brand(), m.source(), String.valueOf(authorId), threadRoot);
        UUID caseId = Ids.v5(Ids.NAMESPACE, "case\u0000" + m.id());
        return session.createNativeQuery(UPSERT_CASE, UUID.class)
                .setParameter(1, caseId)
                .setParameter(2, mergeKey)
                .setParameter(3, d.queue())
                .setParameter(4, d.priority())
                .setParameter(5, m.brand())
                .setParameter(6, m.source())
                .setParameter(7, authorId)
                .setParameter(8, m.author() == null ? null : m.author().handle())
                .setParameter(9, threadRoot)
                .setParameter(10, m.id())
                .setParameter(11, d.rule())
                .setParameter(12, d.reason())
                .setParameter(13, d.neverAutoAnswer())
                .setParameter(14, scored.scores().distress().present() ? scored.scores().distress().kind().name() : null)
                .setParameter(15, traceId)
                .getSingleResult()
                .flatMap(id -> session.createNativeQuery(ATTACH)
                        .setParameter(1, m.id())
                        .setParameter(2, id)
                        .setParameter(3, scored.scores().sentiment())
                        .setParameter(4, EventCodec.encode(scored))
                        .executeUpdate());
    }

    @WithSession
    public Uni<Page<CaseView>> list(String brand, String queue, String status, PageCursor cursor, int limit) {
        StringBuilder where = new StringBuilder("1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (brand != null) {
            where.append(" and brand = :brand");
            params.put("brand", brand);
        }
        if (queue != null) {
            where.append(" and queue = :queue");
            params.put("queue", queue);
        }
        if (status != null) {
            where.append(" and status = :status");
            params.put("status", status);
        }
        if (cursor != null) {
            where.append(" and (createdAt < :at or (createdAt = :at and id < :id))");
            params.put("at", cursor.at().atOffset(ZoneOffset.UTC));
            params.put("id", cursor.id());
        }
        return CaseEntity.<CaseEntity>find(where + " order by createdAt desc, id desc", params)
                .range(0, limit).list()
                .flatMap(cases -> mentionIds(cases).map(ids -> {
                    List<CaseView> views = cases.stream().map(c -> CaseView.of(c, ids.getOrDefault(c.id, List.of()), null)).toList();
                    String next = cases.size() < limit ? null
                            : new PageCursor(cases.get(cases.size() - 1).createdAt.toInstant(), cases.get(cases.size() - 1).id).encode();
                    return new Page<>(views, next);
                }));
    }

    @WithSession
    public Uni<CaseView> get(UUID id) {
        return CaseEntity.<CaseEntity>findById(id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("case " + id))
                .flatMap(c -> Panache.getSession().flatMap(s -> s
                        .createNativeQuery("select payload from case_mentions where case_id = ?1 order by added_at", String.class)
                        .setParameter(1, id).getResultList())
                        .map(payloads -> {
                            List<ScoredMention> mentions = payloads.stream().map(p -> EventCodec.decode(p, ScoredMention.class)).toList();
                            return CaseView.of(c, mentions.stream().map(sm -> sm.mention().id()).toList(), mentions);
                        }));
    }

    /** Claims an open case for {@code agent}; a case someone else holds (or resolved) is a 409. */
    @WithTransaction
    public Uni<CaseView> claim(UUID id, String agent) {
        return CaseEntity.<CaseEntity>findById(id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("case " + id))
                .flatMap(c -> {
                    if ("CLAIMED".equals(c.status) && agent.equals(c.assignee)) {
                        return Uni.createFrom().item(c);
                    }
                    if (!"OPEN".equals(c.status)) {
                        return Uni.createFrom().failure(ProblemException.conflict(
                                "case " + id + " is " + c.status.toLowerCase() + (c.assignee == null ? "" : " by " + c.assignee)));
                    }
                    c.status = "CLAIMED";
                    c.assignee = agent;
                    c.updatedAt = java.time.OffsetDateTime.now(ZoneOffset.UTC);
                    return c.<CaseEntity>persistAndFlush();
                })
                .onFailure(org.hibernate.StaleObjectStateException.class)
                .transform(e -> ProblemException.conflict("case " + id + " was claimed by someone else just now"))
                .map(c -> CaseView.of(c, null, null));
    }

    private Uni<Map<UUID, List<UUID>>> mentionIds(List<CaseEntity> cases) {
        if (cases.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        UUID[] ids = cases.stream().map(c -> c.id).toArray(UUID[]::new);
        return Panache.getSession().flatMap(s -> s
                .createNativeQuery("select case_id, mention_id from case_mentions where case_id = any(?1) order by added_at", Object[].class)
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
