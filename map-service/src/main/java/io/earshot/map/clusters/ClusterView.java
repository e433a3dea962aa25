package io.earshot.map.clusters;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.earshot.contracts.events.Zone;
import io.earshot.map.clusters.Clusterer.Key;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * An insight cluster as the API shows it: the synthesized statement (inferred), its figures and representative
 * quotes (observed), and its review outcome.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClusterView(UUID id, @JsonIgnore Key key, String status, String statement, boolean statementEdited,
        ClusterStats stats, UUID itemId, String reviewedBy, Instant reviewedAt, String rejectReason, UUID mergedInto,
        @JsonIgnore Set<UUID> mentionIds, List<ClusterView> facets) {

    /** This cluster with the facets that restate it in other zones (reviewed with it). */
    public ClusterView withFacets(List<ClusterView> facets) {
        return new ClusterView(id, key, status, statement, statementEdited, stats, itemId, reviewedBy, reviewedAt,
                rejectReason, mergedInto, mentionIds, facets);
    }

    @JsonProperty("brand")
    public String brand() {
        return key.brand();
    }

    @JsonProperty("persona")
    public String persona() {
        return key.persona();
    }

    @JsonProperty("zone")
    public Zone zone() {
        return key.zone();
    }

    @JsonProperty("theme")
    public String theme() {
        return key.theme();
    }

    /** Always "inferred": the statement is synthesized from the evidence, the quotes are the observed part. */
    @JsonProperty("statementKind")
    public String statementKind() {
        return "inferred";
    }
}
