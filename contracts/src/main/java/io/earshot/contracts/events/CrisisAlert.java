package io.earshot.contracts.events;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A brewing crisis for a brand (and topic), published on {@code crisis.alerts}; one id per crisis, updated until resolved. */
public record CrisisAlert(
        String schemaVersion,
        UUID id,
        String brand,
        String topic,
        Duration window,
        long volume,
        double baseline,
        double negativeShare,
        double score,
        Severity severity,
        List<UUID> sampleMentionIds,
        State state,
        Instant at) implements Event {

    public static final String SCHEMA_VERSION = "1.0";

    public enum Severity { LOW, MEDIUM, HIGH, CRITICAL }

    public enum State { OPEN, UPDATED, RESOLVED }

    public CrisisAlert {
        sampleMentionIds = sampleMentionIds == null ? List.of() : List.copyOf(sampleMentionIds);
    }
}
