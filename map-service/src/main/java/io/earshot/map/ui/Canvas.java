package io.earshot.map.ui;

import io.earshot.contracts.events.Zone;
import io.earshot.map.maps.MapViews.ItemView;
import io.earshot.map.maps.MapViews.MapView;
import io.earshot.map.maps.Trend;
import io.earshot.map.versions.MapDiff;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * What the canvas page draws: the eight zones of one map (live or a version), each item sized by its evidence count
 * with its trend, and, when a second version is compared, every item marked added, changed (with the fields and the
 * earlier text) or removed (shown struck through in the zone it left). Pure logic over the API's own views and
 * {@link MapDiff}; nothing here reads the database.
 */
public record Canvas(String brand, String persona, String who, String needs, List<ZoneBox> zones, Summary summary) {

    /** How an item compares with the earlier version; NONE when no comparison was asked for or nothing changed. */
    public enum State {
        NONE, ADDED, CHANGED, REMOVED
    }

    /** The eight zones with the question each answers, in the order a screen reader meets them on the canvas. */
    public enum Box {
        SAYS(Zone.SAYS, "Says", "What do they say out loud?"), THINKS(Zone.THINKS, "Thinks",
                "What occupies their thinking?"), DOES(Zone.DOES, "Does", "What do they do?"), FEELS(Zone.FEELS,
                        "Feels", "What worries or excites them?"), SEES(Zone.SEES, "Sees",
                                "What do they see around them?"), HEARS(Zone.HEARS, "Hears",
                                        "What do they hear from others?"), PAINS(Zone.PAINS, "Pains",
                                                "Fears, frustrations, obstacles"), GAINS(Zone.GAINS, "Gains",
                                                        "Wants, needs, measures of success");

        final Zone zone;
        final String label;
        final String prompt;

        Box(Zone zone, String label, String prompt) {
            this.zone = zone;
            this.label = label;
            this.prompt = prompt;
        }
    }

    /** One item card. {@code size} is 1 (least evidence on this map) to 5 (most). */
    public record Card(UUID id, String text, String theme, int evidenceCount, int size, String trendArrow,
            String trendLabel, State state, String changedFields, String previousText, String statementKind) {

        public String stateLabel() {
            return switch (state) {
                case ADDED -> "added";
                case CHANGED -> "changed";
                case REMOVED -> "removed";
                case NONE -> "";
            };
        }

        public String cssClass() {
            return "item size-" + size + (state == State.NONE ? "" : " " + stateLabel());
        }
    }

    public record ZoneBox(String key, String label, String prompt, List<Card> cards) {
        public String area() {
            return key.toLowerCase(Locale.ROOT);
        }

        /** The {@link #TOP} cards with most evidence, shown at once. */
        public List<Card> top() {
            return cards.subList(0, Math.min(TOP, cards.size()));
        }

        /** The other cards, behind "more". */
        public List<Card> rest() {
            return cards.size() <= TOP ? List.of() : cards.subList(TOP, cards.size());
        }
    }

    /** Cards a zone shows before "more". */
    public static final int TOP = 5;

    /** Counts of the comparison, or null when none was asked for. */
    public record Summary(int from, String to, int added, int removed, int changed) {}

    static final int SIZES = 5;

    /** The canvas of {@code shown}; with {@code diff} (from an earlier version to {@code shown}), marked up. */
    public static Canvas of(MapView shown, MapDiff diff, String toLabel) {
        Map<UUID, State> states = new HashMap<>();
        Map<UUID, MapDiff.Change> changes = new HashMap<>();
        List<ItemView> removed = new ArrayList<>();
        Summary summary = null;
        if (diff != null) {
            diff.added().forEach(i -> states.put(i.id(), State.ADDED));
            diff.changed().forEach(c -> {
                states.put(c.itemId(), State.CHANGED);
                changes.put(c.itemId(), c);
            });
            removed.addAll(diff.removed());
            summary = new Summary(diff.from(), toLabel, diff.added().size(), diff.removed().size(), diff.changed()
                    .size());
        }
        int max = 1;
        for (ItemView i : shown.items()) {
            max = Math.max(max, i.evidenceCount());
        }
        for (ItemView i : removed) {
            max = Math.max(max, i.evidenceCount());
        }
        List<ZoneBox> zones = new ArrayList<>();
        for (Box box : Box.values()) {
            List<Card> cards = new ArrayList<>();
            for (ItemView i : shown.zones().getOrDefault(box.zone, List.of())) {
                MapDiff.Change change = changes.get(i.id());
                cards.add(card(i, max, states.getOrDefault(i.id(), State.NONE),
                        change == null ? null : String.join(", ", change.fields()),
                        change == null || !change.fields().contains("text") ? null : change.before().text()));
            }
            for (ItemView i : removed) {
                if (i.zone() == box.zone) {
                    cards.add(card(i, max, State.REMOVED, null, null));
                }
            }
            cards.sort((a, b) -> Integer.compare(b.evidenceCount(), a.evidenceCount()));
            zones.add(new ZoneBox(box.name(), box.label, box.prompt, List.copyOf(cards)));
        }
        String who = shown.goal() == null ? null : shown.goal().who();
        String needs = shown.goal() == null ? null : shown.goal().needs();
        return new Canvas(shown.brand(), shown.persona(), who, needs, List.copyOf(zones), summary);
    }

    /** The zone of the given key (SAYS ... GAINS) for templates that place zones by name. */
    public ZoneBox zone(String key) {
        return zones.stream().filter(z -> z.key().equals(key)).findFirst().orElseThrow();
    }

    public boolean empty() {
        return zones.stream().allMatch(z -> z.cards().isEmpty());
    }

    /** 1 for the least evidence up to {@link #SIZES} for the most on the map, on a log scale (counts grow fast). */
    static int size(int count, int max) {
        if (count <= 1 || max <= 1) {
            return 1;
        }
        double share = Math.log(count) / Math.log(max);
        return 1 + (int) Math.round(share * (SIZES - 1));
    }

    private static Card card(ItemView i, int max, State state, String fields, String previousText) {
        Trend t = i.trend() == null ? Trend.STEADY : i.trend();
        String arrow = switch (t) {
            case RISING -> "\u2191";
            case FALLING -> "\u2193";
            case STEADY -> "\u2192";
        };
        return new Card(i.id(), i.text(), i.theme(), i.evidenceCount(), size(i.evidenceCount(), max), arrow,
                t.name().toLowerCase(Locale.ROOT), state, fields, previousText,
                i.provenance() == null ? null : i.provenance().statementKind());
    }
}
