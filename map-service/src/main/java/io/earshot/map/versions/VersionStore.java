package io.earshot.map.versions;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.map.maps.ItemStatus;
import io.earshot.map.maps.MapItemEntity;
import io.earshot.map.maps.MapStore;
import io.earshot.map.maps.MapViews.MapView;
import io.earshot.platform.http.Page;
import io.earshot.platform.http.PageCursor;
import io.earshot.platform.http.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Snapshots of maps (versions): taking them, listing them, reading one, the map at an instant, diffs. */
@ApplicationScoped
public class VersionStore {
    /** The trigger of versions taken by the daily schedule. */
    public static final String SCHEDULED = "SCHEDULED";

    private final MapStore maps;
    private final Clock clock;

    public VersionStore(MapStore maps, Clock clock) {
        this.maps = maps;
        this.clock = clock;
    }

    /** A version without its content, as the version list shows it. */
    public record VersionSummary(int version, String trigger, String createdBy, Instant createdAt, int itemCount) {
        static VersionSummary of(MapVersionEntity e) {
            return new VersionSummary(e.seq, e.trigger, e.createdBy, e.createdAt.toInstant(), e.itemCount);
        }
    }

    /**
     * Stores the live map, with every item's evidence, as the next version of the persona's map. Snapshots of one
     * map are serialised (a transaction-scoped advisory lock), so two at once, on one replica or two, get
     * consecutive numbers instead of colliding on the same one.
     */
    @WithTransaction
    public Uni<VersionSummary> snapshot(String brand, String persona, String trigger, String by) {
        return lockMap(brand, persona).flatMap(locked -> takeSnapshot(brand, persona, trigger, by));
    }

    /**
     * The scheduled snapshot of one map: taken unless the map already has a SCHEDULED version from the same UTC day,
     * so every replica may run the daily schedule and each map still gets one; null when it was already taken.
     */
    @WithTransaction
    public Uni<VersionSummary> scheduledSnapshot(String brand, String persona) {
        OffsetDateTime startOfDay = clock.instant().atOffset(ZoneOffset.UTC).toLocalDate().atStartOfDay().atOffset(
                ZoneOffset.UTC);
        return lockMap(brand, persona)
                .flatMap(locked -> MapVersionEntity.count(
                        "brand = ?1 and persona = ?2 and trigger = ?3 and createdAt >= ?4",
                        brand, persona, SCHEDULED, startOfDay))
                .flatMap(already -> already > 0
                        ? Uni.createFrom().<VersionSummary>nullItem()
                        : takeSnapshot(brand, persona, SCHEDULED, "scheduler"));
    }

    private static Uni<Void> lockMap(String brand, String persona) {
        return Panache.getSession().flatMap(session -> session
                .createNativeQuery("select 1 from (select pg_advisory_xact_lock(hashtextextended(?1, 0))) l",
                        Integer.class)
                .setParameter(1, "earshot:map-version:" + brand + "/" + persona)
                .getSingleResult())
                .replaceWithVoid();
    }

    private Uni<VersionSummary> takeSnapshot(String brand, String persona, String trigger, String by) {
        return maps.map(brand, persona, true).flatMap(live -> MapVersionEntity
                .<MapVersionEntity>find("brand = ?1 and persona = ?2", Sort.descending("seq"), brand, persona)
                .firstResult()
                .flatMap(last -> {
                    int seq = last == null ? 1 : last.seq + 1;
                    Instant now = clock.instant();
                    MapView version = new MapView(live.brand(), live.persona(), live.goal(), seq, now, null, live
                            .zones());
                    MapVersionEntity e = new MapVersionEntity();
                    e.id = UUID.randomUUID();
                    e.brand = brand;
                    e.persona = persona;
                    e.seq = seq;
                    e.trigger = trigger;
                    e.createdBy = by;
                    e.createdAt = now.atOffset(ZoneOffset.UTC);
                    e.itemCount = version.items().size();
                    e.content = write(version);
                    return e.<MapVersionEntity>persist().map(VersionSummary::of);
                }));
    }

    /** Every map that has ACTIVE items, as brand and persona pairs. */
    @WithSession
    public Uni<List<List<String>>> mapsWithItems() {
        return MapItemEntity.<MapItemEntity>list("status", ItemStatus.ACTIVE)
                .map(items -> items.stream().map(i -> List.of(i.brand, i.persona)).distinct().toList());
    }

    /** Versions of a map, newest first. */
    @WithSession
    public Uni<Page<VersionSummary>> list(String brand, String persona, int limit, PageCursor after) {
        String query = "brand = :brand and persona = :persona";
        Map<String, Object> params = new HashMap<>(Map.of("brand", brand, "persona", persona));
        if (after != null) {
            query += " and (createdAt < :ts or (createdAt = :ts and id < :id))";
            params.put("ts", after.at().atOffset(ZoneOffset.UTC));
            params.put("id", after.id());
        }
        return MapVersionEntity.<MapVersionEntity>find(query, Sort.descending("createdAt", "id"), params)
                .range(0, limit)
                .list()
                .map(rows -> {
                    boolean more = rows.size() > limit;
                    List<MapVersionEntity> page = more ? rows.subList(0, limit) : rows;
                    String next = more
                            ? new PageCursor(page.get(page.size() - 1).createdAt.toInstant(),
                                    page.get(page.size() - 1).id).encode()
                            : null;
                    return new Page<>(page.stream().map(VersionSummary::of).toList(), next);
                });
    }

    /** One version's map; 404 when the map has no such version. */
    @WithSession
    public Uni<MapView> version(String brand, String persona, int seq) {
        return MapVersionEntity.<MapVersionEntity>find("brand = ?1 and persona = ?2 and seq = ?3", brand, persona, seq)
                .firstResult()
                .map(e -> {
                    if (e == null) {
                        throw ProblemException.notFound("version " + seq + " of map " + brand + "/" + persona);
                    }
                    return read(e.content);
                });
    }

    /** The map as it was at an instant: the latest version taken at or before it; 404 when none is that old. */
    @WithSession
    public Uni<MapView> at(String brand, String persona, Instant at) {
        return MapVersionEntity.<MapVersionEntity>find("brand = ?1 and persona = ?2 and createdAt <= ?3",
                Sort.descending("createdAt", "seq"), brand, persona, OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
                .firstResult()
                .map(e -> {
                    if (e == null) {
                        throw ProblemException.notFound("a version of map " + brand + "/" + persona + " at or before "
                                + at);
                    }
                    return read(e.content);
                });
    }

    @WithSession
    public Uni<MapDiff> diff(String brand, String persona, int from, int to) {
        return version(brand, persona, from).flatMap(a -> version(brand, persona, to).map(b -> MapDiff.of(a, b)));
    }

    public static String write(MapView map) {
        try {
            return EventCodec.mapper().writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map could not be written as JSON", e);
        }
    }

    public static MapView read(String json) {
        try {
            return EventCodec.mapper().readValue(json, MapView.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored map version is not valid JSON", e);
        }
    }
}
