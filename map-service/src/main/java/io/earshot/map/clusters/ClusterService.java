package io.earshot.map.clusters;

import io.earshot.contracts.events.Zone;
import io.earshot.map.clusters.Clusterer.Key;
import io.earshot.map.clusters.Clusterer.Profile;
import io.earshot.platform.db.Sql;
import io.earshot.platform.http.ProblemException;
import io.earshot.platform.security.Scope;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The review of insight clusters: the queue ordered by impact, and the analyst's actions (validate, edit the
 * statement, merge, split, reject), each one transaction.
 */
@ApplicationScoped
public class ClusterService {
    static final int MAX_STATEMENT = 2_000;
    static final int MAX_REASON = 2_000;

    private static final String COLUMNS = """
            select id, brand, persona, zone, theme, status, statement, statement_edited, medoid_mention_id,
                   cast(medoid_score as float8), item_id, reviewed_by,
                   cast(extract(epoch from reviewed_at) * 1000 as bigint), reject_reason, merged_into, members
            from insight_clusters""";
    private static final String EVIDENCE = """
            select cluster_id, mention_id, author_key, source, quote, cast(sentiment as float8), emotion, dup_group,
                   followers, cast(extract(epoch from seen_at) * 1000 as bigint)
            from cluster_evidence where cluster_id = any(?1)""";
    private static final String CANDIDATES_OF = "select id from candidates where cluster_id = ?1";
    private static final String ITEM_OF = "select item_id, status from insight_clusters where id = ?1";
    private static final String CREATE_ITEM = """
            insert into map_items (id, brand, persona, zone, text, theme, status, cluster_id, inferred, validated_by,
                                   validated_at)
            values (?1, ?2, ?3, ?4, ?5,
                    case when exists (select 1 from map_items where brand = ?2 and persona = ?3 and zone = ?4
                                        and theme = ?6 and status = 'ACTIVE') then ?7 else ?6 end,
                    'ACTIVE', ?8, true, ?9, now())""";
    private static final String VALIDATED = """
            update insight_clusters set status = 'VALIDATED', item_id = ?2, reviewed_by = ?3, reviewed_at = now(),
                   statement = ?4, statement_edited = statement_edited or ?5, updated_at = now(), version = version + 1
            where id = ?1""";
    private static final String REJECTED = """
            update insight_clusters set status = 'REJECTED', reviewed_by = ?2, reviewed_at = now(), reject_reason = ?3,
                   updated_at = now(), version = version + 1
            where id = ?1""";
    private static final String MERGED = """
            update insight_clusters set status = 'MERGED', merged_into = ?2, reviewed_by = ?3, reviewed_at = now(),
                   members = 0, updated_at = now(), version = version + 1
            where id = ?1""";
    private static final String REJECT_CANDIDATES = """
            update candidates set status = 'REJECTED', reviewed_by = ?2, reviewed_at = now(), reject_reason = ?3
            where cluster_id = ?1 and status = 'PENDING'""";
    private static final String EDIT = """
            update insight_clusters set statement = ?2, statement_edited = true, updated_at = now(),
                   version = version + 1 where id = ?1""";
    private static final String EDIT_ITEM = """
            update map_items set text = ?2, updated_at = now(), version = version + 1
            where cluster_id = ?1 and status = 'ACTIVE'""";
    private static final String MOVE_EVIDENCE = "update cluster_evidence set cluster_id = ?2 where cluster_id = ?1";
    private static final String MOVE_CANDIDATES = "update candidates set cluster_id = ?2 where cluster_id = ?1";
    /** The evidence of the candidates of these mentions (all of a candidate's mentions go together). */
    private static final String SPLIT_EVIDENCE = """
            update cluster_evidence set cluster_id = ?2 where cluster_id = ?1 and candidate_id in
                   (select candidate_id from cluster_evidence where cluster_id = ?1 and mention_id = any(?3))""";
    private static final String SPLIT_CANDIDATES = """
            update candidates set cluster_id = ?2 where cluster_id = ?1 and id in
                   (select candidate_id from cluster_evidence where cluster_id = ?2)""";

    private final Clock clock;

    public ClusterService(Clock clock) {
        this.clock = clock;
    }

    /** The review queue and what is kept out of it. */
    public record Queue(List<ClusterView> items, int waiting, List<ClusterView> campaigns, String impactFormula) {}

    /**
     * PENDING clusters of a brand (and persona) with enough organic evidence, by impact, at most {@code limit};
     * {@code waiting} counts the ones below {@link Clusterer#QUEUE_MIN_AUTHORS}; {@code campaigns} are the clusters
     * whose evidence includes copy-paste campaigns, shown apart (their campaign posts never count).
     */
    @WithSession
    public Uni<Queue> queue(Scope scope, String brand, String persona, int limit) {
        List<String> where = new ArrayList<>(List.of("status = 'PENDING'"));
        List<Object> params = new ArrayList<>();
        where.add(scope.brandCondition("brand", "?", 1));
        params.addAll(scope.brandParams());
        if (brand != null) {
            params.add(brand.toLowerCase(Locale.ROOT));
            where.add("brand = ?" + params.size());
        }
        if (persona != null) {
            params.add(persona);
            where.add("persona = ?" + params.size());
        }
        return select(COLUMNS + " where " + String.join(" and ", where), params).flatMap(this::build).map(views -> {
            List<ClusterView> queue = new ArrayList<>();
            List<ClusterView> campaigns = new ArrayList<>();
            int waiting = 0;
            List<ClusterView> reviewable = new ArrayList<>();
            for (ClusterView v : views) {
                if (v.stats().campaignMentions() > 0) {
                    campaigns.add(v);
                }
                if (v.stats().reviewable()) {
                    reviewable.add(v);
                } else if (v.stats().campaignMentions() == 0) {
                    waiting++;
                }
            }
            Map<ClusterView, ClusterView> rootOf = Clusterer.facets(reviewable, ClusterView::key,
                    ClusterView::mentionIds);
            for (ClusterView v : reviewable) {
                if (!rootOf.containsKey(v)) {
                    List<ClusterView> facets = rootOf.entrySet().stream().filter(e -> e.getValue() == v)
                            .map(Map.Entry::getKey).toList();
                    queue.add(facets.isEmpty() ? v : v.withFacets(facets));
                }
            }
            Comparator<ClusterView> byImpact = Comparator.comparingDouble((ClusterView v) -> v.stats().impact())
                    .reversed().thenComparing(ClusterView::id);
            queue.sort(byImpact);
            campaigns.sort(Comparator.comparingInt((ClusterView v) -> v.stats().campaignMentions()).reversed()
                    .thenComparing(ClusterView::id));
            return new Queue(queue.stream().limit(limit).toList(), waiting, campaigns.stream().limit(limit).toList(),
                    "impact = volume x velocity x negativity x reach");
        });
    }

    /** One cluster with its figures and quotes; 404 when unknown. */
    @WithSession
    public Uni<ClusterView> get(UUID id) {
        return one(id);
    }

    /** Clusters of these ids, with their figures (current session). */
    public Uni<List<ClusterView>> views(List<UUID> ids) {
        return ids.isEmpty()
                ? Uni.createFrom().item(List.of())
                : select(COLUMNS + " where id = any(?1)", List.<Object>of((Object) ids.toArray(new UUID[0]))).flatMap(
                        this::build);
    }

    /**
     * Validates a PENDING cluster, optionally with an edited statement: it becomes an ACTIVE map item (inferred: the
     * statement is synthesized; validated by the analyst, now) with the cluster's candidates as evidence; later
     * candidates of the cluster follow automatically. Its facets (clusters restating the same posts in SAYS or FEELS,
     * {@link Clusterer#facets}) are validated with it, each as an item of its own zone.
     */
    @WithTransaction
    public Uni<ClusterView> validate(UUID id, String statement, String analyst) {
        String edited = statement(statement, false);
        return pending(id).flatMap(c -> validateOne(c, edited, analyst)
                .chain(() -> facetsOf(c)).flatMap(facets -> {
                    Uni<Integer> chain = Uni.createFrom().item(0);
                    for (ClusterView f : facets) {
                        chain = chain.chain(() -> pending(f.id()).flatMap(p -> validateOne(p, null, analyst)));
                    }
                    return chain;
                })).chain(() -> one(id));
    }

    /** The PENDING facets of a cluster (see {@link Clusterer#facets}), as the queue shows them (current session). */
    private Uni<List<ClusterView>> facetsOf(ClusterView c) {
        return select(COLUMNS + " where status = 'PENDING' and brand = ?1 and persona = ?2", List.of(c.brand(), c
                .persona()))
                .flatMap(this::build).map(views -> {
                    List<ClusterView> all = new ArrayList<>(views.stream().filter(v -> v.stats().reviewable()
                            && !v.id().equals(c.id())).toList());
                    all.add(c);
                    Map<ClusterView, ClusterView> rootOf = Clusterer.facets(all, ClusterView::key,
                            ClusterView::mentionIds);
                    return rootOf.entrySet().stream().filter(e -> e.getValue() == c).map(Map.Entry::getKey).toList();
                });
    }

    /** One cluster becomes an ACTIVE map item (current transaction). */
    private Uni<Integer> validateOne(ClusterView c, String edited, String analyst) {
        UUID id = c.id();
        UUID itemId = UUID.randomUUID();
        String text = edited != null ? edited : c.statement();
        return exec(CREATE_ITEM, itemId, c.brand(), c.persona(), c.zone().name(), text, c.theme(),
                c.theme() + " (" + id.toString().substring(0, 8) + ")", id, analyst)
                .chain(() -> exec(VALIDATED, id, itemId, analyst, text, edited != null))
                .chain(() -> follow(id));
    }

    /** Rejects a PENDING cluster with a reason; its candidates are rejected with it and later look-alikes stay with it. */
    @WithTransaction
    public Uni<ClusterView> reject(UUID id, String reason, String analyst) {
        if (reason == null || reason.isBlank()) {
            throw ProblemException.badRequest("reason", "is required");
        }
        if (reason.length() > MAX_REASON) {
            throw ProblemException.badRequest("reason", "must be at most " + MAX_REASON + " characters");
        }
        return pending(id).chain(() -> exec(REJECTED, id, analyst, reason.strip()))
                .chain(() -> exec(REJECT_CANDIDATES, id, analyst, "cluster rejected: " + reason.strip()))
                .chain(() -> one(id));
    }

    /** Rewords a cluster's statement (PENDING or VALIDATED; a validated one's map item takes the new wording). */
    @WithTransaction
    public Uni<ClusterView> edit(UUID id, String statement) {
        String s = statement(statement, true);
        return locked(id).flatMap(c -> {
            if (!c.status().equals("PENDING") && !c.status().equals("VALIDATED")) {
                throw ProblemException.conflict("cluster " + id + " is " + c.status());
            }
            return exec(EDIT, id, s).chain(() -> exec(EDIT_ITEM, id, s));
        }).chain(() -> one(id));
    }

    /**
     * Merges a PENDING cluster into another of the same brand, persona and zone (PENDING or VALIDATED): its evidence
     * and candidates move there; it is kept as MERGED with a pointer.
     */
    @WithTransaction
    public Uni<ClusterView> merge(UUID id, UUID into, String analyst) {
        if (into == null) {
            throw ProblemException.badRequest("into", "is required");
        }
        if (into.equals(id)) {
            throw ProblemException.badRequest("into", "must be another cluster");
        }
        return pending(id).flatMap(c -> locked(into).flatMap(target -> {
            if (!target.brand().equals(c.brand()) || !target.persona().equals(c.persona()) || target.zone() != c
                    .zone()) {
                throw ProblemException.badRequest("into", "must have the same brand, persona and zone");
            }
            if (!target.status().equals("PENDING") && !target.status().equals("VALIDATED")) {
                throw ProblemException.conflict("cluster " + into + " is " + target.status());
            }
            return exec(MOVE_EVIDENCE, id, into).chain(() -> exec(MOVE_CANDIDATES, id, into))
                    .chain(() -> exec(MERGED, id, into, analyst))
                    .chain(() -> resynthesize(List.of(into)))
                    .chain(() -> follow(into));
        })).chain(() -> one(into));
    }

    /**
     * Splits the candidates of these mentions out of a PENDING cluster into a new PENDING cluster of the same key;
     * both statements are synthesized again. The new cluster.
     */
    @WithTransaction
    public Uni<ClusterView> split(UUID id, List<UUID> mentionIds) {
        if (mentionIds == null || mentionIds.isEmpty()) {
            throw ProblemException.badRequest("mentionIds", "is required: the mentions to split off");
        }
        List<UUID> sorted = mentionIds.stream().distinct().sorted().toList();
        UUID newId = io.earshot.contracts.Ids.v5(id, "split\u0000" + sorted);
        UUID[] ids = sorted.toArray(new UUID[0]);
        return pending(id).flatMap(c -> evidence(List.of(id)).flatMap(all -> {
            Set<UUID> chosen = new HashSet<>(sorted);
            long moving = all.getOrDefault(id, List.of()).stream().filter(e -> chosen.contains(e.mentionId())).count();
            if (moving == 0) {
                throw ProblemException.badRequest("mentionIds", "none of them is evidence of cluster " + id);
            }
            if (moving == all.get(id).size()) {
                throw ProblemException.badRequest("mentionIds", "would move all of the cluster's evidence");
            }
            Profile fresh = new Profile(newId, c.key(), true);
            return upsert(List.of(fresh), Map.of())
                    .chain(() -> exec(SPLIT_EVIDENCE, id, newId, ids))
                    .chain(() -> exec(SPLIT_CANDIDATES, id, newId))
                    .chain(() -> resynthesize(List.of(id, newId)));
        })).chain(() -> one(newId));
    }

    /** Rebuilds the profile, medoid and statement of clusters from their evidence (after a merge, split, erasure). */
    public Uni<Void> resynthesize(List<UUID> ids) {
        return views(ids).flatMap(views -> evidence(ids).flatMap(byCluster -> {
            List<Profile> profiles = new ArrayList<>();
            Map<UUID, Instant[]> spans = new HashMap<>();
            for (ClusterView v : views) {
                List<ClusterStats.Evidence> ev = byCluster.getOrDefault(v.id(), List.of());
                Profile p = Clusterer.rebuild(v.id(), v.key(), ev.stream().map(ClusterStats.Evidence::mentionId)
                        .toList(),
                        ev.stream().map(e -> e.quote() == null ? "" : e.quote()).toList());
                profiles.add(p);
                ev.stream().map(ClusterStats.Evidence::seenAt).min(Comparator.naturalOrder()).ifPresent(f -> spans.put(
                        v.id(), new Instant[]{f, ev.stream().map(ClusterStats.Evidence::seenAt).max(
                                Comparator.naturalOrder()).orElse(f)}));
            }
            return upsert(profiles, spans).chain(() -> exec("""
                    update insight_clusters k set first_seen = s.f, last_seen = s.l
                    from (select cluster_id, min(seen_at) as f, max(seen_at) as l from cluster_evidence
                          where cluster_id = any(?1) group by cluster_id) s where k.id = s.cluster_id""",
                    (Object) ids.toArray(new UUID[0]))).replaceWithVoid();
        }));
    }

    /**
     * The cluster's PENDING candidates join its map item when it has one, its copy-paste campaign posts excepted (and
     * taken off the item if they joined before they were one); the item's counts follow.
     */
    private Uni<Integer> follow(UUID clusterId) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery(CANDIDATES_OF, UUID.class)
                .setParameter(1, clusterId).getResultList())
                .flatMap(candidates -> {
                    if (candidates.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    Object ids = candidates.toArray(new UUID[0]);
                    return select(Sql.hibernate(ClusterStore.UNFOLLOW_CAMPAIGNS), List.of(ids))
                            .chain(() -> exec(Sql.hibernate(ClusterStore.FOLLOW_VALIDATED), ids))
                            .chain(() -> select(ITEM_OF, List.of(clusterId)))
                            .flatMap(item -> item.isEmpty() || item.get(0)[0] == null
                                    ? Uni.createFrom().item(0)
                                    : exec(Sql.hibernate(ClusterStore.RECOUNT_ITEMS), (Object) new UUID[]{(UUID) item
                                            .get(0)[0]}));
                });
    }

    /** Writes these profiles with their statements (the hot path's statement, in the current transaction). */
    private static Uni<Integer> upsert(List<Profile> profiles, Map<UUID, Instant[]> spans) {
        Tuple t = ClusterStore.upsertParameters(profiles, spans);
        Object[] params = new Object[t.size()];
        for (int i = 0; i < params.length; i++) {
            params[i] = t.getValue(i);
        }
        return exec(Sql.hibernate(ClusterStore.UPSERT), params);
    }

    private Uni<ClusterView> one(UUID id) {
        return views(List.of(id)).map(list -> {
            if (list.isEmpty()) {
                throw ProblemException.notFound("cluster " + id);
            }
            return list.get(0);
        });
    }

    private Uni<ClusterView> locked(UUID id) {
        return select(COLUMNS + " where id = ?1 for update", List.of(id)).flatMap(rows -> {
            if (rows.isEmpty()) {
                throw ProblemException.notFound("cluster " + id);
            }
            return build(rows.subList(0, 1)).map(v -> v.get(0));
        });
    }

    private Uni<ClusterView> pending(UUID id) {
        return locked(id).map(c -> {
            if (!c.status().equals("PENDING")) {
                throw ProblemException.conflict("cluster " + id + " was already reviewed: " + c.status());
            }
            return c;
        });
    }

    private static String statement(String statement, boolean required) {
        if (statement == null || statement.isBlank()) {
            if (required) {
                throw ProblemException.badRequest("statement", "is required");
            }
            return null;
        }
        if (statement.length() > MAX_STATEMENT) {
            throw ProblemException.badRequest("statement", "must be at most " + MAX_STATEMENT + " characters");
        }
        if (statement.indexOf('\u0000') >= 0) {
            throw ProblemException.badRequest("statement", "must not contain NUL characters");
        }
        return statement.strip();
    }

    private static Uni<List<Object[]>> select(String sql, List<Object> params) {
        return Panache.getSession().flatMap(s -> {
            var q = s.createNativeQuery(sql);
            for (int i = 0; i < params.size(); i++) {
                q.setParameter(i + 1, params.get(i));
            }
            return q.getResultList();
        }).map(rows -> rows.stream().map(r -> (Object[]) r).toList());
    }

    private static Uni<Integer> exec(String sql, Object... params) {
        return Panache.getSession().flatMap(s -> {
            var q = s.createNativeQuery(sql);
            for (int i = 0; i < params.length; i++) {
                q.setParameter(i + 1, params[i]);
            }
            return q.executeUpdate();
        });
    }

    private Uni<List<ClusterView>> build(List<Object[]> rows) {
        List<UUID> ids = rows.stream().map(r -> (UUID) r[0]).toList();
        return evidence(ids).map(byCluster -> {
            Instant now = clock.instant();
            List<ClusterView> out = new ArrayList<>();
            for (Object[] r : rows) {
                UUID id = (UUID) r[0];
                Key key = new Key((String) r[1], (String) r[2], Zone.valueOf((String) r[3]), (String) r[4]);
                double cohesion = r[9] == null ? 0 : ((Number) r[9]).doubleValue();
                ClusterStats stats = ClusterStats.of(byCluster.getOrDefault(id, List.of()), (UUID) r[8], cohesion, now);
                Set<UUID> mentions = new HashSet<>();
                byCluster.getOrDefault(id, List.of()).forEach(e -> mentions.add(e.mentionId()));
                out.add(new ClusterView(id, key, (String) r[5], (String) r[6], Boolean.TRUE.equals(r[7]), stats,
                        (UUID) r[10], (String) r[11], r[12] == null
                                ? null
                                : Instant.ofEpochMilli(((Number) r[12]).longValue()),
                        (String) r[13], (UUID) r[14], mentions, null));
            }
            return out;
        });
    }

    /** The evidence of these clusters, by cluster (current session). */
    static Uni<Map<UUID, List<ClusterStats.Evidence>>> evidence(List<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return select(EVIDENCE, List.<Object>of((Object) ids.toArray(new UUID[0]))).map(rows -> {
            Map<UUID, List<ClusterStats.Evidence>> out = new HashMap<>();
            for (Object[] r : rows) {
                out.computeIfAbsent((UUID) r[0], k -> new ArrayList<>()).add(new ClusterStats.Evidence((UUID) r[1],
                        (String) r[2], (String) r[3], (String) r[4], r[5] == null
                                ? null
                                : ((Number) r[5]).doubleValue(),
                        (String) r[6], (String) r[7], r[8] == null ? null : ((Number) r[8]).longValue(),
                        Instant.ofEpochMilli(((Number) r[9]).longValue())));
            }
            return out;
        });
    }
}
