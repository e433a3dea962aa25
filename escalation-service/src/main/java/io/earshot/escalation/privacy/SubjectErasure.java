package io.earshot.escalation.privacy;

import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.ErasureRequest;
import io.earshot.contracts.events.Mention;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.escalation.audit.AuditLog;
import io.earshot.platform.idempotency.IdempotencyFilter;
import io.earshot.platform.privacy.Subjects;
import io.earshot.platform.privacy.Tombstones;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Erases a data subject from escalation, in one transaction: the subject's mentions in cases are anonymised (author
 * fields, URL and text removed), the recent-mentions cache rows deleted, the subject's cases lose author, handle, CRM
 * link and merge key, the subject's identifiers are scrubbed from those cases' reasons, notes and replies and from
 * their audit entries, the CRM handle link (and a customer left without handles) is deleted, coordination samples
 * drawn from the subject's mentions are cleared, and one tombstone is appended to the audit log (action
 * {@code subject.erased}, the subject as a hash, no personal data); crisis alerts (the crisis, its alert outbox, queued
 * and sent crisis webhooks) lose the subject in topAuthors and topTerms. The Redis windows are cleaned afterwards
 * ({@link RedisErasure}), and stored idempotent answers that name the subject are scrubbed. A redelivered request finds nothing more and appends no second tombstone.
 */
@ApplicationScoped
public class SubjectErasure {
    private static final String REPLACE = "'" + Subjects.ERASED + "'";
    /** A scored-mention JSON column matching the subject: ?1 source, ?2 author id, ?3 bare handle. */
    private static final String MATCH = """
            lower(cast(%1$s as jsonb) -> 'mention' ->> 'source') = ?1
              and ((cast(?2 as varchar) is not null and cast(%1$s as jsonb) -> 'mention' -> 'author' ->> 'id' = ?2)
                or (cast(?3 as varchar) is not null
                    and lower(ltrim(cast(%1$s as jsonb) -> 'mention' -> 'author' ->> 'handle', '@')) = ?3))""";
    private static final String CASES = """
            select id, author_id, author_handle from cases where lower(source) = ?1
              and ((cast(?2 as varchar) is not null and author_id = ?2)
                or (cast(?3 as varchar) is not null and lower(ltrim(author_handle, '@')) = ?3))""";
    private static final String ANONYMISE_CASES = """
            update cases set author_id = null, author_handle = null, customer_id = null,
                merge_key = 'erased:' || id,
                reason = case when cast(?2 as varchar) is null then reason else regexp_replace(reason, ?2, %1$s, 'gi') end,
                thread_root_id = case when cast(?2 as varchar) is null then thread_root_id
                                      else regexp_replace(thread_root_id, ?2, %1$s, 'gi') end,
                priority_breakdown = case when cast(?2 as varchar) is null then priority_breakdown
                                          else regexp_replace(priority_breakdown, ?2, %1$s, 'gi') end,
                updated_at = now()
            where id = any(?1)"""
            .formatted(REPLACE);
    private static final String SCRUB_NOTES = """
            update case_notes set body = regexp_replace(body, ?2, %1$s, 'gi')
            where case_id = any(?1) and body ~* ?2""".formatted(REPLACE);
    private static final String SCRUB_REPLIES = """
            update case_replies set body = regexp_replace(body, ?2, %1$s, 'gi'),
                approval_reason = regexp_replace(approval_reason, ?2, %1$s, 'gi')
            where case_id = any(?1) and (body ~* ?2 or approval_reason ~* ?2)""".formatted(REPLACE);
    private static final String SCRUB_AUDIT = """
            update audit_log set before_json = regexp_replace(before_json, ?3, %1$s, 'gi'),
                                 after_json = regexp_replace(after_json, ?3, %1$s, 'gi')
            where ((entity_type = 'case' and entity_id = any(?1)) or (entity_type = 'customer' and entity_id = any(?2)))
              and (before_json ~* ?3 or after_json ~* ?3)""".formatted(REPLACE);
    private static final String SCRUB_COORDINATION = """
            update coordination_clusters set sample_text = ?2,
                sample_mention_ids = array_to_string(array(
                    select x from unnest(string_to_array(sample_mention_ids, ',')) as x where not (x = any(?1))), ',')
            where string_to_array(sample_mention_ids, ',') && cast(?1 as text[])""";
    /**
     * Crisis alerts name authors in topAuthors ({@code source:authorId}) and may carry a handle in topTerms: the stored
     * crisis, its alert outbox and queued or sent webhook events. ?1 lower-cased authors, ?2 lower-cased terms, ?3
     * LIKE patterns that preselect the rows (a quoted author or term).
     */
    private static final String[] SCRUB_ALERTS = {
            """
                    update crises set last_alert = cast(erase_alert_subject(cast(last_alert as jsonb), ?1, ?2) as text)
                    where lower(last_alert) like any(?3)""",
            """
                    update crisis_alerts set payload = cast(erase_alert_subject(cast(payload as jsonb), ?1, ?2) as text)
                    where lower(payload) like any(?3)""",
            """
                    update webhook_deliveries set payload = cast(erase_alert_subject(cast(payload as jsonb), ?1, ?2) as text)
                    where event = 'crisis.alert' and lower(payload) like any(?3) and left(ltrim(payload), 1) = '{'"""};
    private static final String TOMBSTONE_EXISTS = """
            select count(*) from audit_log where entity_type = 'erasure' and entity_id = ?1""";

    private final AuditLog audit;
    private final RedisErasure redis;
    private final IdempotencyFilter idempotency;

    public SubjectErasure(AuditLog audit, RedisErasure redis, IdempotencyFilter idempotency) {
        this.audit = audit;
        this.redis = redis;
        this.idempotency = idempotency;
    }

    /** What the database part found: the subject's mention ids and Redis author members ({@code source:authorId}). */
    record Found(Set<UUID> mentions, Set<String> authors, Set<UUID> cases, Pattern pattern, Integer held) {
        Found(Set<UUID> mentions, Set<String> authors, Set<UUID> cases, Pattern pattern) {
            this(mentions, authors, cases, pattern, null);
        }

        /** How many records held what was erased: {@code held} when given (named mentions found), else mentions and cases. */
        int count() {
            if (held != null) {
                return held;
            }
            Set<String> all = new LinkedHashSet<>();
            mentions.forEach(m -> all.add("m" + m));
            cases.forEach(c -> all.add("c" + c));
            return all.size();
        }
    }

    /** Erases the subject; the number of the subject's mentions and cases found. */
    public Uni<Integer> erase(ErasureRequest request) {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(s -> request.mentionScoped()
                ? eraseNamedMentions(s, request)
                : eraseStored(s, request)))
                .flatMap(found -> redis.erase(found.authors(), found.mentions())
                        .chain(() -> idempotency.scrub(found.pattern()))
                        .replaceWith(found.count()));
    }

    private Uni<Found> eraseStored(Mutiny.Session s, ErasureRequest request) {
        ErasureRequest.Subject subject = request.subject();
        String source = subject.source().trim().toLowerCase(Locale.ROOT);
        String authorId = subject.authorId() == null || subject.authorId().isBlank() ? null : subject.authorId().trim();
        String handle = Subjects.bareHandle(subject.handle());
        Uni<List<Object[]>> caseMentions = params(s.createNativeQuery(
                "select mention_id, case_id, payload from case_mentions where " + MATCH.formatted("payload"),
                Object[].class),
                source, authorId, handle).getResultList();
        Uni<List<Object[]>> recent = params(s.createNativeQuery(
                "select mention_id, payload from recent_mentions where " + MATCH.formatted("payload"), Object[].class),
                source, authorId, handle).getResultList();
        Uni<List<Object[]>> cases = params(s.createNativeQuery(CASES, Object[].class), source, authorId, handle)
                .getResultList();
        return caseMentions.flatMap(cm -> recent.flatMap(rm -> cases.flatMap(cs -> {
            Set<String> literals = new LinkedHashSet<>();
            Set<String> authorIds = new LinkedHashSet<>();
            Set<String> sources = new LinkedHashSet<>(List.of(source, subject.source().trim()));
            Set<String> handles = new LinkedHashSet<>();
            if (authorId != null) {
                authorIds.add(authorId);
            }
            if (handle != null) {
                handles.add(handle);
            }
            Set<UUID> mentionIds = new LinkedHashSet<>();
            Set<UUID> caseIds = new LinkedHashSet<>();
            Map<UUID, ScoredMention> payloads = new LinkedHashMap<>();
            for (Object[] r : cm) {
                mentionIds.add((UUID) r[0]);
                caseIds.add((UUID) r[1]);
                payloads.put((UUID) r[0], EventCodec.decode((String) r[2], ScoredMention.class));
            }
            List<ScoredMention> all = new ArrayList<>(payloads.values());
            for (Object[] r : rm) {
                mentionIds.add((UUID) r[0]);
                all.add(EventCodec.decode((String) r[1], ScoredMention.class));
            }
            identities(all, sources, authorIds, handles, literals);
            for (Object[] c : cs) {
                caseIds.add((UUID) c[0]);
                if (c[1] != null) {
                    authorIds.add((String) c[1]);
                }
                if (Subjects.bareHandle((String) c[2]) != null) {
                    handles.add(Subjects.bareHandle((String) c[2]));
                }
            }
            literals.addAll(authorIds);
            literals.addAll(handles);
            List<String> crmHandles = new ArrayList<>(handles);
            authorIds.forEach(a -> crmHandles.add(a.toLowerCase(Locale.ROOT)));
            Set<String> authors = new LinkedHashSet<>();
            for (String src : sources) {
                authorIds.forEach(a -> authors.add(src + ":" + a));
            }
            return s.createNativeQuery("select distinct h.customer_id, c.name from customer_handles h"
                    + " join customers c on c.id = h.customer_id where h.network = ?1 and h.handle = any(?2)",
                    Object[].class)
                    .setParameter(1, source).setParameter(2, crmHandles.toArray(new String[0])).getResultList()
                    .flatMap(customers -> {
                        List<String> customerIds = customers.stream().map(c -> (String) c[0]).toList();
                        customers.forEach(c -> literals.add((String) c[1]));
                        String sql = Subjects.sqlPattern(literals);
                        Pattern java = Subjects.pattern(literals);
                        return anonymiseMentions(s, payloads, java)
                                .chain(() -> mentionIds.isEmpty()
                                        ? none()
                                        : s.createNativeQuery("delete from recent_mentions where mention_id = any(?1)")
                                                .setParameter(1, mentionIds.toArray(new UUID[0])).executeUpdate())
                                // A live conversation's stored turns (and its state) go with its customer.
                                .chain(() -> !"chat".equals(source)
                                        ? none()
                                        : s.createNativeQuery(
                                                "delete from conversations where lower(ltrim(customer_handle, '@')) = any(?1)")
                                                .setParameter(1, crmHandles.stream().map(h -> h.replaceFirst("^@", "")
                                                        .toLowerCase(Locale.ROOT)).toArray(String[]::new))
                                                .executeUpdate())
                                .chain(() -> scrubCases(s, caseIds, sql))
                                .chain(() -> customerIds.isEmpty()
                                        ? none()
                                        : unlinkCustomers(s, source, crmHandles, customerIds))
                                .chain(() -> mentionIds.isEmpty()
                                        ? none()
                                        : s.createNativeQuery(SCRUB_COORDINATION)
                                                .setParameter(1, mentionIds.stream().map(UUID::toString).toArray(
                                                        String[]::new))
                                                .setParameter(2, Subjects.ERASED).executeUpdate())
                                .chain(() -> sql == null || (caseIds.isEmpty() && customerIds.isEmpty())
                                        ? none()
                                        : scrubAudit(s, caseIds, customerIds, sql))
                                .chain(() -> scrubAlerts(s, authors, literals))
                                .chain(() -> recordTombstones(s, request))
                                .chain(() -> tombstone(s, request, mentionIds.size(), caseIds.size(), customerIds
                                        .size()))
                                .replaceWith(new Found(mentionIds, authors, caseIds, java));
                    });
        })));
    }

    /** The subject's cases: anonymised, and (when the subject has names to look for) their notes and replies scrubbed. */
    private static Uni<Integer> scrubCases(Mutiny.Session s, Set<UUID> caseIds, String sql) {
        if (caseIds.isEmpty()) {
            return none();
        }
        UUID[] ids = caseIds.toArray(new UUID[0]);
        Uni<Integer> anonymised = s.createNativeQuery(ANONYMISE_CASES).setParameter(1, ids).setParameter(2, sql)
                .executeUpdate();
        if (sql == null) {
            return anonymised;
        }
        return anonymised
                .chain(() -> s.createNativeQuery(SCRUB_NOTES).setParameter(1, ids).setParameter(2, sql).executeUpdate())
                .chain(() -> s.createNativeQuery(SCRUB_REPLIES).setParameter(1, ids).setParameter(2, sql)
                        .executeUpdate());
    }

    /**
     * A request naming single mentions (deleted at their source): those mentions are anonymised in their cases (text,
     * author and URL gone, so the case history, explanations and CRM timeline built from them show "[erased]"), leave
     * the recent-mentions cache, coordination samples and Redis sample lists, and get tombstones; the cases and their
     * author stay, as do the author's other mentions.
     */
    private Uni<Found> eraseNamedMentions(Mutiny.Session s, ErasureRequest request) {
        UUID[] ids = request.mentionIds().toArray(new UUID[0]);
        return s.createNativeQuery("select mention_id, case_id, payload from case_mentions where mention_id = any(?1)",
                Object[].class).setParameter(1, ids).getResultList()
                .flatMap(cm -> s.createNativeQuery(
                        "delete from recent_mentions where mention_id = any(?1) returning mention_id",
                        UUID.class).setParameter(1, ids).getResultList().flatMap(recent -> {
                            Map<UUID, ScoredMention> payloads = new LinkedHashMap<>();
                            Set<UUID> cases = new LinkedHashSet<>();
                            for (Object[] r : cm) {
                                payloads.put((UUID) r[0], EventCodec.decode((String) r[2], ScoredMention.class));
                                cases.add((UUID) r[1]);
                            }
                            Set<UUID> found = new LinkedHashSet<>(payloads.keySet());
                            found.addAll(recent);
                            return anonymiseMentions(s, payloads, null)
                                    .chain(() -> s.createNativeQuery(SCRUB_COORDINATION)
                                            .setParameter(1, request.mentionIds().stream().map(UUID::toString).toArray(
                                                    String[]::new))
                                            .setParameter(2, Subjects.ERASED).executeUpdate())
                                    .chain(() -> recordTombstones(s, request))
                                    .chain(() -> tombstone(s, request, found.size(), cases.size(), 0))
                                    // Redis sample and member lists hold mention ids; the author stays in the rankings
                                    .replaceWith(new Found(new LinkedHashSet<>(request.mentionIds()), Set.of(), cases,
                                            null,
                                            found.size()));
                        }));
    }

    /** Adds the sources, author ids, handles and display names of the subject's stored mentions. */
    private static void identities(List<ScoredMention> all, Set<String> sources, Set<String> authorIds,
            Set<String> handles, Set<String> literals) {
        for (ScoredMention sm : all) {
            Mention m = sm.mention();
            sources.add(m.source());
            if (m.author() != null) {
                if (m.author().id() != null) {
                    authorIds.add(m.author().id());
                }
                if (Subjects.bareHandle(m.author().handle()) != null) {
                    handles.add(Subjects.bareHandle(m.author().handle()));
                }
                literals.add(m.author().displayName());
            }
        }
    }

    /** The subject's tombstones: the consumers drop their mentions fetched before this request ({@link Tombstones}). */
    private static Uni<Integer> recordTombstones(Mutiny.Session s, ErasureRequest request) {
        return Tombstones.record(request, (hash, before) -> s.createNativeQuery(Tombstones.RECORD)
                .setParameter(1, hash).setParameter(2, before).executeUpdate());
    }

    /** Renames the subject's drivers in stored alerts and alert webhooks (the crisis.alerts topic ages out). */
    private static Uni<Integer> scrubAlerts(Mutiny.Session s, Set<String> authors, Set<String> literals) {
        String[] names = authors.stream().map(a -> a.toLowerCase(Locale.ROOT)).distinct().toArray(String[]::new);
        String[] terms = literals.stream().filter(t -> t != null && !t.isBlank())
                .map(t -> t.strip().toLowerCase(Locale.ROOT)).distinct().toArray(String[]::new);
        List<String> like = new ArrayList<>();
        for (String n : names) {
            like.add(likeEscape(n).equals("%") ? "%" : "%\"" + likeEscape(n) + "\"%");
        }
        for (String t : terms) {
            like.add(likeEscape(t).equals("%") ? "%" : "%\"" + likeEscape(t) + "\"%");
        }
        if (like.isEmpty()) {
            return none();
        }
        Uni<Integer> all = none();
        for (String sql : SCRUB_ALERTS) {
            all = all.chain(n -> s.createNativeQuery(sql).setParameter(1, names).setParameter(2, terms)
                    .setParameter(3, like.toArray(new String[0])).executeUpdate().map(k -> n + k));
        }
        return all;
    }

    /** The value for a LIKE pattern; a name with a quote or backslash (escaped in JSON) preselects every row. */
    private static String likeEscape(String v) {
        if (v.contains("\"") || v.contains("\\")) {
            return "%";
        }
        return v.replace("%", "\\%").replace("_", "\\_");
    }

    private static <T extends Mutiny.AbstractQuery> T params(T q, String source, String authorId, String handle) {
        q.setParameter(1, source);
        q.setParameter(2, authorId);
        q.setParameter(3, handle);
        return q;
    }

    private static Uni<Integer> none() {
        return Uni.createFrom().item(0);
    }

    private Uni<Integer> anonymiseMentions(Mutiny.Session s, Map<UUID, ScoredMention> payloads, Pattern p) {
        if (payloads.isEmpty()) {
            return none();
        }
        return Multi.createFrom().iterable(payloads.entrySet())
                .onItem().transformToUniAndConcatenate(e -> {
                    ScoredMention anonymous = Subjects.anonymise(e.getValue(), p);
                    return s.createNativeQuery("update case_mentions set payload = ?2 where mention_id = ?1")
                            .setParameter(1, e.getKey()).setParameter(2, EventCodec.encode(anonymous)).executeUpdate();
                })
                .collect().last();
    }

    /** The subject's CRM handles go; a customer left without any handle goes too (its profile named the subject). */
    private static Uni<Integer> unlinkCustomers(Mutiny.Session s, String network, List<String> handles,
            List<String> customers) {
        return s.createNativeQuery("delete from customer_handles where network = ?1 and handle = any(?2)")
                .setParameter(1, network).setParameter(2, handles.toArray(new String[0])).executeUpdate()
                .chain(() -> s.createNativeQuery("update cases set customer_id = null where customer_id = any(?1)"
                        + " and not exists (select 1 from customer_handles h where h.customer_id = cases.customer_id)")
                        .setParameter(1, customers.toArray(new String[0])).executeUpdate())
                .chain(() -> s.createNativeQuery("delete from customers c where c.id = any(?1)"
                        + " and not exists (select 1 from customer_handles h where h.customer_id = c.id)")
                        .setParameter(1, customers.toArray(new String[0])).executeUpdate());
    }

    /** Scrubs the subject out of the audit entries of their cases and customers (the trigger allows this only here). */
    private static Uni<Integer> scrubAudit(Mutiny.Session s, Set<UUID> cases, List<String> customers, String sql) {
        return s.createNativeQuery("select set_config('earshot.erasure', 'on', true)").getSingleResult()
                .chain(() -> s.createNativeQuery(SCRUB_AUDIT)
                        .setParameter(1, cases.stream().map(UUID::toString).toArray(String[]::new))
                        .setParameter(2, customers.toArray(new String[0]))
                        .setParameter(3, sql).executeUpdate())
                .call(() -> s.createNativeQuery("select set_config('earshot.erasure', 'off', true)").getSingleResult());
    }

    private Uni<Void> tombstone(Mutiny.Session s, ErasureRequest request, int mentions, int cases, int customers) {
        return s.createNativeQuery(TOMBSTONE_EXISTS, Long.class).setParameter(1, request.id().toString())
                .getSingleResult()
                .flatMap(n -> n > 0
                        ? Uni.createFrom().voidItem()
                        : audit.record(s, "system", "subject.erased", "erasure", request.id().toString(), null,
                                Map.of("note", "subject erased", "source", request.subject().source(),
                                        "subjectHash", Subjects.hash(request), "mentions", mentions,
                                        "cases", cases, "customers", customers)));
    }
}
