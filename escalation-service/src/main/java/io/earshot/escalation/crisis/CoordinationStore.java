package io.earshot.escalation.crisis;

import io.earshot.platform.http.Page;
import io.earshot.platform.http.PageCursor;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Suspected coordination clusters in PostgreSQL: one row per cluster and time slot, growing as members arrive. */
@ApplicationScoped
public class CoordinationStore {
    private static final String UPSERT = """
            insert into coordination_clusters (id, brand, cluster_key, fingerprint, accounts, mentions, score, new_accounts,
                   low_follower_accounts, with_links, sample_text, sample_mention_ids, first_seen, last_seen)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
            on conflict (id) do update set
                accounts = greatest(coordination_clusters.accounts, excluded.accounts),
                mentions = greatest(coordination_clusters.mentions, excluded.mentions),
                score = greatest(coordination_clusters.score, excluded.score),
                new_accounts = greatest(coordination_clusters.new_accounts, excluded.new_accounts),
                low_follower_accounts = greatest(coordination_clusters.low_follower_accounts, excluded.low_follower_accounts),
                with_links = greatest(coordination_clusters.with_links, excluded.with_links),
                first_seen = least(coordination_clusters.first_seen, excluded.first_seen),
                last_seen = greatest(coordination_clusters.last_seen, excluded.last_seen),
                sample_mention_ids = case
                    when position(excluded.sample_mention_ids in coordination_clusters.sample_mention_ids) > 0
                      or length(coordination_clusters.sample_mention_ids) >= 370
                    then coordination_clusters.sample_mention_ids
                    else coordination_clusters.sample_mention_ids || ',' || excluded.sample_mention_ids end""";

    /** A cluster as the dashboard shows it. */
    public record ClusterView(UUID id, String brand, String fingerprint, int accounts, int mentions, double score,
            int newAccounts, int lowFollowerAccounts, int withLinks, String sampleText, List<UUID> sampleMentionIds,
            Instant firstSeen, Instant lastSeen, Instant flaggedAt) {
        static ClusterView of(CoordinationClusterEntity c) {
            List<UUID> ids = c.sampleMentionIds == null || c.sampleMentionIds.isBlank()
                    ? List.of()
                    : Arrays.stream(c.sampleMentionIds.split(",")).filter(s -> !s.isBlank()).map(UUID::fromString)
                            .toList();
            return new ClusterView(c.id, c.brand, c.fingerprint, c.accounts, c.mentions, c.score, c.newAccounts,
                    c.lowFollowerAccounts, c.withLinks, c.sampleText, ids, c.firstSeen.toInstant(), c.lastSeen
                            .toInstant(),
                    c.flaggedAt.toInstant());
        }

        /** A cluster as it stands after a member joined, for the live stream (flaggedAt is known to the table only). */
        static ClusterView joined(CoordinationDetector.Cluster c, UUID mentionId) {
            return new ClusterView(c.id(), c.brand(), c.fingerprint(), c.accounts(), c.mentions(), c.score(), c
                    .newAccounts(),
                    c.lowFollowerAccounts(), c.withLinks(), c.sampleText(), List.of(mentionId), c.firstSeen(), c
                            .lastSeen(), null);
        }
    }

    /** A cluster as one of its members left it. */
    public record Joined(CoordinationDetector.Cluster cluster, UUID mentionId) {}

    private final Pool pool;

    public CoordinationStore(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> record(CoordinationDetector.Cluster c, UUID mentionId) {
        return recordAll(List.of(new Joined(c, mentionId)));
    }

    /**
     * Upserts the clusters as their members left them, in the order given, in one transaction and one round trip
     * (a pipelined batch of the one upsert: its merge of sample ids is per member, so it stays one row at a time).
     */
    public Uni<Void> recordAll(List<Joined> joined) {
        if (joined.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = new ArrayList<>(joined.size());
        for (Joined j : joined) {
            CoordinationDetector.Cluster c = j.cluster();
            rows.add(Tuple.from(new Object[]{c.id(), c.brand(), c.key(), c.fingerprint(), c.accounts(), c.mentions(),
                    c.score(), c.newAccounts(), c.lowFollowerAccounts(), c.withLinks(), c.sampleText(),
                    j.mentionId().toString(), c.firstSeen().atOffset(ZoneOffset.UTC), c.lastSeen().atOffset(
                            ZoneOffset.UTC)}));
        }
        return pool.withTransaction(conn -> conn.preparedQuery(UPSERT).executeBatch(rows)).replaceWithVoid();
    }

    /** Clusters of the brands of {@code scope}, latest flagged first, optionally of one brand. */
    @WithSession
    public Uni<Page<ClusterView>> list(io.earshot.platform.security.Scope scope, String brand, PageCursor cursor,
            int limit) {
        StringBuilder where = new StringBuilder("1 = 1");
        Map<String, Object> params = new HashMap<>();
        io.earshot.escalation.scope.ScopeFilter.restrict(where, params, scope, "brand", null);
        if (brand != null) {
            where.append(" and brand = :brand");
            params.put("brand", brand);
        }
        if (cursor != null) {
            where.append(" and (flaggedAt < :at or (flaggedAt = :at and id < :id))");
            params.put("at", cursor.at().atOffset(ZoneOffset.UTC));
            params.put("id", cursor.id());
        }
        return CoordinationClusterEntity.<CoordinationClusterEntity>find(where + " order by flaggedAt desc, id desc",
                params)
                .range(0, limit).list()
                .map(l -> new Page<>(l.stream().map(ClusterView::of).toList(), l.size() < limit
                        ? null
                        : new PageCursor(l.get(l.size() - 1).flaggedAt.toInstant(), l.get(l.size() - 1).id).encode()));
    }
}
