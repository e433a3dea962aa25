package io.earshot.map.versions;

import io.earshot.contracts.events.Zone;
import io.earshot.map.maps.MapViews.ItemView;
import io.earshot.map.maps.MapViews.MapView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * What changed between two versions of a map. Items are matched by id: {@code added} are only in {@code to},
 * {@code removed} only in {@code from}, {@code changed} in both with another text, zone or theme (the fields that
 * changed are named); {@code evidenceGrowth} lists every item in {@code to} whose evidence count differs from
 * {@code from} (0 for added items).
 */
public record MapDiff(String brand, String persona, int from, int to, List<ItemView> added, List<ItemView> removed,
        List<Change> changed, List<Growth> evidenceGrowth) {

    public record Change(UUID itemId, List<String> fields, ItemView before, ItemView after) {}

    public record Growth(UUID itemId, Zone zone, String theme, int from, int to, int delta) {}

    public static MapDiff of(MapView from, MapView to) {
        Map<UUID, ItemView> before = index(from);
        Map<UUID, ItemView> after = index(to);
        List<ItemView> added = new ArrayList<>();
        List<Change> changed = new ArrayList<>();
        List<Growth> growth = new ArrayList<>();
        after.forEach((id, now) -> {
            ItemView then = before.get(id);
            if (then == null) {
                added.add(now);
            } else {
                List<String> fields = new ArrayList<>();
                if (!Objects.equals(then.text(), now.text())) {
                    fields.add("text");
                }
                if (then.zone() != now.zone()) {
                    fields.add("zone");
                }
                if (!Objects.equals(then.theme(), now.theme())) {
                    fields.add("theme");
                }
                if (!fields.isEmpty()) {
                    changed.add(new Change(id, fields, then, now));
                }
            }
            int was = then == null ? 0 : then.evidenceCount();
            if (was != now.evidenceCount()) {
                growth.add(new Growth(id, now.zone(), now.theme(), was, now.evidenceCount(), now.evidenceCount()
                        - was));
            }
        });
        List<ItemView> removed = before.values().stream().filter(i -> !after.containsKey(i.id())).toList();
        return new MapDiff(to.brand(), to.persona(), version(from), version(to), added, removed, changed, growth);
    }

    private static int version(MapView map) {
        return map.version() == null ? 0 : map.version();
    }

    private static Map<UUID, ItemView> index(MapView map) {
        Map<UUID, ItemView> items = new LinkedHashMap<>();
        map.items().forEach(i -> items.put(i.id(), i));
        return items;
    }
}
