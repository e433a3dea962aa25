package io.earshot.map.clusters;

import io.earshot.contracts.events.Zone;
import io.earshot.map.clusters.Clusterer.Key;
import io.earshot.map.clusters.Clusterer.Profile;
import io.earshot.platform.db.Sql;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Attaches stored candidates to insight clusters, set-based, on the reactive PostgreSQL client: for all the candidates
 * a transaction stored (a Kafka batch, or the candidates that waited for their mentions' facts), one statement per
 * table whatever their number - read the candidates with their mentions' facts, lock their cluster keys (in one
 * sorted order), read the open clusters of those keys, then (after {@link Clusterer} placed each candidate in memory)
 * upsert the clusters, insert the evidence, link the candidates, and attach the candidates of VALIDATED clusters to
 * their map item (later evidence of a validated pattern needs no second review; later evidence of a rejected one
 * stays with it and does not come back to the queue). Runs in the caller's transaction ({@link SqlConnection}).
 * Multi-row writes go in a fixed row order (by id), so two replicas writing the same rows wait, never deadlock.
 * The statements use {@code $n} parameters; the CRUD paths of {@link ClusterService} run the ones they share inside a
 * Hibernate Reactive transaction ({@link Sql#hibernate}).
 */
@ApplicationScoped
public class ClusterStore {
    static final Pattern FEELS = Pattern.compile("^Feels \\p{L}+: ");

    /** The unclustered candidates of these incoming ids, one row per mention, with the mention's facts. */
    private static final String CANDIDATES = """
            select c.id, c.brand, c.persona, c.zone, c.theme, c.text, m.id as mention_id,
                   coalesce(a.author_key, a.handle_key) as author_key, a.source, cast(a.sentiment as float8) as sentiment,
                   a.emotion, a.dup_group, a.followers,
                   cast(extract(epoch from coalesce(c.last_seen, c.first_seen, c.received_at)) * 1000 as bigint) as seen
            from candidates c cross join lateral unnest(c.evidence_mention_ids) with ordinality as m(id, ord)
            left join mention_authors a on a.mention_id = m.id
            where c.origin_id = any($1) and c.cluster_id is null and c.theme is not null
            order by c.received_at, c.id, m.ord""";
    /** The transaction advisory locks of these cluster keys, in hash order whatever the order given. */
    private static final String LOCK_KEYS = """
            select count(pg_advisory_xact_lock(h)) as locked
              from (select distinct hashtextextended('cluster:' || k, 0) as h from unnest(cast($1 as text[])) as k
                    order by 1) as keys""";
    private static final String OPEN_CLUSTERS = """
            select id, cluster_key, profile, members, medoid_text, medoid_mention_id,
                   cast(medoid_score as float8) as medoid_score
            from insight_clusters where cluster_key = any(cast($1 as text[])) and status <> 'MERGED'
            order by created_at, id""";
    /** New or changed clusters with their statements (the caller gives them in id order). */
    static final String UPSERT = """
            insert into insight_clusters (id, cluster_key, brand, persona, zone, theme, statement, profile, members,
                                          medoid_text, medoid_mention_id, medoid_score, first_seen, last_seen)
            select id, k, b, p, z, t, s, pr, cast(n as integer), mt, cast(mm as uuid), cast(ms as real),
                   to_timestamp(cast(f as bigint) / 1000.0), to_timestamp(cast(l as bigint) / 1000.0)
            from unnest(cast($1 as uuid[]), cast($2 as text[]), cast($3 as text[]), cast($4 as text[]),
                        cast($5 as text[]), cast($6 as text[]), cast($7 as text[]), cast($8 as text[]),
                        cast($9 as text[]), cast($10 as text[]), cast($11 as text[]), cast($12 as text[]),
                        cast($13 as text[]), cast($14 as text[])) as r(id, k, b, p, z, t, s, pr, n, mt, mm, ms, f, l)
            order by id
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
            from unnest(cast($1 as uuid[]), cast($2 as uuid[]), cast($3 as uuid[]), cast($4 as text[]),
                        cast($5 as text[]), cast($6 as text[]), cast($7 as text[]), cast($8 as text[]),
                        cast($9 as text[]), cast($10 as text[]), cast($11 as text[]))
                 as r(c, cand, m, a, s, q, se, e, d, fo, at)
            order by c, cand, m
            on conflict do nothing""";
    private static final String LINK = """
            update candidates c set cluster_id = r.cluster
            from unnest(cast($1 as uuid[]), cast($2 as uuid[])) as r(id, cluster) where c.id = r.id""";
    /**
     * The candidates a {@code moved} CTE marked VALIDATED (id, item_id, text, evidence_mention_ids, seen) become
     * evidence of their item, in item and mention order; the items that gained evidence.
     */
    public static final String EVIDENCE_OF_MOVED = """
            insert into item_evidence (id, item_id, mention_id, candidate_id, quote, seen_at, author_key)
            select gen_random_uuid(), moved.item_id, m.id, moved.id, moved.text, moved.seen,
                   coalesce(a.author_key, a.handle_key)
            from moved cross join lateral unnest(moved.evidence_mention_ids) as m(id)
            left join mention_authors a on a.mention_id = m.id
            order by moved.item_id, m.id
            on conflict (item_id, mention_id) do nothing
            returning item_id""";
    /**
     * The copy-paste campaigns ({@code cluster_id, dup_group}) among the evidence of the clusters of the candidates
     * {@code $1}: a near-duplicate group posted by {@link Clusterer#CAMPAIGN_AUTHORS} or more authors, at least
     * {@link Clusterer#CAMPAIGN_FEW_SHARE} of them with fewer than {@link Clusterer#CAMPAIGN_FEW_FOLLOWERS} followers
     * (the rule of {@link ClusterStats}, in SQL). A CTE named {@code campaigns}.
     */
    static final String CAMPAIGNS = String.format(java.util.Locale.ROOT,
            """
                    campaigns as (
                        select cluster_id, dup_group from (
                            select e.cluster_id, e.dup_group, coalesce(e.author_key, 'mention:' || e.mention_id) as author,
                                   bool_and(e.followers is not null and e.followers < %d) as few
                            from cluster_evidence e
                            where e.dup_group is not null
                              and e.cluster_id in (select cluster_id from candidates where id = any($1) and cluster_id is not null)
                            group by 1, 2, 3) a
                        group by 1, 2
                        having count(*) >= %d and count(*) filter (where few) >= %s * count(*))""",
            Clusterer.CAMPAIGN_FEW_FOLLOWERS, Clusterer.CAMPAIGN_AUTHORS, Double.toString(
                    Clusterer.CAMPAIGN_FEW_SHARE));
    /**
     * Pending candidates of validated clusters become evidence of the cluster's map item, marked VALIDATED by auto,
     * except the posts of a copy-paste campaign ({@link #CAMPAIGNS}), which stay PENDING with their cluster and never
     * count on the map; the items that gained evidence.
     */
    static final String FOLLOW_VALIDATED = "with " + CAMPAIGNS + """
            ,
            moved as (
                update candidates c set status = 'VALIDATED', item_id = k.item_id, reviewed_by = 'auto',
                                        reviewed_at = now()
                from insight_clusters k
                where c.id = any($1) and c.cluster_id = k.id and k.status = 'VALIDATED' and k.item_id is not null
                  and c.status = 'PENDING'
                  and not exists (select 1 from cluster_evidence e join campaigns g
                                    on g.cluster_id = e.cluster_id and g.dup_group = e.dup_group
                                  where e.candidate_id = c.id and e.cluster_id = c.cluster_id)
                returning c.id, c.item_id, c.text, c.evidence_mention_ids,
                          coalesce(c.last_seen, c.first_seen, c.received_at) as seen)
            """ + EVIDENCE_OF_MOVED;
    /**
     * Posts that joined a validated item before their near-duplicate group became a copy-paste campaign (the fifth
     * copy arrived later) leave the item again: their evidence is deleted and their candidates go back to PENDING with
     * their cluster; the items that lost evidence.
     */
    static final String UNFOLLOW_CAMPAIGNS = "with " + CAMPAIGNS + """
            ,
            posts as (
                select distinct k.item_id, e.candidate_id, e.mention_id
                from campaigns g join cluster_evidence e on e.cluster_id = g.cluster_id and e.dup_group = g.dup_group
                join insight_clusters k on k.id = g.cluster_id
                where k.status = 'VALIDATED' and k.item_id is not null),
            removed as (
                delete from item_evidence i using posts p
                where i.item_id = p.item_id and i.mention_id = p.mention_id
                returning i.item_id, i.candidate_id),
            back as (
                update candidates c set status = 'PENDING', item_id = null, reviewed_by = null, reviewed_at = null
                where c.id in (select candidate_id from removed) and c.status = 'VALIDATED' and c.reviewed_by = 'auto'
                returning c.id)
            select distinct item_id, count(*) over () as items from removed""";
    /** Evidence counts and first/last seen of these map items, locked in id order first. */
    public static final String RECOUNT_ITEMS = """
            with locked as (select id from map_items where id = any($1) order by id for update)
            update map_items i set evidence_count = s.n, first_seen = s.f, last_seen = s.l, updated_at = now(),
                                   version = i.version + 1
            from (select e.item_id, count(*) as n, min(e.seen_at) as f, max(e.seen_at) as l
                    from item_evidence e where e.item_id in (select id from locked) group by e.item_id) s
            where i.id = s.item_id""";

    /** One candidate mention read by {@link #CANDIDATES}. */
    private record Placement(UUID candidate, Key key, String text, ClusterStats.Evidence evidence) {}

    /**
     * Clusters the candidates stored for these incoming candidate ids that have no cluster yet (the caller's
     * transaction); the number of candidates placed.
     */
    public Uni<Integer> absorb(SqlConnection c, List<UUID> originIds) {
        if (originIds.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return c.preparedQuery(CANDIDATES).execute(Tuple.of(originIds.toArray(new UUID[0]))).flatMap(result -> {
            List<Placement> rows = new ArrayList<>(result.size());
            for (Row r : result) {
                rows.add(placement(r));
            }
            if (rows.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            String[] keys = rows.stream().map(r -> r.key().encoded()).distinct().toArray(String[]::new);
            return c.preparedQuery(LOCK_KEYS).execute(Tuple.of(keys))
                    .chain(() -> c.preparedQuery(OPEN_CLUSTERS).execute(Tuple.of(keys)))
                    .flatMap(open -> place(c, rows, open));
        });
    }

    private Uni<Integer> place(SqlConnection c, List<Placement> rows, RowSet<Row> open) {
        Map<String, List<Profile>> byKey = new HashMap<>();
        Map<String, Key> keyOf = new HashMap<>();
        rows.forEach(r -> keyOf.put(r.key().encoded(), r.key()));
        for (Row o : open) {
            Key key = keyOf.get(o.getString("cluster_key"));
            Double score = o.getDouble("medoid_score");
            byKey.computeIfAbsent(key.encoded(), k -> new ArrayList<>()).add(Profile.stored(o.getUUID("id"), key,
                    o.getString("profile"), o.getInteger("members"), o.getString("medoid_text"),
                    o.getUUID("medoid_mention_id"), score == null ? 0 : score));
        }
        Map<UUID, Profile> clusterOf = new LinkedHashMap<>(); // candidate -> cluster
        Map<UUID, Instant[]> span = new HashMap<>();
        for (Placement r : rows) {
            Profile p = clusterOf.get(r.candidate());
            if (p == null) { // a candidate's first mention places it; its other mentions follow it
                List<Profile> profiles = byKey.computeIfAbsent(r.key().encoded(), k -> new ArrayList<>());
                p = Clusterer.assign(r.key(), profiles, r.candidate(), r.evidence().mentionId(), r.text());
                clusterOf.put(r.candidate(), p);
            }
            Instant at = r.evidence().seenAt();
            span.merge(p.id, new Instant[]{at, at}, (a, b) -> new Instant[]{
                    a[0].isBefore(b[0]) ? a[0] : b[0], a[1].isAfter(b[1]) ? a[1] : b[1]});
        }
        List<Profile> changed = byKey.values().stream().flatMap(List::stream).filter(Profile::changed).toList();
        List<UUID> candidates = List.copyOf(clusterOf.keySet());
        boolean joined = changed.stream().anyMatch(p -> !p.fresh);
        Uni<Void> writes = c.preparedQuery(UPSERT).execute(upsertParameters(changed, span))
                .chain(() -> c.preparedQuery(EVIDENCE).execute(evidence(rows, clusterOf)))
                .chain(() -> c.preparedQuery(LINK).execute(link(clusterOf)))
                .replaceWithVoid();
        // only a cluster that existed before this batch can have been validated
        return (joined ? writes.chain(() -> follow(c, candidates)) : writes).replaceWith(clusterOf.size());
    }

    /**
     * The parameters of {@link #UPSERT} for these profiles (new or changed), with their statements, in id order;
     * spans are first/last seen.
     */
    static Tuple upsertParameters(List<Profile> profiles, Map<UUID, Instant[]> span) {
        List<Profile> changed = profiles.stream().sorted(Comparator.comparing((Profile p) -> p.id)).toList();
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
        Tuple t = Tuple.of(ids);
        for (String[] col : cols) {
            t.addValue(col);
        }
        return t;
    }

    private static Tuple evidence(List<Placement> placed, Map<UUID, Profile> clusterOf) {
        int n = placed.size();
        UUID[] cluster = new UUID[n];
        UUID[] candidate = new UUID[n];
        UUID[] mention = new UUID[n];
        String[][] cols = new String[8][n];
        for (int i = 0; i < n; i++) {
            Placement r = placed.get(i);
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
        Tuple t = Tuple.of(cluster, candidate, mention);
        for (String[] col : cols) {
            t.addValue(col);
        }
        return t;
    }

    /** Candidate -> cluster pairs, in candidate id order (the rows are updated in that order). */
    private static Tuple link(Map<UUID, Profile> clusterOf) {
        List<UUID> ids = clusterOf.keySet().stream().sorted().toList();
        return Tuple.of(ids.toArray(new UUID[0]), ids.stream().map(id -> clusterOf.get(id).id).toArray(UUID[]::new));
    }

    /**
     * The PENDING candidates among these whose cluster is VALIDATED become evidence of its map item, and the counts of
     * the items that gained evidence follow (the caller's transaction).
     */
    static Uni<Void> follow(SqlConnection c, List<UUID> candidates) {
        Tuple ids = Tuple.of(candidates.toArray(new UUID[0]));
        return c.preparedQuery(UNFOLLOW_CAMPAIGNS).execute(ids).flatMap(removed -> recount(c, removed))
                .chain(() -> c.preparedQuery(FOLLOW_VALIDATED).execute(ids))
                .flatMap(added -> recount(c, added));
    }

    /** Recounts the distinct items named in the {@code item_id} column of these rows, if any. */
    public static Uni<Void> recount(SqlConnection c, RowSet<Row> rows) {
        Set<UUID> items = new TreeSet<>();
        rows.forEach(r -> items.add(r.getUUID("item_id")));
        return items.isEmpty()
                ? Uni.createFrom().voidItem()
                : c.preparedQuery(RECOUNT_ITEMS).execute(Tuple.of(items.toArray(new UUID[0]))).replaceWithVoid();
    }

    private static Placement placement(Row c) {
        Key key = new Key(c.getString("brand"), c.getString("persona"), Zone.valueOf(c.getString("zone")),
                c.getString("theme"));
        String text = c.getString("text");
        ClusterStats.Evidence e = new ClusterStats.Evidence(c.getUUID("mention_id"), c.getString("author_key"),
                c.getString("source"), quote(text), c.getDouble("sentiment"), c.getString("emotion"),
                c.getString("dup_group"), c.getLong("followers"), Instant.ofEpochMilli(c.getLong("seen")));
        return new Placement(c.getUUID("id"), key, text, e);
    }

    /** The observed quote of a candidate text: its verbatim (redacted) sentence, without the FEELS label. */
    public static String quote(String candidateText) {
        return candidateText == null ? null : FEELS.matcher(candidateText).replaceFirst("");
    }
}
