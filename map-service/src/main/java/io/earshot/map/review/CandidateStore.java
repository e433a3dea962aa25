package io.earshot.map.review;

import io.earshot.contracts.Ids;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.InsightCandidate;
import io.earshot.contracts.http.Page;
import io.earshot.contracts.http.PageCursor;
import io.earshot.contracts.security.Scope;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.earshot.map.clusters.ClusterStore;
import io.earshot.map.maps.MapStore;
import io.earshot.map.personas.AuthorTierEntity;
import io.earshot.map.personas.PersonaEntity;
import io.earshot.map.personas.PersonaMatcher;
import io.earshot.map.personas.PersonaMatcher.MentionFacts;
import io.earshot.map.personas.PersonaStore;
import io.earshot.map.privacy.MentionAuthorEntity;
import io.smallrye.mutiny.Uni;
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
import java.util.function.Function;

/**
 * Persistence of insight candidates: intake with persona assignment, lookup and keyset-paginated listing.
 *
 * <p>An incoming candidate that names a persona other than {@value #DEFAULT_PERSONA} is stored for that persona.
 * Otherwise it is assigned by {@link PersonaMatcher} to every matching persona of its brand, or to the default
 * persona, from the facts of its mentions (mentions.scored). When those facts have not arrived yet the candidate
 * waits in {@code candidate_inbox} and is assigned when they arrive ({@link #factsArrived}) or, at the latest, when
 * it has waited {@code earshot.personas.wait} ({@link #assignWaiting}). Intake and facts arrival take a transaction
 * advisory lock per mention id, so whichever commits second sees the other's rows: a candidate is never left waiting
 * for facts already stored. Leaving the inbox is a delete, so each candidate is assigned once; redeliveries are
 * recognised by {@code origin_id} (and the inbox id), so they never add a candidate.
 */
@ApplicationScoped
public class CandidateStore {
    /** The persona of candidates that name none and match no persona's rules. */
    public static final String DEFAULT_PERSONA = "default";

    private static final String INSERT = """
            insert into candidates (id, origin_id, brand, persona, zone, text, theme, evidence_mention_ids, count,
                                    first_seen, last_seen, status, trace_id)
            values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'PENDING', ?12)
            on conflict do nothing""";

    private static final String AUTO_VALIDATE = """
            update candidates set status = 'VALIDATED', item_id = ?2, reviewed_by = 'auto', reviewed_at = now()
            where id = ?1 and status = 'PENDING'""";

    /** The transaction advisory locks of the mention ids given, taken in the order given, in one statement. */
    private static final String LOCK = """
            select count(*) from (select pg_advisory_xact_lock(hashtextextended(id, 0))
                                    from unnest(cast(?1 as text[])) with ordinality as u(id, ord) order by ord) l""";
    /** Which of these candidate ids were received already (stored, or waiting in the inbox). */
    private static final String SEEN = """
            select origin_id from candidates where origin_id = any(?1)
            union select id from candidate_inbox where id = any(?1)""";
    private static final String PARK = """
            insert into candidate_inbox (id, payload, mention_ids, trace_id, received_at) values (?1, ?2, ?3, ?4, ?5)
            on conflict (id) do nothing""";
    private static final String WAITING_FOR = """
            select * from candidate_inbox where mention_ids && cast(?1 as uuid[]) order by received_at, id for update""";
    private static final String OVERDUE = """
            select * from candidate_inbox where received_at <= ?1 order by received_at, id limit ?2 for update skip locked""";
    private static final String UNPARK = "delete from candidate_inbox where id = ?1";

    @Inject
    MapStore maps;
    @Inject
    Clock clock;
    @Inject
    ClusterStore clusters;

    /**
     * Receives a candidate in its own transaction; true when it was new, false when it was received already (a
     * redelivery). Once assigned, a candidate whose brand, persona, zone and theme match an ACTIVE (analyst-validated)
     * map item is attached to it as evidence at once and marked VALIDATED by {@code auto}; a new theme always waits
     * for an analyst. Must run on a safe Vert.x duplicated context.
     */
    public Uni<Boolean> insert(InsightCandidate c, String traceId) {
        return insertAll(List.of(new Arrival(c, traceId))).map(done -> done.get(0));
    }

    /** A candidate of a batch and the trace it continues. */
    public record Arrival(InsightCandidate candidate, String traceId) {
    }

    /**
     * {@link #insert} for a batch, in one transaction, with one statement per step for the whole batch: the mention
     * locks of all of them first, in id order (as every other taker of these locks does, so no two transactions wait
     * on each other in a cycle), which candidates were received already, the facts of their mentions and the personas
     * of their brands; then each new candidate is parked or stored in turn, the session flushed and cleared after each
     * (see {@link #flushAndClear}). For each arrival, whether it was new (a candidate id that comes twice in a batch
     * is new once).
     */
    public Uni<List<Boolean>> insertAll(List<Arrival> arrivals) {
        List<UUID> mentions = arrivals.stream().flatMap(a -> a.candidate().evidenceMentionIds().stream()).distinct()
                .sorted().toList();
        UUID[] ids = arrivals.stream().map(a -> a.candidate().id()).distinct().toArray(UUID[]::new);
        return Panache.withTransaction(() -> lock(mentions)
                .chain(() -> Panache.getSession().flatMap(s -> s.createNativeQuery(SEEN, UUID.class).setParameter(1, ids)
                        .getResultList()))
                .flatMap(seen -> {
                    Set<UUID> received = new HashSet<>(seen);
                    List<Arrival> fresh = new ArrayList<>();
                    List<Boolean> answers = new ArrayList<>(arrivals.size());
                    for (Arrival a : arrivals) {
                        boolean isNew = received.add(a.candidate().id());
                        answers.add(isNew);
                        if (isNew) {
                            fresh.add(a);
                        }
                    }
                    List<UUID> matched = fresh.stream().filter(a -> named(a.candidate().persona()) == null)
                            .flatMap(a -> a.candidate().evidenceMentionIds().stream()).distinct().toList();
                    List<String> brands = fresh.stream().map(a -> brand(a.candidate())).distinct().toList();
                    return facts(matched).flatMap(facts -> personas(brands).flatMap(personas -> {
                        Map<UUID, MentionFacts> factOf = new HashMap<>();
                        facts.forEach(f -> factOf.put(f.mentionId(), f));
                        Uni<Integer> chain = Uni.createFrom().item(0);
                        for (Arrival a : fresh) {
                            chain = chain.chain(() -> receive(a.candidate(), a.traceId(), factOf, personas))
                                    .call(CandidateStore::flushAndClear).replaceWith(0);
                        }
                        return chain.chain(() -> clusters.absorb(fresh.stream().map(a -> a.candidate().id()).toList()));
                    })).replaceWith(answers);
                }));
    }

    /**
     * Writes what the current session holds and forgets its entities. A batch calls it between items: otherwise
     * every query's auto-flush dirty-checks all the entities the batch loaded so far, which makes a batch quadratic.
     */
    public static Uni<Void> flushAndClear() {
        return Panache.getSession().flatMap(s -> s.flush().invoke(s::clear));
    }

    /** Stores or parks a candidate not received before, with the facts and personas its batch fetched. */
    private Uni<Void> receive(InsightCandidate c, String traceId, Map<UUID, MentionFacts> factOf,
            Map<String, List<PersonaEntity>> personas) {
        String named = named(c.persona());
        if (named != null) {
            return store(c, named, c.id(), traceId);
        }
        List<UUID> mentions = c.evidenceMentionIds().stream().distinct().sorted().toList();
        List<MentionFacts> facts = mentions.stream().map(factOf::get).filter(Objects::nonNull).toList();
        return facts.size() < mentions.size() ? park(c, mentions, traceId)
                : assign(c, facts, personas.getOrDefault(brand(c), List.of()), traceId);
    }

    /**
     * The facts of these mentions were just stored (in the caller's transaction, which holds their locks through
     * {@link #lockMentions}): every waiting candidate that names any of them and whose mentions are now all known is
     * assigned.
     */
    public Uni<Integer> factsArrived(List<UUID> mentionIds) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery(WAITING_FOR, CandidateInboxEntity.class)
                .setParameter(1, mentionIds.toArray(new UUID[0])).getResultList())
                .flatMap(waiting -> sequentially(waiting, row -> facts(List.of(row.mentionIds)).flatMap(facts ->
                        facts.size() < row.mentionIds.length ? Uni.createFrom().item(0) : unpark(row, facts)))
                        .call(() -> clusters.absorb(waiting.stream().map(row -> row.id).toList())));
    }

    /**
     * Assigns, in one transaction, up to {@code batch} candidates that have waited since {@code cutoff} or longer,
     * with whatever facts are known by now (the default persona when none are); the number assigned.
     */
    public Uni<Integer> assignWaiting(Instant cutoff, int batch) {
        return Panache.withTransaction(() -> Panache.getSession()
                .flatMap(s -> s.createNativeQuery(OVERDUE, CandidateInboxEntity.class)
                        .setParameter(1, offset(cutoff)).setParameter(2, batch).getResultList())
                .flatMap(rows -> sequentially(rows, row -> facts(List.of(row.mentionIds)).flatMap(f -> unpark(row, f)))
                        .call(() -> clusters.absorb(rows.stream().map(row -> row.id).toList()))));
    }

    /**
     * Takes the transaction advisory lock of each mention (held until commit), in the order given (callers sort them),
     * in one statement.
     */
    public Uni<Void> lockMentions(List<UUID> mentionIds) {
        return lock(mentionIds);
    }

    private Uni<Integer> unpark(CandidateInboxEntity row, List<MentionFacts> facts) {
        InsightCandidate parked = EventCodec.decode(row.payload, InsightCandidate.class);
        InsightCandidate c = new InsightCandidate(parked.schemaVersion(), parked.id(), parked.brand(), parked.persona(),
                parked.zone(), parked.text(), parked.theme(), List.of(row.mentionIds), parked.count(),
                parked.firstSeen(), parked.lastSeen());
        return Panache.getSession().flatMap(s -> s.createNativeQuery(UNPARK).setParameter(1, row.id).executeUpdate())
                .flatMap(deleted -> deleted == 0 ? Uni.createFrom().item(0) : assign(c, facts, row.traceId).replaceWith(1));
    }

    private Uni<Void> park(InsightCandidate c, List<UUID> mentions, String traceId) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery(PARK)
                .setParameter(1, c.id())
                .setParameter(2, EventCodec.encode(c))
                .setParameter(3, mentions.toArray(new UUID[0]))
                .setParameter(4, traceId)
                .setParameter(5, offset(clock.instant()))
                .executeUpdate()).replaceWithVoid();
    }

    /** Stores the candidate for every persona of its brand that matches the facts, or for the default persona. */
    private Uni<Void> assign(InsightCandidate c, List<MentionFacts> facts, String traceId) {
        return PersonaEntity.<PersonaEntity>list("brand", brand(c)).flatMap(personas -> assign(c, facts, personas, traceId));
    }

    private Uni<Void> assign(InsightCandidate c, List<MentionFacts> facts, List<PersonaEntity> personas, String traceId) {
        List<String> names = PersonaMatcher.match(personas.stream()
                .map(p -> new PersonaMatcher.Candidate(p.name, PersonaStore.rules(p))).toList(), facts);
        List<String> targets = names.isEmpty() ? List.of(DEFAULT_PERSONA) : names;
        return sequentially(targets, name -> store(c, name, rowId(c.id(), name), traceId).replaceWith(0)).replaceWithVoid();
    }

    /** The personas of these brands, by brand (one query). */
    private static Uni<Map<String, List<PersonaEntity>>> personas(List<String> brands) {
        if (brands.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return PersonaEntity.<PersonaEntity>list("brand in ?1", brands).map(found -> {
            Map<String, List<PersonaEntity>> byBrand = new HashMap<>();
            found.forEach(p -> byBrand.computeIfAbsent(p.brand, b -> new ArrayList<>()).add(p));
            return byBrand;
        });
    }

    /** The stored candidate's id: the incoming id for the default persona, UUIDv5(id, persona) for others. */
    public static UUID rowId(UUID origin, String persona) {
        return DEFAULT_PERSONA.equals(persona) ? origin : Ids.v5(origin, "persona\u0000" + persona);
    }

    /** The facts known of the mentions, each with its author's CRM tier when known (current session). */
    private static Uni<List<MentionFacts>> facts(List<UUID> mentions) {
        if (mentions.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return MentionAuthorEntity.<MentionAuthorEntity>list("mentionId in ?1", mentions).flatMap(rows -> {
            List<String> authors = rows.stream().map(r -> r.authorKey).filter(Objects::nonNull).distinct().toList();
            Uni<List<AuthorTierEntity>> tiers = authors.isEmpty() ? Uni.createFrom().item(List.of())
                    : AuthorTierEntity.list("authorKey in ?1", authors);
            return tiers.map(found -> {
                Map<String, String> tierOf = new HashMap<>();
                found.forEach(t -> tierOf.put(t.authorKey, t.tier));
                return rows.stream().map(r -> new MentionFacts(r.mentionId, r.source,
                        r.topics == null ? List.of() : List.of(r.topics), r.text,
                        r.authorKey == null ? null : tierOf.get(r.authorKey))).toList();
            });
        });
    }

    private Uni<Void> store(InsightCandidate c, String persona, UUID id, String traceId) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(INSERT)
                .setParameter(1, id)
                .setParameter(2, c.id())
                .setParameter(3, brand(c))
                .setParameter(4, persona)
                .setParameter(5, c.zone().name())
                .setParameter(6, c.text())
                .setParameter(7, c.theme())
                .setParameter(8, c.evidenceMentionIds().toArray(new UUID[0]))
                .setParameter(9, c.count())
                .setParameter(10, offset(c.firstSeen()))
                .setParameter(11, offset(c.lastSeen()))
                .setParameter(12, traceId)
                .executeUpdate())
                .flatMap(rows -> rows > 0 && c.theme() != null ? autoAttach(c, persona, id) : Uni.createFrom().voidItem());
    }

    private Uni<Void> autoAttach(InsightCandidate c, String persona, UUID id) {
        // Items validated from a cluster gather their later evidence through the cluster (ClusterStore), not by theme.
        return maps.activeItem(brand(c), persona, c.zone(), c.theme()).flatMap(item -> item == null || item.clusterId != null
                ? Uni.createFrom().voidItem()
                : maps.attach(item.id, id)
                        .chain(() -> Panache.getSession().flatMap(s -> s.createNativeQuery(AUTO_VALIDATE)
                                .setParameter(1, id).setParameter(2, item.id).executeUpdate()))
                        .replaceWithVoid());
    }

    private static Uni<Void> lock(List<UUID> mentions) {
        return mentions.isEmpty() ? Uni.createFrom().voidItem()
                : count(LOCK, mentions.stream().map(UUID::toString).toArray(String[]::new)).replaceWithVoid();
    }

    private static Uni<Long> count(String sql, Object parameter) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery(sql, Long.class).setParameter(1, parameter)
                .getSingleResult());
    }

    /** Runs the steps one after the other in the current session; the sum of their results. */
    private static <T> Uni<Integer> sequentially(List<T> items, Function<T, Uni<Integer>> step) {
        Uni<Integer> chain = Uni.createFrom().item(0);
        for (T item : items) {
            chain = chain.flatMap(sum -> step.apply(item).map(n -> sum + n));
        }
        return chain;
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
        String query = where.isEmpty() ? "from CandidateEntity" : "from CandidateEntity where " + String.join(" and ", where);
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
