package io.earshot.escalation.cases;

import io.earshot.contracts.Ids;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.CaseEvent;
import io.earshot.contracts.events.Mention;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.escalation.audit.AuditLog;
import io.earshot.escalation.conversations.ConversationIntake;
import io.earshot.escalation.crm.CustomerRecord;
import io.earshot.escalation.priority.PriorityScorer;
import io.earshot.escalation.queues.QueueConfig;
import io.earshot.escalation.queues.QueueService;
import io.earshot.escalation.queues.SlaPolicy;
import io.earshot.escalation.rules.Decision;
import io.earshot.escalation.rules.RecentMentions;
import io.earshot.platform.db.SqlValues;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The scored-mention hot path of the cases: a batch (a Kafka poll, or one record) is stored among the recent mentions
 * and its decided mentions open or join their cases in one transaction on the reactive PostgreSQL client, with a
 * fixed number of statements whatever the batch's size (docs/escalation.md): the recent mentions; then, when
 * something was decided, the merge keys' advisory locks, the batch's state (redeliveries, earlier cases of each
 * author, open cases, CRM customers), the queues and SLA policies, one upsert of all its cases, one insert of all its
 * case mentions, its audit entries and its case events. Hibernate Reactive serves the CRUD endpoints only.
 */
@ApplicationScoped
public class CaseIntake {
    /**
     * Transaction-scoped advisory locks on the batch's merge keys, taken in one order (so two replicas never
     * deadlock): a replica that handles the same author and thread at the same time waits here, then sees what the
     * first committed (a mention already on a case is a redelivery).
     */
    private static final String LOCK = """
            select count(pg_advisory_xact_lock(h)) as locked
              from (select distinct hashtextextended(k, 0) as h from unnest(cast($1 as text[])) as k order by 1) as keys""";

    /** For each decided mention: already on a case, the author's cases under other merge keys, an open case under its own, its CRM customer. */
    private static final String STATE = """
            select k.ord,
                   exists (select 1 from case_mentions cm where cm.mention_id = k.mention_id) as on_case,
                   (select count(*) from cases c where c.brand = k.brand and c.source = k.source and c.author_id = k.author_id
                       and c.merge_key <> k.merge_key) as previous,
                   exists (select 1 from cases c where c.merge_key = k.merge_key and c.status <> 'RESOLVED') as open_case,
                   cu.id as customer_id, cu.tier as customer_tier, cu.lifetime_value as customer_value
              from unnest(cast($1 as uuid[]), cast($2 as text[]), cast($3 as text[]), cast($4 as text[]), cast($5 as text[]),
                          cast($6 as text[]), cast($7 as text[])) with ordinality
                   as k(mention_id, merge_key, brand, source, author_id, handle, author_key, ord)
              left join lateral (select c.id, c.tier, c.lifetime_value from customer_handles h
                                   join customers c on c.id = h.customer_id
                                  where k.handle is not null and h.network = k.source and h.handle in (k.handle, k.author_key)
                                  limit 1) as cu on true""";

    /**
     * Every case of the batch, one row per merge key: inserted, or, when an open case has the merge key, merged into
     * it as the batch's mentions would have been one after another (highest priority and its breakdown, most urgent
     * band, earliest due times, never-auto-answer if any, first distress kind and customer), its version raised by
     * the number of mentions that joined.
     */
    private static final String UPSERT = """
            insert into cases (id, merge_key, queue, priority, brand, source, author_id, author_handle, thread_root_id,
                               trigger_mention_id, rule, reason, never_auto_answer, distress_kind, trace_id,
                               rule_version, priority_band, priority_breakdown, customer_id, ack_due_at, resolve_due_at,
                               created_at, updated_at, policy_queue, version)
            select id, merge_key, queue, priority, brand, source, author_id, author_handle, thread_root_id,
                   trigger_mention_id, rule, reason, never_auto_answer, distress_kind, trace_id,
                   rule_version, priority_band, priority_breakdown, customer_id, ack_due_at, resolve_due_at,
                   cast($22 as timestamptz), cast($22 as timestamptz), queue, joins - 1
              from unnest(cast($1 as uuid[]), cast($2 as text[]), cast($3 as text[]), cast($4 as float8[]), cast($5 as text[]),
                          cast($6 as text[]), cast($7 as text[]), cast($8 as text[]), cast($9 as text[]), cast($10 as uuid[]),
                          cast($11 as text[]), cast($12 as text[]), cast($13 as bool[]), cast($14 as text[]),
                          cast($15 as text[]), cast($16 as int4[]), cast($17 as text[]), cast($18 as text[]),
                          cast($19 as text[]), cast($20 as timestamptz[]), cast($21 as timestamptz[]), cast($23 as int4[]))
                   as k(id, merge_key, queue, priority, brand, source, author_id, author_handle, thread_root_id,
                        trigger_mention_id, rule, reason, never_auto_answer, distress_kind, trace_id, rule_version,
                        priority_band, priority_breakdown, customer_id, ack_due_at, resolve_due_at, joins)
            on conflict (merge_key) where status <> 'RESOLVED' do update
               set priority = greatest(cases.priority, excluded.priority),
                   priority_breakdown = case when excluded.priority > cases.priority
                                             then excluded.priority_breakdown else cases.priority_breakdown end,
                   priority_band = least(cases.priority_band, excluded.priority_band),
                   ack_due_at = least(cases.ack_due_at, excluded.ack_due_at),
                   resolve_due_at = least(cases.resolve_due_at, excluded.resolve_due_at),
                   never_auto_answer = cases.never_auto_answer or excluded.never_auto_answer,
                   distress_kind = coalesce(cases.distress_kind, excluded.distress_kind),
                   customer_id = coalesce(cases.customer_id, excluded.customer_id),
                   updated_at = excluded.updated_at, version = cases.version + excluded.version + 1
            returning id, merge_key, status, queue, priority, brand, priority_band, assignee, acknowledged_at, outcome,
                      escalation_level, version, (xmax = 0) as inserted""";

    /** Every decided mention on its case (a mention is on one case at most). */
    private static final String ATTACH = """
            insert into case_mentions (mention_id, case_id, sentiment, payload)
            select * from unnest(cast($1 as uuid[]), cast($2 as uuid[]), cast($3 as float8[]), cast($4 as text[]))
            on conflict (mention_id) do nothing""";

    /**
     * A scored mention of a batch, with the rules' decision, its trace and the record's payload as it arrived (stored
     * as it is among the recent mentions and on its case, instead of encoding the decoded event again; null: encoded).
     */
    public record Arrival(ScoredMention scored, Optional<Decision> decision, String traceId, String payload) {
        public Arrival(ScoredMention scored, Optional<Decision> decision, String traceId) {
            this(scored, decision, traceId, null);
        }

        String json() {
            return payload != null ? payload : EventCodec.encode(scored);
        }
    }

    private final Pool pool;
    private final RecentMentions recent;
    private final PriorityScorer scorer;
    private final AuditLog audit;
    private final CaseEvents events;
    private final Clock clock;
    private final ConversationIntake conversations;

    public CaseIntake(Pool pool, RecentMentions recent, PriorityScorer scorer, AuditLog audit, CaseEvents events,
            Clock clock, ConversationIntake conversations) {
        this.conversations = conversations;
        this.pool = pool;
        this.recent = recent;
        this.scorer = scorer;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Stores the batch among the recent mentions and opens or joins the case of each decided mention not yet on one,
     * in one transaction; whether any case was opened or joined. A mention id that comes twice is taken once.
     */
    public Uni<Boolean> handleAll(List<Arrival> arrivals) {
        Map<UUID, Arrival> unique = new LinkedHashMap<>();
        for (Arrival a : arrivals) {
            unique.putIfAbsent(a.scored().mention().id(), a);
        }
        List<Arrival> all = List.copyOf(unique.values());
        // Conversation turns are not public mentions: the conversation's trajectory decides them, not the rules.
        List<Arrival> turns = all.stream().filter(a -> ConversationIntake.isTurn(a.scored())).toList();
        List<Arrival> distinct = all.stream().filter(a -> !ConversationIntake.isTurn(a.scored())).toList();
        List<String> payloads = distinct.stream().map(Arrival::json).toList();
        List<Pending> decided = new ArrayList<>();
        for (int i = 0; i < distinct.size(); i++) {
            Arrival a = distinct.get(i);
            if (a.decision().isPresent()) {
                decided.add(new Pending(a, a.decision().get(), payloads.get(i)));
            }
        }
        return pool.withTransaction(c -> recent.recordAll(c, distinct.stream().map(Arrival::scored).toList(), payloads)
                .chain(() -> conversations.assess(c, turns))
                .chain(conv -> {
                    conv.arrivals().forEach(a -> decided.add(new Pending(a, a.decision().orElseThrow(), a.json())));
                    return (decided.isEmpty() ? Uni.createFrom().item(false) : open(c, decided))
                            .chain(any -> conversations.handedOff(c, conv.handoffs()).map(h -> any || h));
                }));
    }

    /** A decided mention and what the batch learns about it. */
    private static final class Pending {
        final Arrival arrival;
        final Decision decision;
        final String payload;
        final Mention mention;
        final String authorId;
        final String threadRoot;
        final String mergeKey;
        boolean onCase;
        long previous;
        boolean openCase;
        PriorityScorer.Customer customer;
        PriorityScorer.Breakdown breakdown;
        QueueService.Dues dues;

        Pending(Arrival arrival, Decision decision, String payload) {
            this.arrival = arrival;
            this.decision = decision;
            this.payload = payload;
            this.mention = arrival.scored().mention();
            this.authorId = mention.author() == null ? null : mention.author().id();
            this.threadRoot = RecentMentions.threadRoot(mention);
            this.mergeKey = String.join("\u001f", mention.brand(), mention.source(), String.valueOf(authorId),
                    threadRoot);
        }

        boolean distress() {
            return arrival.scored().scores().distress().present();
        }

        String author() {
            return mention.brand() + "\u001f" + mention.source() + "\u001f" + authorId;
        }
    }

    private Uni<Boolean> open(SqlConnection c, List<Pending> decided) {
        Set<String> keys = new TreeSet<>();
        decided.forEach(p -> keys.add(p.mergeKey));
        return c.preparedQuery(LOCK).execute(Tuple.of(keys.toArray(String[]::new)))
                .chain(() -> c.preparedQuery(STATE).execute(state(decided)))
                .chain(rows -> {
                    for (Row r : rows) {
                        Pending p = decided.get(r.getLong("ord").intValue() - 1);
                        p.onCase = r.getBoolean("on_case");
                        p.previous = r.getLong("previous");
                        p.openCase = r.getBoolean("open_case");
                        String customer = r.getString("customer_id");
                        p.customer = customer == null
                                ? null
                                : new PriorityScorer.Customer(customer,
                                        r.getString("customer_tier"), r.getDouble("customer_value"));
                    }
                    List<Pending> fresh = decided.stream().filter(p -> !p.onCase).toList();
                    if (fresh.isEmpty()) {
                        return Uni.createFrom().item(false);
                    }
                    Set<String> queues = new HashSet<>();
                    fresh.forEach(p -> queues.add(p.decision.queue()));
                    return QueueService.configs(c, queues).flatMap(configs -> QueueService.policies(c)
                            .flatMap(policies -> write(c, fresh, configs, policies)));
                });
    }

    private static Tuple state(List<Pending> decided) {
        int n = decided.size();
        UUID[] ids = new UUID[n];
        String[] mergeKeys = new String[n];
        String[] brands = new String[n];
        String[] sources = new String[n];
        String[] authors = new String[n];
        String[] handles = new String[n];
        String[] authorKeys = new String[n];
        for (int i = 0; i < n; i++) {
            Pending p = decided.get(i);
            ids[i] = p.mention.id();
            mergeKeys[i] = p.mergeKey;
            brands[i] = p.mention.brand();
            sources[i] = p.mention.source();
            authors[i] = p.authorId;
            if (p.mention.author() != null) {
                handles[i] = String.valueOf(CustomerRecord.normalise(p.mention.author().handle()));
                authorKeys[i] = String.valueOf(CustomerRecord.normalise(p.mention.author().id()));
            }
        }
        return Tuple.from(new Object[]{ids, mergeKeys, brands, sources, authors, handles, authorKeys});
    }

    /** Scores, groups by merge key, upserts the cases, attaches the mentions, writes their audit entries and events. */
    private Uni<Boolean> write(SqlConnection c, List<Pending> fresh, Map<String, QueueConfig> configs,
            Map<String, SlaPolicy> policies) {
        Instant now = clock.instant();
        // Cases this batch opens, per author, in the batch's order: a later mention of the author under another merge
        // key counts them among its previous cases, as it would have one mention after another.
        Map<String, Set<String>> opened = new HashMap<>();
        Map<String, List<Pending>> groups = new LinkedHashMap<>();
        for (Pending p : fresh) {
            Set<String> mine = opened.computeIfAbsent(p.author(), k -> new HashSet<>());
            long earlier = mine.stream().filter(k -> !k.equals(p.mergeKey)).count();
            p.breakdown = scorer.score(p.arrival.scored(), p.customer, p.previous + earlier);
            SlaPolicy policy = policies.get(p.distress() ? QueueService.TIGHTEST : p.decision.band());
            if (policy == null) {
                throw io.earshot.platform.http.ProblemException.notFound("SLA policy " + p.decision.band());
            }
            p.dues = QueueService.dues(configs.get(p.decision.queue()), policy, now);
            if (!p.openCase) {
                mine.add(p.mergeKey);
            }
            groups.computeIfAbsent(p.mergeKey, k -> new ArrayList<>()).add(p);
        }
        return c.preparedQuery(UPSERT).execute(upsert(groups.values(), now))
                .chain(rows -> {
                    Map<String, Row> byKey = new HashMap<>();
                    for (Row r : rows) {
                        byKey.put(r.getString("merge_key"), r);
                    }
                    List<AuditLog.Entry> entries = new ArrayList<>(fresh.size());
                    List<CaseEvents.Outgoing> outgoing = new ArrayList<>(fresh.size());
                    UUID[] mentionIds = new UUID[fresh.size()];
                    UUID[] caseIds = new UUID[fresh.size()];
                    Double[] sentiments = new Double[fresh.size()];
                    String[] payloads = new String[fresh.size()];
                    for (int i = 0; i < fresh.size(); i++) {
                        Pending p = fresh.get(i);
                        Row r = byKey.get(p.mergeKey);
                        CaseEntity entity = entity(r);
                        boolean opens = r.getBoolean("inserted") && groups.get(p.mergeKey).get(0) == p;
                        entries.add(audit.entry("system", opens ? "case.opened" : "case.joined", "case", entity.id
                                .toString(),
                                null, Map.of("mentionId", p.mention.id().toString(), "case", entity.snapshot())));
                        outgoing.add(events.event(entity, opens ? CaseEvent.Type.OPENED : CaseEvent.Type.JOINED,
                                "system",
                                p.mention.id().toString()));
                        mentionIds[i] = p.mention.id();
                        caseIds[i] = entity.id;
                        sentiments[i] = p.arrival.scored().scores().sentiment();
                        payloads[i] = p.payload;
                    }
                    return c.preparedQuery(ATTACH).execute(Tuple.of(mentionIds, caseIds, sentiments, payloads))
                            .chain(() -> audit.recordAll(c, entries))
                            .chain(() -> events.enqueueAll(c, outgoing))
                            .replaceWith(true);
                });
    }

    /** One row per merge key: the first mention's case, with what all of the group's mentions bring merged in. */
    private static Tuple upsert(java.util.Collection<List<Pending>> groups, Instant now) {
        int n = groups.size();
        UUID[] ids = new UUID[n];
        String[] mergeKeys = new String[n];
        String[] queues = new String[n];
        Double[] priorities = new Double[n];
        String[] brands = new String[n];
        String[] sources = new String[n];
        String[] authors = new String[n];
        String[] handles = new String[n];
        String[] roots = new String[n];
        UUID[] triggers = new UUID[n];
        String[] rules = new String[n];
        String[] reasons = new String[n];
        Boolean[] neverAuto = new Boolean[n];
        String[] distress = new String[n];
        String[] traces = new String[n];
        Integer[] ruleVersions = new Integer[n];
        String[] bands = new String[n];
        String[] breakdowns = new String[n];
        String[] customers = new String[n];
        OffsetDateTime[] ackDue = new OffsetDateTime[n];
        OffsetDateTime[] resolveDue = new OffsetDateTime[n];
        Integer[] joins = new Integer[n];
        int i = 0;
        for (List<Pending> g : groups) {
            Pending first = g.get(0);
            Mention m = first.mention;
            ids[i] = Ids.v5(Ids.NAMESPACE, "case\u0000" + m.id());
            mergeKeys[i] = first.mergeKey;
            queues[i] = first.decision.queue();
            brands[i] = m.brand();
            sources[i] = m.source();
            authors[i] = first.authorId;
            handles[i] = m.author() == null ? null : m.author().handle();
            roots[i] = first.threadRoot;
            triggers[i] = m.id();
            rules[i] = first.decision.rule();
            reasons[i] = first.decision.reason();
            traces[i] = first.arrival.traceId();
            ruleVersions[i] = first.decision.ruleVersion();
            Pending top = first;
            boolean never = false;
            String band = null;
            String kind = null;
            String customer = null;
            Instant ack = null;
            Instant resolve = null;
            for (Pending p : g) {
                if (p.breakdown.score() > top.breakdown.score()) {
                    top = p;
                }
                never |= p.decision.neverAutoAnswer();
                band = band == null || p.decision.band().compareTo(band) < 0 ? p.decision.band() : band;
                if (kind == null && p.distress()) {
                    kind = p.arrival.scored().scores().distress().kind().name();
                }
                if (customer == null && p.customer != null) {
                    customer = p.customer.id();
                }
                ack = min(ack, p.dues.ackDue());
                resolve = min(resolve, p.dues.resolveDue());
            }
            priorities[i] = top.breakdown.score();
            breakdowns[i] = AuditLog.json(top.breakdown);
            neverAuto[i] = never;
            bands[i] = band;
            distress[i] = kind;
            customers[i] = customer;
            ackDue[i] = SqlValues.utc(ack);
            resolveDue[i] = SqlValues.utc(resolve);
            joins[i] = g.size();
            i++;
        }
        return Tuple.from(new Object[]{ids, mergeKeys, queues, priorities, brands, sources, authors, handles, roots,
                triggers, rules, reasons, neverAuto, distress, traces, ruleVersions, bands, breakdowns, customers,
                ackDue,
                resolveDue, SqlValues.utc(now), joins});
    }

    private static Instant min(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    /** The case as the upsert left it, with what its audit entry and event show. */
    private static CaseEntity entity(Row r) {
        CaseEntity c = new CaseEntity();
        c.id = r.getUUID("id");
        c.mergeKey = r.getString("merge_key");
        c.status = r.getString("status");
        c.queue = r.getString("queue");
        c.priority = r.getDouble("priority");
        c.brand = r.getString("brand");
        c.priorityBand = r.getString("priority_band");
        c.assignee = r.getString("assignee");
        c.acknowledgedAt = r.getOffsetDateTime("acknowledged_at");
        c.outcome = r.getString("outcome");
        c.escalationLevel = r.getInteger("escalation_level");
        c.version = r.getLong("version");
        return c;
    }
}
