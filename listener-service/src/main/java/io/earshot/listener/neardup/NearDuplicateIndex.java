package io.earshot.listener.neardup;

import io.earshot.contracts.events.Mention;
import io.earshot.contracts.events.NearDuplicate;
import io.earshot.contracts.text.SimHash;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
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
            where (b.brand, b.band) in (select * from unnest($1::text[], $2::integer[]))
              and b.seen_at between $3 and $4
            order by b.seen_at, b.mention_id limit $5""";
    /**
     * One round trip for a whole batch: index the four bands of each new leader's fingerprint (the cluster's
     * representative) and create or count every cluster the batch touched. Members are not indexed: only cluster
     * representatives are, so a look-up reads one row per nearby cluster however many copies a campaign posts.
     */
    private static final String RECORD = """
            with bands as (
                insert into near_dup_bands (brand, band, seen_at, mention_id, fingerprint, cluster_id)
                select * from unnest($1::text[], $2::integer[], $3::timestamptz[], $4::uuid[], $5::bigint[], $6::uuid[])
                on conflict do nothing)
            insert into near_dup_clusters (id, brand, size, first_seen, last_seen)
            select * from unnest($7::uuid[], $8::text[], $9::integer[], $10::timestamptz[], $11::timestamptz[])
            on conflict (id) do update set size = near_dup_clusters.size + excluded.size,
                last_seen = greatest(near_dup_clusters.last_seen, excluded.last_seen)""";

    private static final String LOCK = """
            select count(pg_advisory_xact_lock(hashtextextended(k, 0))) from unnest($1::text[]) with ordinality as t(k, n)""";

    private final Duration window;
    private final int maxCandidates;

    public NearDuplicateIndex(NearDuplicateSettings settings) {
        this.window = settings.window();
        this.maxCandidates = settings.maxCandidates();
    }

    /**
     * Serialises near-duplicate assignment per brand until the transaction ends: one statement takes every brand's
     * lock, in sorted order (the array is sorted and a function scan returns it in order), so never a deadlock.
     */
    public Uni<Void> lockBrands(SqlConnection connection, Collection<String> brands) {
        String[] sorted = brands.stream().distinct().sorted().map(b -> "earshot:neardup:" + b).toArray(String[]::new);
        return connection.preparedQuery(LOCK).execute(Tuple.tuple().addArrayOfString(sorted)).replaceWithVoid();
    }

    /**
     * Every stored cluster leader that may be near one of {@code mentions} (one statement; the same brand, a shared
     * band of the fingerprint, within the window), for {@link #annotate}. Needs the brands' locks to be exact.
     */
    public Uni<Candidates> candidates(SqlConnection connection, List<Mention> mentions) {
        Map<UUID, Long> fingerprints = new HashMap<>();
        List<String> brands = new ArrayList<>();
        List<Integer> bands = new ArrayList<>();
        Instant from = null;
        Instant to = null;
        for (Mention m : mentions) {
            long fp = SimHash.fingerprint(m.text());
            fingerprints.put(m.id(), fp);
            if (fp == 0L) {
                continue;
            }
            for (int band : SimHash.bands(fp)) {
                brands.add(m.brand());
                bands.add(band);
            }
            from = from == null || m.createdAt().isBefore(from) ? m.createdAt() : from;
            to = to == null || m.createdAt().isAfter(to) ? m.createdAt() : to;
        }
        if (brands.isEmpty()) {
            return Uni.createFrom().item(new Candidates(fingerprints, new Leaders()));
        }
        return connection.preparedQuery(CANDIDATES)
                .execute(Tuple.tuple().addArrayOfString(brands.toArray(new String[0]))
                        .addArrayOfInteger(bands.toArray(new Integer[0]))
                        .addOffsetDateTime(from.minus(window).atOffset(ZoneOffset.UTC))
                        .addOffsetDateTime(to.plus(window).atOffset(ZoneOffset.UTC))
                        .addInteger(maxCandidates * mentions.size()))
                .map(rows -> new Candidates(fingerprints, Leaders.of(rows)));
    }

    /** The stored leaders a batch may join, and the batch's fingerprints; used once, by {@link #annotate}. */
    public static final class Candidates {
        private final Map<UUID, Long> fingerprints;
        private final Leaders leaders;

        Candidates(Map<UUID, Long> fingerprints, Leaders leaders) {
            this.fingerprints = fingerprints;
            this.leaders = leaders;
        }
    }

    /**
     * The mentions (in order; each one of those {@link #candidates} was read for) with their near-duplicate
     * information: for each, the closest cluster representative (the fingerprint of the mention that started the
     * cluster, stored or earlier in this batch) within {@link SimHash#NEAR_DUPLICATE_BITS} bits names the cluster (the
     * oldest on a tie); none starts a cluster of its own. A mention whose text is too short to fingerprint is returned
     * unchanged. In memory, writes nothing: see {@link #record}.
     */
    public List<Mention> annotate(List<Mention> mentions, Candidates candidates) {
        List<Long> fingerprints = new ArrayList<>(mentions.size());
        for (Mention m : mentions) {
            Long fp = candidates.fingerprints.get(m.id());
            fingerprints.add(fp != null ? fp : SimHash.fingerprint(m.text()));
        }
        return assign(mentions, fingerprints, candidates.leaders);
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
    public Uni<Void> record(SqlConnection connection, List<Mention> stored) {
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
                    bandRows.add(new Object[]{m.brand(), band, seen, m.id(), fp, nd.clusterId()});
                }
            }
            Object[] c = clusters.computeIfAbsent(nd.clusterId(), id -> new Object[]{id, m.brand(), 0, seen, seen});
            c[2] = (Integer) c[2] + 1;
            c[3] = ((OffsetDateTime) c[3]).isBefore(seen) ? c[3] : seen;
            c[4] = ((OffsetDateTime) c[4]).isAfter(seen) ? c[4] : seen;
        }
        if (clusters.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Object[]> cs = new ArrayList<>(clusters.values());
        return connection.preparedQuery(RECORD)
                .execute(Tuple.tuple()
                        .addArrayOfString(column(bandRows, 0, String[]::new))
                        .addArrayOfInteger(column(bandRows, 1, Integer[]::new))
                        .addArrayOfOffsetDateTime(column(bandRows, 2, OffsetDateTime[]::new))
                        .addArrayOfUUID(column(bandRows, 3, UUID[]::new))
                        .addArrayOfLong(column(bandRows, 4, Long[]::new))
                        .addArrayOfUUID(column(bandRows, 5, UUID[]::new))
                        .addArrayOfUUID(column(cs, 0, UUID[]::new))
                        .addArrayOfString(column(cs, 1, String[]::new))
                        .addArrayOfInteger(column(cs, 2, Integer[]::new))
                        .addArrayOfOffsetDateTime(column(cs, 3, OffsetDateTime[]::new))
                        .addArrayOfOffsetDateTime(column(cs, 4, OffsetDateTime[]::new)))
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

        static Leaders of(RowSet<Row> rows) {
            Leaders leaders = new Leaders();
            Map<UUID, Leader> seen = new HashMap<>();
            for (Row row : rows) {
                UUID mentionId = row.getUUID("mention_id");
                String brand = row.getString("brand");
                int band = row.getInteger("band");
                Leader leader = seen.computeIfAbsent(mentionId, id -> new Leader(brand, null,
                        row.getOffsetDateTime("seen_at").toInstant(), id, row.getLong("fingerprint"),
                        row.getUUID("cluster_id"), row.getInteger("size")));
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
