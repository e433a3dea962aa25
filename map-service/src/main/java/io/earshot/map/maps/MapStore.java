package io.earshot.map.maps;

import io.earshot.contracts.events.Zone;
import io.earshot.map.maps.MapViews.EvidenceView;
import io.earshot.map.maps.MapViews.Goal;
import io.earshot.map.maps.MapViews.ItemView;
import io.earshot.map.maps.MapViews.MapView;
import io.earshot.map.personas.PersonaEntity;
import io.earshot.platform.http.Page;
import io.earshot.platform.http.PageCursor;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Map items and their evidence. Writes are native statements that run inside the caller's transaction (review,
 * consumer, erasure); reads build the views with trends computed against the injected {@link Clock}.
 */
@ApplicationScoped
public class MapStore {
    static final int SAMPLES = 3;

    private static final String CREATE_ITEM = """
            insert into map_items (id, brand, persona, zone, text, theme, status, validated_by, validated_at)
            values (?1, ?2, ?3, ?4, ?5, ?6, 'ACTIVE', ?7, now())""";

    /** Every mention of the candidate becomes evidence of the item, once; the author is filled in when known. */
    private static final String ATTACH = """
            insert into item_evidence (id, item_id, mention_id, candidate_id, quote, seen_at, author_key)
            select gen_random_uuid(), ?1, m.id, c.id, c.text, coalesce(c.last_seen, c.first_seen, c.received_at),
                   coalesce(a.author_key, a.handle_key)
            from candidates c cross join lateral unnest(c.evidence_mention_ids) as m(id)
            left join mention_authors a on a.mention_id = m.id
            where c.id = ?2
            on conflict (item_id, mention_id) do nothing""";

    private static final String RECOMPUTE = """
            update map_items i set evidence_count = s.n, first_seen = s.f, last_seen = s.l, updated_at = now(),
                                   version = i.version + 1
            from (select count(*) as n, min(seen_at) as f, max(seen_at) as l from item_evidence where item_id = ?1) s
            where i.id = ?1""";

    private final Clock clock;

    public MapStore(Clock clock) {
        this.clock = clock;
    }

    /** Creates an ACTIVE item validated by this analyst now (in the current transaction); fails on the unique index if one exists for the theme. */
    public Uni<UUID> createItem(String brand, String persona, Zone zone, String text, String theme,
            String validatedBy) {
        UUID id = UUID.randomUUID();
        return Panache.getSession().flatMap(s -> s.createNativeQuery(CREATE_ITEM)
                .setParameter(1, id).setParameter(2, brand).setParameter(3, persona).setParameter(4, zone.name())
                .setParameter(5, text).setParameter(6, theme).setParameter(7, validatedBy)
                .executeUpdate())
                .replaceWith(id);
    }

    /** Adds the candidate's mentions as evidence of the item and recomputes its counts (current transaction). */
    public Uni<Integer> attach(UUID itemId, UUID candidateId) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery(ATTACH)
                .setParameter(1, itemId).setParameter(2, candidateId).executeUpdate())
                .call(added -> recompute(itemId));
    }

    /** Recomputes an item's evidence count and first/last seen from its evidence rows (current transaction). */
    public Uni<Integer> recompute(UUID itemId) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery(RECOMPUTE).setParameter(1, itemId)
                .executeUpdate());
    }

    /** The ACTIVE item of a brand, persona, zone and theme, or null (current session). */
    public Uni<MapItemEntity> activeItem(String brand, String persona, Zone zone, String theme) {
        return MapItemEntity.<MapItemEntity>find(
                "brand = ?1 and persona = ?2 and zone = ?3 and theme = ?4 and status = ?5",
                brand, persona, zone, theme, ItemStatus.ACTIVE).firstResult();
    }

    /** The live map: goal and ACTIVE items per zone; with {@code full}, every item carries all its evidence. */
    @WithSession
    public Uni<MapView> map(String brand, String persona, boolean full) {
        Uni<List<MapItemEntity>> items = MapItemEntity.<MapItemEntity>find(
                "brand = ?1 and persona = ?2 and status = ?3", Sort.ascending("zone", "createdAt", "id"),
                brand, persona, ItemStatus.ACTIVE).list();
        return items.flatMap(rows -> views(rows, full)).flatMap(views -> goal(brand, persona).map(goal -> {
            Map<Zone, List<ItemView>> zones = MapView.emptyZones();
            views.stream().collect(Collectors.groupingBy(ItemView::zone)).forEach(zones::put);
            return new MapView(brand, persona, goal, null, null, clock.instant(), zones);
        }));
    }

    /** The goal section of a persona's map (nulls when the persona has none yet). Current session. */
    public Uni<Goal> goal(String brand, String persona) {
        return PersonaEntity.<PersonaEntity>find("brand = ?1 and name = ?2", brand, persona).firstResult()
                .map(p -> p == null ? new Goal(null, null) : new Goal(p.goalWho, p.goalNeeds));
    }

    /** ACTIVE items of a map, newest first, optionally of one zone. */
    @WithSession
    public Uni<Page<ItemView>> items(String brand, String persona, Zone zone, int limit, PageCursor after) {
        List<String> where = new ArrayList<>(List.of("brand = :brand", "persona = :persona", "status = :status"));
        Map<String, Object> params = new HashMap<>(Map.of("brand", brand, "persona", persona, "status",
                ItemStatus.ACTIVE));
        if (zone != null) {
            where.add("zone = :zone");
            params.put("zone", zone);
        }
        if (after != null) {
            where.add("(createdAt < :ts or (createdAt = :ts and id < :id))");
            params.put("ts", offset(after.at()));
            params.put("id", after.id());
        }
        return MapItemEntity.<MapItemEntity>find("from MapItemEntity where " + String.join(" and ", where),
                Sort.descending("createdAt", "id"), params)
                .range(0, limit)
                .list()
                .flatMap(rows -> {
                    boolean more = rows.size() > limit;
                    List<MapItemEntity> page = more ? rows.subList(0, limit) : rows;
                    String next = more
                            ? new PageCursor(page.get(page.size() - 1).createdAt.toInstant(),
                                    page.get(page.size() - 1).id).encode()
                            : null;
                    return views(page, false).map(views -> new Page<>(views, next));
                });
    }

    /** One item (any status), or null. */
    @WithSession
    public Uni<ItemView> item(UUID id) {
        return MapItemEntity.<MapItemEntity>findById(id)
                .flatMap(e -> e == null ? Uni.createFrom().nullItem() : views(List.of(e), false).map(v -> v.get(0)));
    }

    /** Evidence of an item, most recently added first. */
    @WithSession
    public Uni<Page<EvidenceView>> evidence(UUID itemId, int limit, PageCursor after) {
        String query = "itemId = :item";
        Map<String, Object> params = new HashMap<>(Map.of("item", itemId));
        if (after != null) {
            query += " and (addedAt < :ts or (addedAt = :ts and id < :id))";
            params.put("ts", offset(after.at()));
            params.put("id", after.id());
        }
        return EvidenceEntity.<EvidenceEntity>find(query, Sort.descending("addedAt", "id"), params)
                .range(0, limit)
                .list()
                .map(rows -> {
                    boolean more = rows.size() > limit;
                    List<EvidenceEntity> page = more ? rows.subList(0, limit) : rows;
                    String next = more
                            ? new PageCursor(page.get(page.size() - 1).addedAt.toInstant(),
                                    page.get(page.size() - 1).id).encode()
                            : null;
                    return new Page<>(page.stream().map(MapStore::evidenceView).toList(), next);
                });
    }

    private Uni<List<ItemView>> views(List<MapItemEntity> items, boolean full) {
        if (items.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<UUID> ids = items.stream().map(i -> i.id).toList();
        Instant now = clock.instant();
        return EvidenceEntity.<EvidenceEntity>list("itemId in ?1", Sort.descending("seenAt", "mentionId"), ids)
                .map(evidence -> {
                    Map<UUID, List<EvidenceEntity>> byItem = evidence.stream()
                            .collect(Collectors.groupingBy(e -> e.itemId));
                    return items.stream().map(i -> {
                        List<EvidenceEntity> mine = byItem.getOrDefault(i.id, List.of());
                        List<EvidenceView> all = mine.stream().map(MapStore::evidenceView).toList();
                        List<EvidenceView> samples = all.stream().filter(e -> e.quote() != null)
                                .filter(distinctQuotes()).limit(SAMPLES).toList();
                        Trend trend = Trend.of(all.stream().map(EvidenceView::seenAt).toList(), now);
                        return new ItemView(i.id, i.brand, i.persona, i.zone, i.text, i.theme, i.evidenceCount,
                                instant(i.firstSeen), instant(i.lastSeen), trend, samples, full ? all : null,
                                instant(i.updatedAt), provenance(i));
                    }).toList();
                });
    }

    /** An item's provenance: inferred from a cluster (who validated it when), else observed (a post's words). */
    static MapViews.Provenance provenance(MapItemEntity i) {
        return i.inferred || i.clusterId != null
                ? new MapViews.Provenance("inferred", i.clusterId, i.validatedBy, instant(i.validatedAt))
                : new MapViews.Provenance("observed", null, i.validatedBy, instant(i.validatedAt));
    }

    private static java.util.function.Predicate<EvidenceView> distinctQuotes() {
        java.util.Set<String> seen = new java.util.HashSet<>();
        return e -> seen.add(e.quote());
    }

    static EvidenceView evidenceView(EvidenceEntity e) {
        return new EvidenceView(e.mentionId, e.candidateId, e.quote, instant(e.seenAt));
    }

    static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    static OffsetDateTime offset(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }
}
