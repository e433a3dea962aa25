package io.earshot.map.privacy;

import io.earshot.contracts.events.ErasureRequest;
import io.earshot.map.clusters.ClusterService;
import io.earshot.map.clusters.ClusterStore;
import io.earshot.map.clusters.Clusterer;
import io.earshot.map.maps.EvidenceEntity;
import io.earshot.map.maps.MapStore;
import io.earshot.map.maps.MapViews.EvidenceView;
import io.earshot.map.maps.MapViews.ItemView;
import io.earshot.map.maps.MapViews.MapView;
import io.earshot.map.personas.AuthorTierEntity;
import io.earshot.map.versions.MapVersionEntity;
import io.earshot.map.versions.VersionStore;
import io.earshot.platform.privacy.Subjects;
import io.earshot.platform.privacy.Tombstones;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Erases a data subject from every map and version: the subject's mentions are found through
 * {@code mention_authors} (and evidence already keyed by author); their evidence rows and quotes are deleted, item
 * counts recomputed, the mention ids and quotes scrubbed from every stored snapshot and from candidates (a candidate
 * drawn only from the subject's mentions has its text replaced by "[erased]"; one still waiting for persona
 * assignment is dropped), the author index and mention facts rows and the author's CRM tier deleted, and the erasure
 * logged with a hash of the subject; the subject's tombstones are recorded, so the author index does not take their
 * mentions still in flight ({@link Tombstones}).
 */
@ApplicationScoped
public class SubjectErasure {
    static final String ERASED = "[erased]";
    private static final String SCRUB_CANDIDATES = """
            update candidates set
                text = case when evidence_mention_ids <@ cast(?1 as uuid[]) then '[erased]' else text end,
                evidence_mention_ids = array(select x from unnest(evidence_mention_ids) as x where not (x = any(cast(?1 as uuid[]))))
            where evidence_mention_ids && cast(?1 as uuid[])""";
    /** A waiting candidate drawn only from the subject's mentions is dropped; others lose the subject's mentions. */
    private static final String DROP_WAITING = "delete from candidate_inbox where mention_ids <@ cast(?1 as uuid[])";
    private static final String SCRUB_WAITING = """
            update candidate_inbox set
                mention_ids = array(select x from unnest(mention_ids) as x where not (x = any(cast(?1 as uuid[]))))
            where mention_ids && cast(?1 as uuid[])""";
    /** An item still worded as an erased quote takes its most recent remaining quote, or "[erased]". */
    private static final String REWORD = """
            update map_items i set text = coalesce((select e.quote from item_evidence e where e.item_id = i.id
                                                     and e.quote is not null and e.quote <> ''
                                                     order by e.seen_at desc limit 1), '[erased]'),
                                   updated_at = now(), version = i.version + 1
            where i.id = ?1 and i.text = ?2""";
    private static final String LOG = """
            insert into erasure_log (id, source, subject_hash, requested_by, requested_at, mentions, evidence_removed,
                                     versions_scrubbed)
            values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) on conflict (id) do nothing""";

    /** The subject's evidence leaves every cluster; the clusters it was in, to re-synthesize. */
    private static final String CLUSTERS_OF = "select distinct cluster_id from cluster_evidence where mention_id = any(?1)";
    private static final String ERASE_CLUSTER_EVIDENCE = "delete from cluster_evidence where mention_id = any(?1)";
    /**
     * The map item of a validated cluster whose statement was synthesized (not an analyst's wording) takes the
     * statement synthesized again without the erased posts (it may have quoted the erased medoid); the items reworded.
     */
    private static final String REWORD_CLUSTER_ITEMS = """
            with reworded as (
                update map_items i set text = k.statement, updated_at = now(), version = i.version + 1
                from insight_clusters k
                where k.id = any(?1) and k.status = 'VALIDATED' and not k.statement_edited and i.cluster_id = k.id
                  and i.status = 'ACTIVE' and i.text <> k.statement
                returning i.id, i.text)
            select id, text from reworded""";

    private final MapStore maps;
    private final ClusterService clusters;

    public SubjectErasure(MapStore maps, ClusterService clusters) {
        this.maps = maps;
        this.clusters = clusters;
    }

    public record Outcome(int mentions, int evidenceRemoved, int versionsScrubbed) {}

    public record ErasureView(UUID id, String source, String subjectHash, String requestedBy,
            java.time.Instant requestedAt, java.time.Instant erasedAt, int mentions, int evidenceRemoved,
            int versionsScrubbed) {
        static ErasureView of(ErasureLogEntity e) {
            return new ErasureView(e.id, e.source, e.subjectHash, e.requestedBy,
                    e.requestedAt == null ? null : e.requestedAt.toInstant(), e.erasedAt.toInstant(), e.mentions,
                    e.evidenceRemoved, e.versionsScrubbed);
        }
    }

    @WithTransaction
    public Uni<Outcome> erase(ErasureRequest request) {
        ErasureRequest.Subject subject = request.subject();
        String author = AuthorKeys.author(subject.source(), subject.authorId());
        String handle = AuthorKeys.handle(subject.source(), subject.handle());
        List<String> keys = new ArrayList<>();
        if (author != null) {
            keys.add(author);
        }
        if (handle != null) {
            keys.add(handle);
        }
        Uni<Integer> tombstones = Panache.getSession().flatMap(s -> Tombstones.record(request, (hash, before) -> s
                .createNativeQuery(Tombstones.RECORD).setParameter(1, hash).setParameter(2, before).executeUpdate()));
        if (request.mentionScoped()) {
            // single mentions deleted at their source: only they go; the author's index, tier and other posts stay
            return tombstones.chain(() -> eraseMentions(new HashSet<>(request.mentionIds()), Uni.createFrom().item(0L)))
                    .flatMap(outcome -> log(request, subject, outcome));
        }
        Uni<List<MentionAuthorEntity>> known = tombstones.chain(() -> MentionAuthorEntity.list(
                "authorKey in ?1 or handleKey in ?1", keys));
        Uni<List<EvidenceEntity>> keyed = EvidenceEntity.list("authorKey in ?1", keys);
        return known.flatMap(authors -> keyed.flatMap(byKey -> {
            Set<UUID> mentions = new HashSet<>();
            authors.forEach(a -> mentions.add(a.mentionId));
            byKey.forEach(e -> mentions.add(e.mentionId));
            Set<String> authorKeys = new HashSet<>(keys);
            authors.stream().filter(a -> a.authorKey != null).forEach(a -> authorKeys.add(a.authorKey));
            Uni<Long> tiers = AuthorTierEntity.delete("authorKey in ?1", List.copyOf(authorKeys));
            return eraseMentions(mentions, tiers).flatMap(outcome -> log(request, subject, outcome));
        }));
    }

    /**
     * Erases the given mentions from evidence, items, candidates, clusters, versions and the author index; {@code tiers}
     * (the author's CRM tier, for a whole-subject erasure) runs in the same transaction.
     */
    private Uni<Outcome> eraseMentions(Set<UUID> mentions, Uni<Long> tiers) {
        if (mentions.isEmpty()) {
            return tiers.replaceWith(new Outcome(0, 0, 0));
        }
        List<UUID> ids = List.copyOf(mentions);
        return EvidenceEntity.<EvidenceEntity>list("mentionId in ?1", ids).flatMap(evidence -> {
            Set<UUID> items = new HashSet<>();
            evidence.forEach(e -> items.add(e.itemId));
            Set<List<Object>> quoted = new HashSet<>();
            evidence.stream().filter(e -> e.quote != null).forEach(e -> quoted.add(List.of(e.itemId, e.quote)));
            return EvidenceEntity.delete("mentionId in ?1", ids)
                    .call(() -> Multi.createFrom().iterable(items)
                            .onItem().transformToUniAndConcatenate(maps::recompute).collect().last())
                    .call(() -> Multi.createFrom().iterable(quoted)
                            .onItem().transformToUniAndConcatenate(q -> Panache.getSession().flatMap(s -> s
                                    .createNativeQuery(REWORD).setParameter(1, q.get(0)).setParameter(2, q.get(1))
                                    .executeUpdate()))
                            .collect().last())
                    .call(() -> Panache.getSession().flatMap(s -> s.createNativeQuery(SCRUB_CANDIDATES)
                            .setParameter(1, ids.toArray(new UUID[0])).executeUpdate()))
                    .call(() -> Panache.getSession().flatMap(s -> s.createNativeQuery(DROP_WAITING)
                            .setParameter(1, ids.toArray(new UUID[0])).executeUpdate()))
                    .call(() -> Panache.getSession().flatMap(s -> s.createNativeQuery(SCRUB_WAITING)
                            .setParameter(1, ids.toArray(new UUID[0])).executeUpdate()))
                    .flatMap(removed -> eraseFromClusters(ids)
                            .call(() -> MentionAuthorEntity.delete("mentionId in ?1", ids))
                            .call(() -> tiers)
                            .flatMap(reworded -> scrubVersions(mentions, reworded))
                            .map(versions -> new Outcome(ids.size(), removed.intValue(), versions)));
        });
    }

    /**
     * Deletes the mentions' cluster evidence (quotes included) and synthesizes the clusters' profile, medoid and
     * statement again from what remains, so that no statement is still drawn from an erased post.
     */
    private Uni<Map<UUID, String>> eraseFromClusters(List<UUID> ids) {
        UUID[] mentions = ids.toArray(new UUID[0]);
        return Panache.getSession().flatMap(s -> s.createNativeQuery(CLUSTERS_OF, UUID.class)
                .setParameter(1, mentions).getResultList()
                .call(() -> s.createNativeQuery(ERASE_CLUSTER_EVIDENCE).setParameter(1, mentions).executeUpdate()))
                .flatMap(touched -> touched.isEmpty()
                        ? Uni.createFrom().item(Map.<UUID, String>of())
                        : clusters.resynthesize(List.copyOf(touched)).chain(() -> Panache.getSession())
                                .flatMap(s -> s.createNativeQuery(REWORD_CLUSTER_ITEMS)
                                        .setParameter(1, touched.toArray(new UUID[0])).getResultList())
                                .map(rows -> {
                                    Map<UUID, String> reworded = new LinkedHashMap<>();
                                    for (Object row : rows) {
                                        Object[] r = (Object[]) row;
                                        reworded.put((UUID) r[0], (String) r[1]);
                                    }
                                    return reworded;
                                }));
    }

    @WithSession
    public Uni<List<ErasureView>> recent(int limit) {
        return ErasureLogEntity.<ErasureLogEntity>findAll(Sort.descending("erasedAt", "id")).range(0, limit - 1).list()
                .map(rows -> rows.stream().map(ErasureView::of).toList());
    }

    /** Removes the mentions' evidence and quotes from every stored version that holds them; the versions changed. */
    private Uni<Integer> scrubVersions(Set<UUID> mentions, Map<UUID, String> reworded) {
        Map<UUID, MapVersionEntity> found = new LinkedHashMap<>();
        return Multi.createFrom().iterable(mentions)
                .onItem().transformToUniAndConcatenate(id -> MapVersionEntity.<MapVersionEntity>list(
                        "content like ?1", "%" + id + "%"))
                .collect().asList()
                .map(lists -> {
                    lists.forEach(list -> list.forEach(v -> found.putIfAbsent(v.id, v)));
                    int changed = 0;
                    for (MapVersionEntity v : found.values()) {
                        String scrubbed = VersionStore.write(scrub(VersionStore.read(v.content), mentions, reworded));
                        if (!scrubbed.equals(v.content)) {
                            v.content = scrubbed;
                            changed++;
                        }
                    }
                    return changed;
                });
    }

    /**
     * The map without the given mentions' evidence and sample quotes; counts and first/last seen follow. An item worded
     * from an erased quote (the quote itself, or a cluster statement drawn from it) takes its {@code reworded} live
     * wording when it has one, else its most recent remaining quote.
     */
    public static MapView scrub(MapView map, Set<UUID> mentions, Map<UUID, String> reworded) {
        Map<io.earshot.contracts.events.Zone, List<ItemView>> zones = MapView.emptyZones();
        map.zones().forEach((zone, items) -> zones.put(zone, items.stream().map(item -> {
            List<EvidenceView> evidence = item.evidence() == null ? List.of() : item.evidence();
            List<EvidenceView> samples = item.samples() == null ? List.of() : item.samples();
            boolean touched = evidence.stream().anyMatch(e -> mentions.contains(e.mentionId()))
                    || samples.stream().anyMatch(e -> mentions.contains(e.mentionId()));
            if (!touched) {
                return item;
            }
            List<EvidenceView> kept = evidence.stream().filter(e -> !mentions.contains(e.mentionId())).toList();
            List<EvidenceView> keptSamples = samples.stream().filter(e -> !mentions.contains(e.mentionId())).toList();
            Set<String> erasedQuotes = new HashSet<>();
            evidence.stream().filter(e -> mentions.contains(e.mentionId())).forEach(e -> erasedQuotes.add(e.quote()));
            samples.stream().filter(e -> mentions.contains(e.mentionId())).forEach(e -> erasedQuotes.add(e.quote()));
            ItemView scrubbed = item.withEvidence(kept, keptSamples);
            boolean drawn = erasedQuotes.contains(item.text()) || erasedQuotes.stream().anyMatch(q -> drawnFrom(item
                    .text(), q));
            return drawn ? scrubbed.withText(reworded.getOrDefault(item.id(), replacementText(kept))) : scrubbed;
        }).toList()));
        return new MapView(map.brand(), map.persona(), map.goal(), map.version(), map.takenAt(), map.generatedAt(),
                zones);
    }

    /** True when a statement quotes the gist of this post (a cluster statement synthesized from it as its medoid). */
    static boolean drawnFrom(String text, String quote) {
        if (text == null || quote == null) {
            return false;
        }
        String gist = Clusterer.gist(ClusterStore.quote(quote));
        return gist.length() >= 12 && text.contains(gist);
    }

    /** An item worded as the subject's own quote takes the most recent remaining quote, or "[erased]". */
    static String replacementText(List<EvidenceView> kept) {
        return kept.stream().filter(e -> e.quote() != null && !e.quote().isBlank())
                .max(java.util.Comparator.comparing(EvidenceView::seenAt, java.util.Comparator.nullsFirst(
                        java.util.Comparator.naturalOrder())))
                .map(EvidenceView::quote).orElse(ERASED);
    }

    private static Uni<Outcome> log(ErasureRequest request, ErasureRequest.Subject subject, Outcome outcome) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery(LOG)
                .setParameter(1, request.id() == null ? UUID.randomUUID() : request.id())
                .setParameter(2, subject.source())
                .setParameter(3, Subjects.hash(request))
                .setParameter(4, request.requestedBy())
                .setParameter(5, request.requestedAt() == null ? null : request.requestedAt().atOffset(ZoneOffset.UTC))
                .setParameter(6, outcome.mentions())
                .setParameter(7, outcome.evidenceRemoved())
                .setParameter(8, outcome.versionsScrubbed())
                .executeUpdate()).replaceWith(outcome);
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
