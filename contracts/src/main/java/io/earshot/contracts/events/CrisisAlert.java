package io.earshot.contracts.events;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A brewing crisis for a brand (and topic), published on {@code crisis.alerts}; one id per crisis, updated until resolved.
 *
 * <p>Schema 1.1 added, all optional (absent or null in 1.0 events): {@code excludedVolume} (mentions of the window
 * left out of the organic signal as suspected coordination), {@code distinctAuthors} and {@code topAuthorsShare} (share
 * of the window's organic mentions written by its five most active authors), {@code spread} (OUTLIER when a few
 * authors make the signal, SYSTEMIC when many do), {@code velocity} (organic mentions per minute in the latest minute),
 * {@code sourceMix} (share of the window per source) and {@code drivers} (the strongest emotions, strongest first).
 */
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
        Instant at,
        Long excludedVolume,
        Integer distinctAuthors,
        Double topAuthorsShare,
        Spread spread,
        Double velocity,
        Map<String, Double> sourceMix,
        List<String> drivers) implements Event {

    /** 1.1 added the optional outlier/systemic, velocity, source mix, drivers and excluded-volume fields. */
    public static final String SCHEMA_VERSION = "1.1";

    public enum Severity { LOW, MEDIUM, HIGH, CRITICAL }

    public enum State { OPEN, UPDATED, RESOLVED }

    /** Whether the signal comes from a few authors (OUTLIER) or many (SYSTEMIC). */
    public enum Spread { OUTLIER, SYSTEMIC }

    public CrisisAlert {
        sampleMentionIds = sampleMentionIds == null ? List.of() : List.copyOf(sampleMentionIds);
        sourceMix = sourceMix == null ? null : Map.copyOf(sourceMix);
        drivers = drivers == null ? null : List.copyOf(drivers);
    }

    /** An alert with the schema 1.0 fields only. */
    public CrisisAlert(String schemaVersion, UUID id, String brand, String topic, Duration window, long volume,
            double baseline, double negativeShare, double score, Severity severity, List<UUID> sampleMentionIds,
            State state, Instant at) {
        this(schemaVersion, id, brand, topic, window, volume, baseline, negativeShare, score, severity, sampleMentionIds,
                state, at, null, null, null, null, null, null, null);
    }

    /** This alert with the schema 1.1 context (who, how fast, from where, what is excluded). */
    public CrisisAlert withContext(long excludedVolume, int distinctAuthors, double topAuthorsShare, Spread spread,
            double velocity, Map<String, Double> sourceMix, List<String> drivers) {
        return new CrisisAlert(SCHEMA_VERSION, id, brand, topic, window, volume, baseline, negativeShare, score, severity,
                sampleMentionIds, state, at, excludedVolume, distinctAuthors, topAuthorsShare, spread, velocity,
                sourceMix, drivers);
    }

    /** This alert with another id and state (the same crisis as stored, whichever replica first opened it). */
    public CrisisAlert as(UUID crisisId, State newState) {
        return new CrisisAlert(schemaVersion, crisisId, brand, topic, window, volume, baseline, negativeShare, score,
                severity, sampleMentionIds, newState, at, excludedVolume, distinctAuthors, topAuthorsShare, spread,
                velocity, sourceMix, drivers);
    }
}
