package io.earshot.map.clusters;

import io.earshot.contracts.events.Zone;
import io.earshot.map.clusters.Clusterer.Key;
import io.earshot.map.clusters.Clusterer.Profile;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Attaches stored candidates to insight clusters, set-based: for all the candidates a transaction stored (a Kafka
 * batch, or the candidates that waited for their mentions' facts), one statement per table whatever their number -
 * read the candidates with their mentions' facts, lock their cluster keys, read the open clusters of those keys, then
 * (after {@link Clusterer} placed each candidate in memory) upsert the clusters, insert the evidence, link the
 * candidates, and attach the candidates of VALIDATED clusters to their map item (later evidence of a validated
 * pattern needs no second review; later evidence of a rejected one stays with it and does not come back to the
 * queue). Runs in the caller's transaction.
 */
@ApplicationScoped
public class ClusterStore {
    static final Pattern FEELS = Pattern.compile("^Feels \\p{L}+: ");

    /** The unclustered candidates of these incoming ids, one row per mention, with the mention's facts. */
    private static final String CANDIDATES = """
            select c.id, c.brand, c.persona, c.zone, c.theme, c.text, m.id,
                   coalesce(a.author_key, a.handle_key), a.source, cast(a.sentiment as float8), a.emotion, a.dup_group,
                   a.followers,
                   cast(extract(epoch from coalesce(c.last_seen, c.first_seen, c.received_at)) * 1000 as bigint)
            from candidates c cross join lateral unnest(c.evidence_mention_ids) with ordinality as m(id, ord)
            left join mention_authors a on a.mention_id = m.id
            where c.origin_id = any(?1) and c.cluster_id is null and c.theme is not null
            order by c.received_at, c.id, m.ord""";
    private static final String LOCK_KEYS = """
            select count(*) from (select pg_advisory_xact_lock(hashtextextended('cluster:' || k, 0))
                                    from unnest(cast(?1 as text[])) with ordinality as u(k, ord) order by ord) l""";
    private static final String OPEN_CLUSTERS = """
            select id, cluster_key, profile, members, medoid_text, medoid_mention_id, cast(medoid_score as float8)
            from insight_clusters where cluster_key = any(cast(?1 as text[])) and status <> 'MERGED'
            order by created_at, id""";
    private static final String UPSERT = """
            insert into insight_clusters (id, cluster_key, brand, persona, zone, theme, statement, profile, members,
                                          medoid_text, medoid_mention_id, medoid_score, first_seen, last_seen)
            select id, k, b, p, z, t, s, pr, cast(n as integer), mt, cast(mm as uuid), cast(ms as real),
                   to_timestamp(cast(f as bigint) / 1000.0), to_timestamp(cast(l as bigint) / 1000.0)
            from unnest(cast(?1 as uuid[]), cast(?2 as text[]), cast(?3 as text[]), cast(?4 as text[]),
                        cast(?5 as text[]), cast(?6 as text[]), cast(?7 as text[]), cast(?8 as text[]),
                        cast(?9 as text[]), cast(?10 as text[]), cast(?11 as text[]), cast(?12 as text[]),
                        cast(?13 as text[]), cast(?14 as text[])) as r(id, k, b, p, z, t, s, pr, n, mt, mm, ms, f, l)
            on conflict (id) do update set
                statement = case when insight_clusters.statement_edited then insight_clusters.statement
                                 else excluded.statement end,
                profile = excluded.profile, members = excluded.members, medoid_text = excluded.medoid_text,
                medoid_mention_id = excluded.medoid_mention_id, medoid_score = excluded.medoid_score,
                first_seen = least(insight_clusters.first_seen, excluded.first_seen),
                last_seen = greatest(insight_clusters.last_seen, excluded.last_seen),
                updated_at = now(), version = insight_clusters.version + 1""";
    private static final String EVIDENCE = """
            insert into cluster_evidence (cluster_id, candidate_id, mention_id, author_key, source, quote, sentiment,
                                          emotion, dup_group, followers, seen_at)
            select c, cand, m, a, s, q, cast(se as real), e, d, cast(fo as bigint), to_timestamp(cast(at as bigint) / 1000.0)
            from unnest(cast(?1 as uuid[]), cast(?2 as uuid[]), cast(?3 as uuid[]), cast(?4 as text[]),
                        cast(?5 as text[]), cast(?6 as text[]), cast(?7 as text[]), cast(?8 as text[]),
                        cast(?9 as text[]), cast(?10 as text[]), cast(?11 as text[]))
                 as r(c, cand, m, a, s, q, se, e, d, fo, at)
            on conflict do nothing""";
    private static final String LINK = """
            update candidates c set cluster_id = r.cluster
            from unnest(cast(?1 as uuid[]), cast(?2 as uuid[])) as r(id, cluster) where c.id = r.id""";
    /** Pending candidates of validated clusters become evidence of the cluster's map item, marked VALIDATED by auto. */
    private static final String FOLLOW_VALIDATED = """
            with moved as (
                update candidates c set status = 'VALIDATED', item_id = k.item_id, reviewed_by = 'auto',
                                        reviewed_at = now()
                from insight_clusters k
                where c.id = any(?1) and c.cluster_id = k.id and k.status = 'VALIDATED' and k.item_id is not null
                  and c.status = 'PENDING'
                returning c.id, c.item_id, c.text, c.evidence_mention_ids,
                          coalesce(c.last_seen, c.first_seen, c.received_at) as seen)
            insert into item_evidence (id, item_id, mention_id, candidate_id, quote, seen_at, author_key)
            select gen_random_uuid(), moved.item_id, m.id, moved.id, moved.text, moved.seen,
                   coalesce(a.author_key, a.handle_key)
            from moved cross join lateral unnest(moved.evidence_mention_ids) as m(id)
            left join mention_authors a on a.mention_id = m.id
            on conflict (item_id, mention_id) do nothing""";
    /** Evidence counts and first/last seen of the map items of these clusters. */
    public static final String RECOUNT_ITEMS = """
            update map_items i set evidence_count = s.n, first_seen = s.f, last_seen = s.l, updated_at = now(),
                                   version = i.version + 1
            from (select e.item_id, count(*) as n, min(e.seen_at) as f, max(e.seen_at) as l
                    from item_evidence e
                   where e.item_id in (select item_id from insight_clusters where id = any(?1) and item_id is not null)
                   group by e.item_id) s
            where i.id = s.item_id""";

    /** One candidate mention read by {@link #CANDIDATES}. */
    private record Row(UUID candidate, Key key, String text, ClusterStats.Evidence evidence) {
    }

    /**
     * Clusters the candidates stored for these incoming candidate ids that have no cluster yet (current
     * transaction); the number of candidates placed.
     */
    public Uni<Integer> absorb(List<UUID> originIds) {
        if (originIds.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return Panache.getSession().flatMap(s -> s.createNativeQuery(CANDIDATES)
                .setParameter(1, originIds.toArray(new UUID[0])).getResultList())
                .flatMap(result -> {
                    List<Row> rows = new ArrayList<>();
                    for (Object o : result) {
                        rows.add(row((Object[]) o));
                    }
                    if (rows.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    String[] keys = rows.stream().map(r -> r.key().encoded()).collect(
                            java.util.stream.Collectors.toCollection(TreeSet::new)).toArray(String[]::new);
                    return Panache.getSession()
                            .flatMap(s -> s.createNativeQuery(LOCK_KEYS, Long.class).setParameter(1, keys).getSingleResult())
                            .chain(() -> Panache.getSession().flatMap(s -> s.createNativeQuery(OPEN_CLUSTERS)
                                    .setParameter(1, keys).getResultList()))
                            .flatMap(open -> place(rows, open));
                });
    }

    private Uni<Integer> place(List<Row> rows, List<?> open) {
        Map<String, List<Profile>> byKey = new HashMap<>();
        Map<String, Key> keyOf = new HashMap<>();
        rows.forEach(r -> keyOf.put(r.key().encoded(), r.key()));
        for (Object o : open) {
            Object[] c = (Object[]) o;
            Key key = keyOf.get((String) c[1]);
            byKey.computeIfAbsent(key.encoded(), k -> new ArrayList<>()).add(Profile.stored((UUID) c[0], key,
                    (String) c[2], ((Number) c[3]).intValue(), (String) c[4], (UUID) c[5],
                    c[6] == null ? 0 : ((Number) c[6]).doubleValue()));
        }
        Map<UUID, Profile> clusterOf = new LinkedHashMap<>(); // candidate -> cluster
        Map<UUID, Instant[]> span = new HashMap<>();
        List<Row> placed = new ArrayList<>();
        for (Row r : rows) {
            Profile p = clusterOf.get(r.candidate());
            if (p == null) { // a candidate's first mention places it; its other mentions follow it
                List<Profile> profiles = byKey.computeIfAbsent(r.key().encoded(), k -> new ArrayList<>());
                p = Clusterer.assign(r.key(), profiles, r.candidate(), r.evidence().mentionId(), r.text());
                clusterOf.put(r.candidate(), p);
            }
            placed.add(r);
            Instant at = r.evidence().seenAt();
            span.merge(p.id, new Instant[] { at, at }, (a, b) -> new Instant[] {
                a[0].isBefore(b[0]) ? a[0] : b[0], a[1].isAfter(b[1]) ? a[1] : b[1] });
        }
        List<Profile> changed = byKey.values().stream().flatMap(List::stream).filter(Profile::changed).toList();
        List<UUID> candidates = List.copyOf(clusterOf.keySet());
        List<UUID> joined = changed.stream().filter(p -> !p.fresh).map(p -> p.id).toList();
        return upsert(changed, span).chain(() -> evidence(placed, clusterOf)).chain(() -> link(clusterOf))
                .chain(() -> follow(candidates, joined)).replaceWith(clusterOf.size());
    }

    /** Writes these profiles (new or changed) with their statements, in one statement; spans are first/last seen. */
    static Uni<Integer> upsert(List<Profile> changed, Map<UUID, Instant[]> span) {
        if (changed.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        int n = changed.size();
        UUID[] ids = new UUID[n];
        String[][] cols = new String[13][n];
        for (int i = 0; i < n; i++) {
            Profile p = changed.get(i);
            Instant[] s = span.get(p.id);
            ids[i] = p.id;
            cols[0][i] = p.key.encoded();
            cols[1][i] = p.key.brand();
            cols[2][i] = p.key.persona();
            cols[3][i] = p.key.zone().name();
            cols[4][i] = p.key.theme();
            cols[5][i] = Clusterer.statement(p.key, p.medoidText(), p.topTerms(6));
            cols[6][i] = p.encodedTerms();
            cols[7][i] = Integer.toString(p.members());
            cols[8][i] = p.medoidText();
            cols[9][i] = p.medoidMention() == null ? null : p.medoidMention().toString();
            cols[10][i] = Double.toString(p.medoidScore());
            cols[11][i] = s == null ? null : Long.toString(s[0].toEpochMilli());
            cols[12][i] = s == null ? null : Long.toString(s[1].toEpochMilli());
        }
        return Panache.getSession().flatMap(s -> {
            var q = s.createNativeQuery(UPSERT).setParameter(1, ids);
            for (int c = 0; c < cols.length; c++) {
                q.setParameter(c + 2, cols[c]);
            }
            return q.executeUpdate();
        });
    }

    private static Uni<Integer> evidence(List<Row> placed, Map<UUID, Profile> clusterOf) {
        int n = placed.size();
        UUID[] cluster = new UUID[n];
        UUID[] candidate = new UUID[n];
        UUID[] mention = new UUID[n];
        String[][] cols = new String[8][n];
        for (int i = 0; i < n; i++) {
            Row r = placed.get(i);
            ClusterStats.Evidence e = r.evidence();
            cluster[i] = clusterOf.get(r.candidate()).id;
            candidate[i] = r.candidate();
            mention[i] = e.mentionId();
            cols[0][i] = e.authorKey();
            cols[1][i] = e.source();
            cols[2][i] = e.quote();
            cols[3][i] = e.sentiment() == null ? null : Double.toString(e.sentiment());
            cols[4][i] = e.emotion();
            cols[5][i] = e.dupGroup();
            cols[6][i] = e.followers() == null ? null : Long.toString(e.followers());
            cols[7][i] = Long.toString(e.seenAt().toEpochMilli());
        }
        return Panache.getSession().flatMap(s -> {
            var q = s.createNativeQuery(EVIDENCE).setParameter(1, cluster).setParameter(2, candidate)
                    .setParameter(3, mention);
            for (int c = 0; c < cols.length; c++) {
                q.setParameter(c + 4, cols[c]);
            }
            return q.executeUpdate();
        });
    }

    private static Uni<Integer> link(Map<UUID, Profile> clusterOf) {
        UUID[] ids = clusterOf.keySet().toArray(new UUID[0]);
        UUID[] clusters = clusterOf.values().stream().map(p -> p.id).toArray(UUID[]::new);
        return Panache.getSession().flatMap(s -> s.createNativeQuery(LINK).setParameter(1, ids).setParameter(2, clusters)
                .executeUpdate());
    }

    /**
     * The PENDING candidates among these whose cluster (one of {@code clusters}) is VALIDATED become evidence of its
     * map item, and the items' counts follow.
     */
    static Uni<Integer> follow(List<UUID> candidates, List<UUID> clusters) {
        if (clusters.isEmpty() || candidates.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        UUID[] ids = candidates.toArray(new UUID[0]);
        UUID[] of = clusters.toArray(new UUID[0]);
        return Panache.getSession().flatMap(s -> s.createNativeQuery(FOLLOW_VALIDATED).setParameter(1, ids)
                .executeUpdate()
                .flatMap(moved -> moved == 0 ? Uni.createFrom().item(0)
                        : s.createNativeQuery(RECOUNT_ITEMS).setParameter(1, of).executeUpdate()));
    }

    private static Row row(Object[] c) {
        Key key = new Key((String) c[1], (String) c[2], Zone.valueOf((String) c[3]), (String) c[4]);
        String text = (String) c[5];
        ClusterStats.Evidence e = new ClusterStats.Evidence((UUID) c[6], (String) c[7], (String) c[8], quote(text),
                c[9] == null ? null : ((Number) c[9]).doubleValue(), (String) c[10], (String) c[11],
                c[12] == null ? null : ((Number) c[12]).longValue(), Instant.ofEpochMilli(((Number) c[13]).longValue()));
        return new Row((UUID) c[0], key, text, e);
    }

    /** The observed quote of a candidate text: its verbatim (redacted) sentence, without the FEELS label. */
    public static String quote(String candidateText) {
        return candidateText == null ? null : FEELS.matcher(candidateText).replaceFirst("");
    }
}
