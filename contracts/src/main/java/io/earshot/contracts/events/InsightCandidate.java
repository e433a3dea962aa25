package io.earshot.contracts.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A pattern the scorer proposes for an empathy map, published on {@code insights.candidates}. It reaches a map only
 * after an analyst validates it. {@code id} is deterministic (see {@link io.earshot.contracts.Ids#candidateId}) so a
 * redelivered candidate is recognised.
 */
public record InsightCandidate(
        String schemaVersion,
        UUID id,
        String brand,
        String persona,
        Zone zone,
        String text,
        String theme,
        List<UUID> evidenceMentionIds,
        int count,
        Instant firstSeen,
        Instant lastSeen) implements Event {

    public static final String SCHEMA_VERSION = "1.0";

    public InsightCandidate {
        evidenceMentionIds = evidenceMentionIds == null ? List.of() : List.copyOf(evidenceMentionIds);
    }
}
