package io.earshot.map.review;

import io.earshot.contracts.Ids;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.InsightCandidate;
import io.earshot.map.clusters.ClusterStore;
import io.earshot.map.personas.PersonaMatcher;
import io.earshot.map.personas.PersonaMatcher.MentionFacts;
import io.earshot.map.personas.PersonaStore.Rules;
import io.earshot.platform.db.SqlValues;
import io.earshot.platform.http.Page;
import io.earshot.platform.http.PageCursor;
import io.earshot.platform.security.Scope;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Persistence of insight candidates: intake with persona assignment (the Kafka hot path, on the reactive PostgreSQL
 * client), lookup and keyset-paginated listing (Hibernate Reactive).
 *
 * <p>An incoming candidate that names a persona other than {@value #DEFAULT_PERSONA} is stored for that persona.
 * Otherwise it is assigned by {@link PersonaMatcher} to every matching persona of its brand, or to the default
 * persona, from the facts of its mentions (mentions.scored). When those facts have not arrived yet the candidate
 * waits in {@code candidate_inbox} and is assigned when they arrive ({@link #factsArrived}) or, at the latest, when
 * it has waited {@code earshot.personas.wait} ({@link #assignWaiting}). Intake and facts arrival take a transaction
 * advisory lock per mention id, so whichever commits second sees the other's rows: a candidate is never left waiting
 * for facts already stored. Leaving the inbox is a delete, so each candidate is assigned once; redeliveries are
 * recognised by {@code origin_id} (and the inbox id), so they never add a candidate.
 *
 * <p>A batch (a Kafka poll; a single record is a batch of one) is one transaction with a fixed number of statements
 * whatever its size: the mention locks, which candidates were received already, the facts of their mentions and the
 * personas of their brands; then one insert of everything parked, one insert of everything stored, one auto-attachment
 * of the stored candidates whose theme is an ACTIVE map item, one recount of those items, and the clustering
 * ({@link ClusterStore#absorb}). Multi-row inserts go in id order.
 */
@ApplicationScoped
public class CandidateStore {
    /** The persona of candidates that name none and match no persona's rules. */
    public static final String DEFAULT_PERSONA = "default";

    /** The candidate rows of a batch (one per persona), in id order; the ids actually inserted. */
    private static final String INSERT = """
            insert into candidates (id, origin_id, brand, persona, zone, text, theme, evidence_mention_ids, count,
                                    first_seen, last_seen, status, trace_id)
            select id, o, b, p, z, tx, th, cast(m as uuid[]), cast(n as integer), cast(f as timestamptz),
                   cast(l as timestamptz), 'PENDING', tr
              from unnest(cast($1 as uuid[]), cast($2 as uuid[]), cast($3 as text[]), cast($4 as text[]),
                          cast($5 as text[]), cast($6 as text[]), cast($7 as text[]), cast($8 as text[]),
                          cast($9 as text[]), cast($10 as text[]), cast($11 as text[]), cast($12 as text[]))
                   as r(id, o, b, p, z, tx, th, m, n, f, l, tr)
             order by id
            on conflict do nothing
            returning id""";

    /**
     * Stored candidates whose brand, persona, zone and theme match an ACTIVE item an analyst validated by theme (not
     * from a cluster: those gather their evidence through the cluster) become its evidence, VALIDATED by auto.
     */
    private static final String AUTO_ATTACH = """
            with moved as (
                update candidates c set status = 'VALIDATED', item_id = i.id, reviewed_by = 'auto', reviewed_at = now()
                  from map_items i
                 where c.id = any($1) and c.status = 'PENDING' and c.theme is not null and i.status = 'ACTIVE'
                   and i.cluster_id is null and i.brand = c.brand and i.persona = c.persona and i.zone = c.zone
                   and i.theme = c.theme
                returning c.id, c.item_id, c.text, c.evidence_mention_ids,
                          coalesce(c.last_seen, c.first_seen, c.received_at) as seen)
            """ + ClusterStore.EVIDENCE_OF_MOVED;

    /** The transaction advisory locks of these mention ids, in hash order whatever the order given, in one statement. */
    private static final String LOCK = """
            select count(pg_advisory_xact_lock(h)) as locked
              from (select distinct hashtextextended(k, 0) as h from unnest(cast($1 as text[])) as k order by 1) as keys""";
    /** Which of these candidate ids were received already (stored, or waiting in the inbox). */
    private static final String SEEN = """
            select origin_id as id from candidates where origin_id = any($1)
            union select id from candidate_inbox where id = any($1)""";
    /** The facts of these mentions, with their author's CRM tier when known. */
    private static final String FACTS = """
            select a.mention_id, a.source, a.topics, a.text, t.tier
              from mention_authors a left join author_tiers t on t.author_key = a.author_key
             where a.mention_id = any($1)""";
    private static final String PERSONAS = """
            select brand, name, topics, sources, keywords, tiers from personas where brand = any(cast($1 as text[]))""";
    private static final String PARK = """
            insert into candidate_inbox (id, payload, mention_ids, trace_id, received_at)
            select id, p, cast(m as uuid[]), t, cast($5 as timestamptz)
              from unnest(cast($1 as uuid[]), cast($2 as text[]), cast($3 as text[]), cast($4 as text[])) as r(id, p, m, t)
             order by id
            on conflict (id) do nothing""";
    private static final String WAITING_FOR = """
            select id, payload, mention_ids, trace_id from candidate_inbox where mention_ids && cast($1 as uuid[])
             order by received_at, id for update""";
    private static final String OVERDUE = """
            select id, payload, mention_ids, trace_id from candidate_inbox where received_at <= $1
             order by received_at, id limit $2 for update skip locked""";
    private static final String UNPARK = "delete from candidate_inbox where id = any($1) returning id";

    @Inject
    Pool pool;
    @Inject
    Clock clock;
    @Inject
    ClusterStore clusters;

    /**
     * Receives a candidate in its own transaction (a batch of one, {@link #insertAll}); true when it was new, false
     * when it was received already (a redelivery).
     */
    public Uni<Boolean> insert(InsightCandidate c, String traceId) {
        return insertAll(List.of(new Arrival(c, traceId))).map(done -> done.get(0));
    }

    /** A candidate of a batch and the trace it continues. */
    public record Arrival(InsightCandidate candidate, String traceId) {}

    /**
     * Receives a batch in one transaction: the mention locks of all of them first (in one order, as every other taker
     * of these locks does, so no two transactions wait on each other in a cycle), which candidates were received
     * already, the facts of their mentions and the personas of their brands; then each new candidate is parked or
     * stored for its personas, all in one statement each. Once assigned, a candidate whose brand, persona, zone and
     * theme match an ACTIVE (analyst-validated) map item is attached to it as evidence at once and marked VALIDATED by
     * {@code auto}; a new theme always waits for an analyst (in its cluster). For each arrival, whether it was new (a
     * candidate id that comes twice in a batch is new once).
     */
    public Uni<List<Boolean>> insertAll(List<Arrival> arrivals) {
        return pool.withTransaction(c -> intake(c, arrivals));
    }

    private Uni<List<Boolean>> intake(SqlConnection c, List<Arrival> arrivals) {
        List<UUID> mentions = arrivals.stream().flatMap(a -> a.candidate().evidenceMentionIds().stream()).distinct()
                .toList();
        UUID[] ids = arrivals.stream().map(a -> a.candidate().id()).distinct().toArray(UUID[]::new);
        return lockMentions(c, mentions).chain(() -> c.preparedQuery(SEEN).execute(Tuple.of(ids))).flatMap(seen -> {
            Set<UUID> received = new HashSet<>();
            seen.forEach(r -> received.add(r.getUUID("id")));
            List<Arrival> fresh = new ArrayList<>();
            List<Boolean> answers = new ArrayList<>(arrivals.size());
            for (Arrival a : arrivals) {
                boolean isNew = received.add(a.candidate().id());
                answers.add(isNew);
                if (isNew) {
                    fresh.add(a);
                }
            }
            if (fresh.isEmpty()) {
                return Uni.createFrom().item(answers);
            }
            List<UUID> matched = fresh.stream().filter(a -> named(a.candidate().persona()) == null)
                    .flatMap(a -> a.candidate().evidenceMentionIds().stream()).distinct().toList();
            return facts(c, matched).flatMap(factOf -> personas(c, fresh.stream().map(a -> a.candidate()).toList())
                    .flatMap(personas -> {
                        Intake batch = new Intake();
                        fresh.forEach(a -> batch.receive(a.candidate(), a.traceId(), factOf, personas));
                        return batch.write(c, fresh.stream().map(a -> a.candidate().id()).toList());
                    })).replaceWith(answers);
        });
    }

    /**
     * The facts of these mentions were just stored (in the caller's transaction, which holds their locks through
     * {@link #lockMentions}): every waiting candidate that names any of them and whose mentions are now all known is
     * assigned; the number assigned.
     */
    public Uni<Integer> factsArrived(SqlConnection c, List<UUID> mentionIds) {
        return c.preparedQuery(WAITING_FOR).execute(Tuple.of(mentionIds.toArray(new UUID[0])))
                .flatMap(rows -> unpark(c, parked(rows), true));
    }

    /**
     * Assigns, in one transaction, up to {@code batch} candidates that have waited since {@code cutoff} or longer,
     * with whatever facts are known by now (the default persona when none are); the number assigned.
     */
    public Uni<Integer> assignWaiting(Instant cutoff, int batch) {
        return pool.withTransaction(c -> c.preparedQuery(OVERDUE).execute(Tuple.of(SqlValues.utc(cutoff), (long) batch))
                .flatMap(rows -> unpark(c, parked(rows), false)));
    }

    /**
     * Takes the transaction advisory lock of each mention (held until commit), in one order whatever the order given,
     * in one statement.
     */
    public Uni<Void> lockMentions(SqlConnection c, List<UUID> mentionIds) {
        return mentionIds.isEmpty()
                ? Uni.createFrom().voidItem()
                : c.preparedQuery(LOCK).execute(Tuple.of(mentionIds.stream().map(UUID::toString).toArray(
                        String[]::new)))
                        .replaceWithVoid();
    }

    /** A candidate waiting in the inbox. */
    private record Parked(InsightCandidate candidate, String traceId) {}

    private static List<Parked> parked(RowSet<Row> rows) {
        List<Parked> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            InsightCandidate p = EventCodec.decode(r.getString("payload"), InsightCandidate.class);
            out.add(new Parked(new InsightCandidate(p.schemaVersion(), r.getUUID("id"), p.brand(), p.persona(),
                    p.zone(), p.text(), p.theme(), List.of(r.getArrayOfUUIDs("mention_ids")), p.count(), p.firstSeen(),
                    p.lastSeen()), r.getString("trace_id")));
        }
        return out;
    }

    /**
     * Takes these candidates out of the inbox (one delete: a row another transaction took already is skipped) and
     * assigns them with the facts known of their mentions; with {@code complete}, only those whose mentions' facts are
     * all known leave. The number assigned.
     */
    private Uni<Integer> unpark(SqlConnection c, List<Parked> waiting, boolean complete) {
        if (waiting.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        List<UUID> mentions = waiting.stream().flatMap(p -> p.candidate().evidenceMentionIds().stream()).distinct()
                .toList();
        return facts(c, mentions).flatMap(factOf -> {
            List<Parked> ready = waiting.stream().filter(p -> !complete
                    || factOf.keySet().containsAll(p.candidate().evidenceMentionIds())).toList();
            if (ready.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            UUID[] ids = ready.stream().map(p -> p.candidate().id()).sorted().toArray(UUID[]::new);
            return c.preparedQuery(UNPARK).execute(Tuple.of(ids)).flatMap(deleted -> {
                Set<UUID> left = new HashSet<>();
                deleted.forEach(r -> left.add(r.getUUID("id")));
                List<InsightCandidate> leaving = ready.stream().map(Parked::candidate)
                        .filter(p -> left.contains(p.id())).toList();
                return personas(c, leaving).flatMap(personas -> {
                    Intake batch = new Intake();
                    ready.stream().filter(p -> left.contains(p.candidate().id())).forEach(p -> batch.assign(
                            p.candidate(), facts(p.candidate(), factOf), personas, p.traceId()));
                    return batch.write(c, List.copyOf(left));
                }).replaceWith(left.size());
            });
        });
    }

    /** What a batch writes: the candidates it parks and the candidate rows it stores. */
    private final class Intake {
        final List<InsightCandidate> parked = new ArrayList<>();
        final List<String> parkedTraces = new ArrayList<>();
        final List<StoredRow> rows = new ArrayList<>();

        /** A candidate not received before, with the facts and personas its batch fetched: stored or parked. */
        void receive(InsightCandidate c, String traceId, Map<UUID, MentionFacts> factOf,
                Map<String, List<PersonaMatcher.Candidate>> personas) {
            String named = named(c.persona());
            if (named != null) {
                rows.add(new StoredRow(c.id(), c, named, traceId));
                return;
            }
            List<MentionFacts> facts = facts(c, factOf);
            if (facts.size() < c.evidenceMentionIds().stream().distinct().count()) {
                parked.add(c);
                parkedTraces.add(traceId);
            } else {
                assign(c, facts, personas, traceId);
            }
        }

        /** Stores the candidate for every persona of its brand that matches the facts, or for the default persona. */
        void assign(InsightCandidate c, List<MentionFacts> facts, Map<String, List<PersonaMatcher.Candidate>> personas,
                String traceId) {
            List<String> names = PersonaMatcher.match(personas.getOrDefault(brand(c), List.of()), facts);
            for (String name : names.isEmpty() ? List.of(DEFAULT_PERSONA) : names) {
                rows.add(new StoredRow(rowId(c.id(), name), c, name, traceId));
            }
        }

        /** Parks, stores, auto-attaches and clusters (the candidates of these incoming ids), a statement each. */
        Uni<Void> write(SqlConnection c, List<UUID> originIds) {
            return park(c).chain(() -> store(c)).chain(() -> clusters.absorb(c, originIds)).replaceWithVoid();
        }

        private Uni<Void> park(SqlConnection c) {
            if (parked.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            int n = parked.size();
            UUID[] ids = new UUID[n];
            String[] payloads = new String[n];
            String[] mentions = new String[n];
            String[] traces = new String[n];
            for (int i = 0; i < n; i++) {
                InsightCandidate p = parked.get(i);
                ids[i] = p.id();
                payloads[i] = EventCodec.encode(p);
                mentions[i] = uuidArray(p.evidenceMentionIds().stream().distinct().sorted().toList());
                traces[i] = parkedTraces.get(i);
            }
            return c.preparedQuery(PARK).execute(Tuple.of(ids, payloads, mentions, traces,
                    SqlValues.utc(clock.instant()))).replaceWithVoid();
        }

        private Uni<Void> store(SqlConnection c) {
            if (rows.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            int n = rows.size();
            UUID[] ids = new UUID[n];
            UUID[] origins = new UUID[n];
            String[][] cols = new String[10][n];
            for (int i = 0; i < n; i++) {
                StoredRow r = rows.get(i);
                InsightCandidate k = r.candidate();
                ids[i] = r.id();
                origins[i] = k.id();
                cols[0][i] = brand(k);
                cols[1][i] = r.persona();
                cols[2][i] = k.zone().name();
                cols[3][i] = k.text();
                cols[4][i] = k.theme();
                cols[5][i] = uuidArray(k.evidenceMentionIds());
                cols[6][i] = Integer.toString(k.count());
                cols[7][i] = k.firstSeen() == null ? null : k.firstSeen().toString();
                cols[8][i] = k.lastSeen() == null ? null : k.lastSeen().toString();
                cols[9][i] = r.traceId();
            }
            Tuple t = Tuple.of(ids, origins);
            for (String[] col : cols) {
                t.addValue(col);
            }
            return c.preparedQuery(INSERT).execute(t).flatMap(inserted -> {
                List<UUID> stored = new ArrayList<>();
                inserted.forEach(r -> stored.add(r.getUUID("id")));
                return stored.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : c.preparedQuery(AUTO_ATTACH).execute(Tuple.of(stored.toArray(new UUID[0])))
                                .flatMap(attached -> ClusterStore.recount(c, attached));
            });
        }
    }

    /** A candidate row: the candidate for one persona. */
    private record StoredRow(UUID id, InsightCandidate candidate, String persona, String traceId) {}

    /** The stored candidate's id: the incoming id for the default persona, UUIDv5(id, persona) for others. */
    public static UUID rowId(UUID origin, String persona) {
        return DEFAULT_PERSONA.equals(persona) ? origin : Ids.v5(origin, "persona\u0000" + persona);
    }

    /** The known facts of a candidate's distinct mentions, in mention id order. */
    private static List<MentionFacts> facts(InsightCandidate c, Map<UUID, MentionFacts> factOf) {
        return c.evidenceMentionIds().stream().distinct().sorted().map(factOf::get).filter(Objects::nonNull).toList();
    }

    /** The facts known of the mentions, each with its author's CRM tier when known, by mention (one statement). */
    private static Uni<Map<UUID, MentionFacts>> facts(SqlConnection c, List<UUID> mentions) {
        if (mentions.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return c.preparedQuery(FACTS).execute(Tuple.of(mentions.toArray(new UUID[0]))).map(rows -> {
            Map<UUID, MentionFacts> out = new HashMap<>();
            for (Row r : rows) {
                String[] topics = r.getArrayOfStrings("topics");
                UUID id = r.getUUID("mention_id");
                out.put(id, new MentionFacts(id, r.getString("source"), topics == null ? List.of() : List.of(topics),
                        r.getString("text"), r.getString("tier")));
            }
            return out;
        });
    }

    /** The personas of these candidates' brands as the matcher takes them, by brand (one statement). */
    private static Uni<Map<String, List<PersonaMatcher.Candidate>>> personas(SqlConnection c,
            List<InsightCandidate> candidates) {
        String[] brands = candidates.stream().map(CandidateStore::brand).distinct().toArray(String[]::new);
        if (brands.length == 0) {
            return Uni.createFrom().item(Map.of());
        }
        return c.preparedQuery(PERSONAS).execute(Tuple.of(brands)).map(rows -> {
            Map<String, List<PersonaMatcher.Candidate>> byBrand = new HashMap<>();
            for (Row r : rows) {
                byBrand.computeIfAbsent(r.getString("brand"), b -> new ArrayList<>()).add(new PersonaMatcher.Candidate(
                        r.getString("name"), new Rules(strings(r, "topics"), strings(r, "sources"),
                                strings(r, "keywords"), strings(r, "tiers"))));
            }
            return byBrand;
        });
    }

    private static List<String> strings(Row r, String column) {
        String[] values = r.getArrayOfStrings(column);
        return values == null ? List.of() : List.of(values);
    }

    /** Mention ids as a {@code uuid[]} literal inside a multi-row statement's {@code text[]} parameter. */
    private static String uuidArray(List<UUID> ids) {
        return SqlValues.textArray(ids.stream().map(UUID::toString).toList());
    }

    /** The persona a candidate names, or null when it names none (or the default one) and is matched instead. */
    static String named(String persona) {
        if (persona == null || persona.isBlank() || persona.strip().equals(DEFAULT_PERSONA)) {
            return null;
        }
        return persona.strip();
    }

    private static String brand(InsightCandidate c) {
        return c.brand().trim().toLowerCase(Locale.ROOT);
    }

    @WithSession
    public Uni<CandidateEntity> find(UUID id) {
        return CandidateEntity.findById(id);
    }

    /** Up to {@code limit} candidates of {@code scope} after {@code after} (newest first), filtered by status, brand and persona. */
    @WithSession
    public Uni<Page<CandidateView>> list(Scope scope, CandidateStatus status, String brand, String persona, int limit,
            PageCursor after) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        StringBuilder scoped = new StringBuilder("1 = 1");
        scope.restrict(scoped, params, "brand", null);
        where.add(scoped.toString());
        if (status != null) {
            where.add("status = :status");
            params.put("status", status);
        }
        if (brand != null) {
            where.add("brand = :brand");
            params.put("brand", brand.toLowerCase(Locale.ROOT));
        }
        if (persona != null) {
            where.add("persona = :persona");
            params.put("persona", persona);
        }
        if (after != null) {
            where.add("(receivedAt < :ts or (receivedAt = :ts and id < :id))");
            params.put("ts", offset(after.at()));
            params.put("id", after.id());
        }
        String query = where.isEmpty()
                ? "from CandidateEntity"
                : "from CandidateEntity where " + String.join(" and ", where);
        return CandidateEntity.<CandidateEntity>find(query, Sort.descending("receivedAt", "id"), params)
                .range(0, limit) // one more than asked for, to know whether there is a next page
                .list()
                .map(rows -> {
                    boolean more = rows.size() > limit;
                    List<CandidateEntity> page = more ? rows.subList(0, limit) : rows;
                    String next = null;
                    if (more) {
                        CandidateEntity last = page.get(page.size() - 1);
                        next = new PageCursor(last.receivedAt.toInstant(), last.id).encode();
                    }
                    return new Page<CandidateView>(page.stream().map(CandidateView::of).toList(), next);
                });
    }

    private static OffsetDateTime offset(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
