package io.earshot.map.maps;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.earshot.contracts.events.Zone;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The JSON shapes of maps, items and evidence, shared by the live API, snapshots, diffs and exports. */
public final class MapViews {
    private MapViews() {}

    /** One supporting mention: its id, the redacted quote, when it was seen. */
    public record EvidenceView(UUID mentionId, UUID candidateId, String quote, Instant seenAt) {}

    /**
     * A map item. {@code samples} holds up to three recent quotes; {@code evidence} (every supporting mention) is
     * present in snapshots and exports, absent from the live listing (use the evidence endpoint there).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ItemView(UUID id, String brand, String persona, Zone zone, String text, String theme,
            int evidenceCount, Instant firstSeen, Instant lastSeen, Trend trend, List<EvidenceView> samples,
            List<EvidenceView> evidence, Instant updatedAt, Provenance provenance) {

        /** An item without provenance (items validated from single candidates before clusters, and tests). */
        public ItemView(UUID id, String brand, String persona, Zone zone, String text, String theme, int evidenceCount,
                Instant firstSeen, Instant lastSeen, Trend trend, List<EvidenceView> samples,
                List<EvidenceView> evidence, Instant updatedAt) {
            this(id, brand, persona, zone, text, theme, evidenceCount, firstSeen, lastSeen, trend, samples, evidence,
                    updatedAt, null);
        }

        public ItemView withText(String newText) {
            return new ItemView(id, brand, persona, zone, newText, theme, evidenceCount, firstSeen, lastSeen, trend,
                    samples, evidence, updatedAt, provenance);
        }

        public ItemView withEvidence(List<EvidenceView> kept, List<EvidenceView> keptSamples) {
            Instant first = kept.stream().map(EvidenceView::seenAt).min(Instant::compareTo).orElse(null);
            Instant last = kept.stream().map(EvidenceView::seenAt).max(Instant::compareTo).orElse(null);
            return new ItemView(id, brand, persona, zone, text, theme, kept.size(), first, last, trend, keptSamples,
                    kept, updatedAt, provenance);
        }
    }

    /**
     * Where an item's wording comes from: {@code inferred} (a statement synthesized from an insight cluster, whose
     * samples are the observed quotes) or {@code observed} (a post's own words, validated from one candidate); the
     * cluster it came from, and who validated it when.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Provenance(String statementKind, UUID clusterId, String validatedBy, Instant validatedAt) {}

    /** Who the persona is and what they need to do: the goal section of an empathy map. */
    public record Goal(String who, String needs) {}

    /**
     * A whole empathy map: the goal and the ACTIVE items of each of the eight zones. {@code version} and
     * {@code takenAt} are set on snapshots; {@code generatedAt} on live maps.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MapView(String brand, String persona, Goal goal, Integer version, Instant takenAt,
            Instant generatedAt, Map<Zone, List<ItemView>> zones) {

        public static Map<Zone, List<ItemView>> emptyZones() {
            Map<Zone, List<ItemView>> zones = new EnumMap<>(Zone.class);
            for (Zone z : Zone.values()) {
                zones.put(z, List.of());
            }
            return zones;
        }

        public List<ItemView> items() {
            return zones.values().stream().flatMap(List::stream).toList();
        }
    }
}
