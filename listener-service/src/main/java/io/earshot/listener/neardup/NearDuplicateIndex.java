package io.earshot.listener.neardup;

import io.earshot.contracts.events.Mention;
import io.earshot.contracts.events.NearDuplicate;
import io.earshot.contracts.text.SimHash;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Durable near-duplicate index in PostgreSQL: recognises reposts and copy-paste campaigns of one brand by the SimHash
 * of their redacted text and groups them in clusters named after the first mention seen.
 *
 * <p>Works inside the caller's ingest transaction. {@link #lockBrands} takes a transaction-scoped advisory lock per
 * brand first, so concurrent ingest of one brand is serialised and a burst of copies (in one batch or in parallel
 * batches) always lands in one cluster; different brands do not wait for each other. Only the mention that starts a cluster
 * is indexed (leader clustering); candidates are looked up by the four 16-bit bands of the fingerprint among cluster
 * leaders created within {@code earshot.neardup.window} of this one (by the mention's own {@code createdAt}, so a
 * historical import clusters like live traffic).
 */
@ApplicationScoped
public class NearDuplicateIndex {
    private static final String CANDIDATES = """
            select b.fingerprint, b.cluster_id, c.size from near_dup_bands b join near_dup_clusters c on c.id = b.cluster_id
            where b.brand = ?1 and b.band = any(?2) and b.seen_at between ?3 and ?4
            order by b.seen_at, b.mention_id limit ?5""";
    /**
     * One round trip for the mention that starts a cluster: index the four bands of its fingerprint (the cluster's
     * representative), note fingerprint and cluster on the mention, create the cluster.
     */
    private static final String RECORD_LEADER = """
            with bands as (
                insert into near_dup_bands (brand, band, seen_at, mention_id, fingerprint, cluster_id)
                select ?1, band, ?3, ?4, ?5, ?6 from unnest(cast(?2 as integer[])) as band
                on conflict do nothing),
            noted as (update mentions set fingerprint = ?5, cluster_id = ?6 where id = ?4)
            insert into near_dup_clusters (id, brand, size, first_seen, last_seen) values (?6, ?1, 1, ?3, ?3)
            on conflict (id) do update set size = near_dup_clusters.size + 1,
                last_seen = greatest(near_dup_clusters.last_seen, excluded.last_seen)""";
    /**
     * One round trip for a mention that joins a cluster: note fingerprint and cluster on it and count it. Members are
     * not indexed: only cluster representatives are, so a look-up reads one row per nearby cluster however many copies
     * a campaign posts (indexing every copy made each insert scan all earlier ones: quadratic in a burst).
     */
    private static final String RECORD_MEMBER = """
            with noted as (update mentions set fingerprint = ?3, cluster_id = ?4 where id = ?2)
            update near_dup_clusters set size = size + 1, last_seen = greatest(last_seen, ?5) where id = ?4 and brand = ?1""";

    private final Duration window;
    private final int maxCandidates;

    public NearDuplicateIndex(@ConfigProperty(name = "earshot.neardup.window") Duration window,
            @ConfigProperty(name = "earshot.neardup.max-candidates") int maxCandidates) {
        this.window = window;
        this.maxCandidates = maxCandidates;
    }

    /** Serialises near-duplicate assignment per brand until the transaction ends (sorted, so never a deadlock). */
    public Uni<Void> lockBrands(Mutiny.Session session, Collection<String> brands) {
        List<String> sorted = brands.stream().distinct().sorted().toList();
        return Multi.createFrom().iterable(sorted)
                .onItem().transformToUniAndConcatenate(brand -> session
                        .createNativeQuery("select 1 from (select pg_advisory_xact_lock(hashtextextended(?1, 0))) l", Integer.class)
                        .setParameter(1, "earshot:neardup:" + brand)
                        .getSingleResult())
                .collect().last().replaceWithVoid();
    }

    /**
     * The mention with its near-duplicate information: the closest cluster representative (the fingerprint of the
     * mention that started the cluster) within {@link SimHash#NEAR_DUPLICATE_BITS} bits names the cluster (the oldest
     * on a tie); none starts a cluster of its own. Unchanged when the text is too short to fingerprint. Writes nothing: see {@link #record}.
     */
    public Uni<Mention> annotate(Mutiny.Session session, Mention m) {
        long fp = SimHash.fingerprint(m.text());
        if (fp == 0L) {
            return Uni.createFrom().item(m);
        }
        return session.createNativeQuery(CANDIDATES, Object[].class)
                .setParameter(1, m.brand())
                .setParameter(2, bandsOf(fp))
                .setParameter(3, m.createdAt().minus(window).atOffset(ZoneOffset.UTC))
                .setParameter(4, m.createdAt().plus(window).atOffset(ZoneOffset.UTC))
                .setParameter(5, maxCandidates)
                .getResultList()
                .map(rows -> {
                    Object[] best = null;
                    int bestDistance = Integer.MAX_VALUE;
                    for (Object[] row : rows) {
                        int d = SimHash.distance(fp, ((Number) row[0]).longValue());
                        if (d <= SimHash.NEAR_DUPLICATE_BITS && d < bestDistance) {
                            best = row;
                            bestDistance = d;
                        }
                    }
                    NearDuplicate nd = best == null ? new NearDuplicate(SimHash.hex(fp), m.id(), 1)
                            : new NearDuplicate(SimHash.hex(fp), (UUID) best[1], ((Number) best[2]).intValue() + 1);
                    return m.withNearDuplicate(nd);
                });
    }

    private static Integer[] bandsOf(long fp) {
        return Arrays.stream(SimHash.bands(fp)).boxed().toArray(Integer[]::new);
    }

    /** Index a stored mention under its bands and count it in its cluster (same transaction as the insert). */
    public Uni<Void> record(Mutiny.Session session, Mention m) {
        NearDuplicate nd = m.nearDuplicate();
        if (nd == null) {
            return Uni.createFrom().voidItem();
        }
        long fp = SimHash.parseHex(nd.fingerprint());
        if (!nd.clusterId().equals(m.id())) {
            return session.createNativeQuery(RECORD_MEMBER)
                    .setParameter(1, m.brand())
                    .setParameter(2, m.id())
                    .setParameter(3, fp)
                    .setParameter(4, nd.clusterId())
                    .setParameter(5, m.createdAt().atOffset(ZoneOffset.UTC))
                    .executeUpdate()
                    .replaceWithVoid();
        }
        return session.createNativeQuery(RECORD_LEADER)
                .setParameter(1, m.brand())
                .setParameter(2, bandsOf(fp))
                .setParameter(3, m.createdAt().atOffset(ZoneOffset.UTC))
                .setParameter(4, m.id())
                .setParameter(5, fp)
                .setParameter(6, nd.clusterId())
                .executeUpdate()
                .replaceWithVoid();
    }
}
