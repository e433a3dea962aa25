package io.earshot.listener.neardup;

import static io.earshot.contracts.db.SqlValues.instant;
import static io.earshot.contracts.db.SqlValues.timestamps;

import io.earshot.contracts.events.Mention;
import io.earshot.contracts.events.NearDuplicate;
import io.earshot.contracts.text.SimHash;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 *
 * <p>A batch costs three round trips however many mentions it holds: one look-up of every candidate leader of the
 * batch ({@link #annotate}), the assignment done in memory in batch order (so a copy later in the batch joins a
 * cluster started earlier in it), and one write of the new leaders' bands and every cluster's count ({@link #record}),
 * after the lock of {@link #lockBrands}. Issue #9 measured one round trip per mention as the listener's ceiling.
 */
@ApplicationScoped
public class NearDuplicateIndex {
    /** Every cluster leader that shares a band with one of the batch's fingerprints, of the batch's brands, in time. */
    private static final String CANDIDATES = """
            select b.brand, b.band, b.seen_at, b.mention_id, b.fingerprint, b.cluster_id, c.size
            from near_dup_bands b join near_dup_clusters c on c.id = b.cluster_id
            where (b.brand, b.band) in (select * from unnest(cast(?1 as text[]), cast(?2 as integer[])))
              and b.seen_at between ?3 and ?4
            order by b.seen_at, b.mention_id limit ?5""";
    /**
     * One round trip for a whole batch: index the four bands of each new leader's fingerprint (the cluster's
     * representative) and create or count every cluster the batch touched. Members are not indexed: only cluster
     * representatives are, so a look-up reads one row per nearby cluster however many copies a campaign posts.
     */
    private static final String RECORD = """
            with bands as (
                insert into near_dup_bands (brand, band, seen_at, mention_id, fingerprint, cluster_id)
                select * from unnest(cast(?1 as text[]), cast(?2 as integer[]), cast(cast(?3 as text[]) as timestamptz[]),
                    cast(?4 as uuid[]), cast(?5 as bigint[]), cast(?6 as uuid[]))
                on conflict do nothing)
            insert into near_dup_clusters (id, brand, size, first_seen, last_seen)
            select * from unnest(cast(?7 as uuid[]), cast(?8 as text[]), cast(?9 as integer[]),
                cast(cast(?10 as text[]) as timestamptz[]), cast(cast(?11 as text[]) as timestamptz[]))
            on conflict (id) do update set size = near_dup_clusters.size + excluded.size,
                last_seen = greatest(near_dup_clusters.last_seen, excluded.last_seen)""";

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
     * The mentions (in order) with their near-duplicate information: for each, the closest cluster representative
     * (the fingerprint of the mention that started the cluster, stored or earlier in this batch) within
     * {@link SimHash#NEAR_DUPLICATE_BITS} bits names the cluster (the oldest on a tie); none starts a cluster of its
     * own. A mention whose text is too short to fingerprint is returned unchanged. Writes nothing: see {@link #record}.
     */
    public Uni<List<Mention>> annotate(Mutiny.Session session, List<Mention> mentions) {
        List<Long> fingerprints = mentions.stream().map(m -> SimHash.fingerprint(m.text())).toList();
        List<String> brands = new ArrayList<>();
        List<Integer> bands = new ArrayList<>();
        Instant from = null;
        Instant to = null;
        for (int i = 0; i < mentions.size(); i++) {
            long fp = fingerprints.get(i);
            if (fp == 0L) {
                continue;
            }
            Mention m = mentions.get(i);
            for (int band : SimHash.bands(fp)) {
                brands.add(m.brand());
                bands.add(band);
            }
            from = from == null || m.createdAt().isBefore(from) ? m.createdAt() : from;
            to = to == null || m.createdAt().isAfter(to) ? m.createdAt() : to;
        }
        if (brands.isEmpty()) {
            return Uni.createFrom().item(mentions);
        }
        return session.createNativeQuery(CANDIDATES, Object[].class)
                .setParameter(1, brands.toArray(new String[0]))
                .setParameter(2, bands.toArray(new Integer[0]))
                .setParameter(3, from.minus(window).atOffset(ZoneOffset.UTC))
                .setParameter(4, to.plus(window).atOffset(ZoneOffset.UTC))
                .setParameter(5, maxCandidates * mentions.size())
                .getResultList()
                .map(rows -> assign(mentions, fingerprints, Leaders.of(rows)));
    }

    private List<Mention> assign(List<Mention> mentions, List<Long> fingerprints, Leaders leaders) {
        List<Mention> annotated = new ArrayList<>(mentions.size());
        for (int i = 0; i < mentions.size(); i++) {
            Mention m = mentions.get(i);
            long fp = fingerprints.get(i);
            if (fp == 0L) {
                annotated.add(m);
                continue;
            }
            Leader best = null;
            int bestDistance = Integer.MAX_VALUE;
            for (Leader leader : leaders.near(m, fp, window, maxCandidates)) {
                int d = SimHash.distance(fp, leader.fingerprint);
                if (d <= SimHash.NEAR_DUPLICATE_BITS && d < bestDistance) {
                    best = leader;
                    bestDistance = d;
                }
            }
            if (best == null) {
                leaders.add(new Leader(m.brand(), SimHash.bands(fp), m.createdAt(), m.id(), fp, m.id(), 1));
                annotated.add(m.withNearDuplicate(new NearDuplicate(SimHash.hex(fp), m.id(), 1)));
            } else {
                best.size++;
                annotated.add(m.withNearDuplicate(new NearDuplicate(SimHash.hex(fp), best.clusterId, best.size)));
            }
        }
        return annotated;
    }

    /** Index the stored leaders under their bands and count every stored mention in its cluster (one round trip). */
    public Uni<Void> record(Mutiny.Session session, List<Mention> stored) {
        List<Object[]> bandRows = new ArrayList<>();
        Map<UUID, Object[]> clusters = new LinkedHashMap<>();
        for (Mention m : stored) {
            NearDuplicate nd = m.nearDuplicate();
            if (nd == null) {
                continue;
            }
            long fp = SimHash.parseHex(nd.fingerprint());
            OffsetDateTime seen = m.createdAt().atOffset(ZoneOffset.UTC);
            if (nd.clusterId().equals(m.id())) {
                for (int band : SimHash.bands(fp)) {
                    bandRows.add(new Object[] {m.brand(), band, seen, m.id(), fp, nd.clusterId()});
                }
            }
            Object[] c = clusters.computeIfAbsent(nd.clusterId(), id -> new Object[] {id, m.brand(), 0, seen, seen});
            c[2] = (Integer) c[2] + 1;
            c[3] = ((OffsetDateTime) c[3]).isBefore(seen) ? c[3] : seen;
            c[4] = ((OffsetDateTime) c[4]).isAfter(seen) ? c[4] : seen;
        }
        if (clusters.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Object[]> cs = new ArrayList<>(clusters.values());
        return session.createNativeQuery(RECORD)
                .setParameter(1, column(bandRows, 0, String[]::new))
                .setParameter(2, column(bandRows, 1, Integer[]::new))
                .setParameter(3, timestamps(column(bandRows, 2, OffsetDateTime[]::new)))
                .setParameter(4, column(bandRows, 3, UUID[]::new))
                .setParameter(5, column(bandRows, 4, Long[]::new))
                .setParameter(6, column(bandRows, 5, UUID[]::new))
                .setParameter(7, column(cs, 0, UUID[]::new))
                .setParameter(8, column(cs, 1, String[]::new))
                .setParameter(9, column(cs, 2, Integer[]::new))
                .setParameter(10, timestamps(column(cs, 3, OffsetDateTime[]::new)))
                .setParameter(11, timestamps(column(cs, 4, OffsetDateTime[]::new)))
                .executeUpdate()
                .replaceWithVoid();
    }

    @SuppressWarnings("unchecked")
    private static <T> T[] column(List<Object[]> rows, int index, java.util.function.IntFunction<T[]> array) {
        T[] out = array.apply(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            out[i] = (T) rows.get(i)[index];
        }
        return out;
    }

    /** A cluster representative: stored, or started earlier in the batch being annotated. */
    private static final class Leader {
        final String brand;
        final int[] bands;
        final Instant seenAt;
        final UUID mentionId;
        final long fingerprint;
        final UUID clusterId;
        int size;

        Leader(String brand, int[] bands, Instant seenAt, UUID mentionId, long fingerprint, UUID clusterId, int size) {
            this.brand = brand;
            this.bands = bands;
            this.seenAt = seenAt;
            this.mentionId = mentionId;
            this.fingerprint = fingerprint;
            this.clusterId = clusterId;
            this.size = size;
        }
    }

    /** The leaders of one batch by brand and band, as the band index in PostgreSQL holds them. */
    private static final class Leaders {
        private static final Comparator<Leader> ORDER = Comparator.comparing((Leader l) -> l.seenAt)
                .thenComparing(l -> l.mentionId);
        private final Map<String, List<Leader>> byBand = new HashMap<>();

        static Leaders of(List<Object[]> rows) {
            Leaders leaders = new Leaders();
            Map<UUID, Leader> seen = new HashMap<>();
            for (Object[] row : rows) {
                UUID mentionId = (UUID) row[3];
                String brand = (String) row[0];
                int band = ((Number) row[1]).intValue();
                Leader leader = seen.computeIfAbsent(mentionId, id -> new Leader(brand, null, instant(row[2]), id,
                        ((Number) row[4]).longValue(), (UUID) row[5], ((Number) row[6]).intValue()));
                leaders.byBand.computeIfAbsent(brand + '\u0000' + band, k -> new ArrayList<>()).add(leader);
            }
            return leaders;
        }

        void add(Leader leader) {
            for (int band : leader.bands) {
                leaders(leader.brand, band).add(leader);
            }
        }

        private List<Leader> leaders(String brand, int band) {
            return byBand.computeIfAbsent(brand + '\u0000' + band, k -> new ArrayList<>());
        }

        /** The oldest {@code limit} leaders of the mention's brand sharing a band with it, within the window. */
        List<Leader> near(Mention m, long fp, Duration window, int limit) {
            Instant from = m.createdAt().minus(window);
            Instant to = m.createdAt().plus(window);
            Map<UUID, Leader> found = new LinkedHashMap<>();
            for (int band : SimHash.bands(fp)) {
                for (Leader l : byBand.getOrDefault(m.brand() + '\u0000' + band, List.of())) {
                    if (!l.seenAt.isBefore(from) && !l.seenAt.isAfter(to)) {
                        found.putIfAbsent(l.mentionId, l);
                    }
                }
            }
            return found.values().stream().sorted(ORDER).limit(limit).toList();
        }
    }
}
