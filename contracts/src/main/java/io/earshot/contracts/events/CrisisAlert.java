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
 *
 * <p>Schema 1.2 added, all optional: {@code significance} (the observed window volume against its seasonal baseline:
 * expected volume, z-scores of the volume and of the negative share, the one-sided p-value of the deciding z),
 * {@code topTerms}, {@code topAuthors} and {@code topSources} (the drivers of the window: count and share of its
 * organic mentions), and {@code risk} (negativity x velocity x reach, with its arithmetic).
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
        List<String> drivers,
        Significance significance,
        List<Driver> topTerms,
        List<Driver> topAuthors,
        List<Driver> topSources,
        RiskScore risk) implements Event {

    /**
     * 1.1 added the optional outlier/systemic, velocity, source mix, drivers and excluded-volume fields; 1.2 the
     * significance, top terms, authors and sources, and the risk score.
     */
    public static final String SCHEMA_VERSION = "1.2";

    /**
     * How unusual the window is: {@code observed} mentions against {@code expected} (the seasonal baseline for the
     * window), {@code zVolume} (observed - expected over the standard deviation: the counts' noise, never below
     * Poisson, plus the baseline's own uncertainty), {@code zShare} (negative share against its baseline, 0 when the
     * shift is below the minimum), {@code z} the larger (what opened the alert), and {@code pValue} its one-sided
     * normal tail probability. {@code test} names the statistic in words.
     */
    public record Significance(long observed, double expected, double stdDev, double zVolume, double zShare, double z,
            double pValue, String test) {}

    /** One driver of a window: a term, an author or a source, with its mentions and share of the window. */
    public record Driver(String name, long count, double share) {}

    public enum Severity {
        LOW, MEDIUM, HIGH, CRITICAL
    }

    public enum State {
        OPEN, UPDATED, RESOLVED
    }

    /** Whether the signal comes from a few authors (OUTLIER) or many (SYSTEMIC). */
    public enum Spread {
        OUTLIER, SYSTEMIC
    }

    public CrisisAlert {
        sampleMentionIds = sampleMentionIds == null ? List.of() : List.copyOf(sampleMentionIds);
        sourceMix = sourceMix == null ? null : Map.copyOf(sourceMix);
        drivers = drivers == null ? null : List.copyOf(drivers);
        topTerms = topTerms == null ? null : List.copyOf(topTerms);
        topAuthors = topAuthors == null ? null : List.copyOf(topAuthors);
        topSources = topSources == null ? null : List.copyOf(topSources);
    }

    /** An alert with the schema 1.1 fields (no 1.2 explanation). */
    public CrisisAlert(String schemaVersion, UUID id, String brand, String topic, Duration window, long volume,
            double baseline, double negativeShare, double score, Severity severity, List<UUID> sampleMentionIds,
            State state, Instant at, Long excludedVolume, Integer distinctAuthors, Double topAuthorsShare,
            Spread spread,
            Double velocity, Map<String, Double> sourceMix, List<String> drivers) {
        this(schemaVersion, id, brand, topic, window, volume, baseline, negativeShare, score, severity,
                sampleMentionIds,
                state, at, excludedVolume, distinctAuthors, topAuthorsShare, spread, velocity, sourceMix, drivers, null,
                null, null, null, null);
    }

    /** An alert with the schema 1.0 fields only. */
    public CrisisAlert(String schemaVersion, UUID id, String brand, String topic, Duration window, long volume,
            double baseline, double negativeShare, double score, Severity severity, List<UUID> sampleMentionIds,
            State state, Instant at) {
        this(schemaVersion, id, brand, topic, window, volume, baseline, negativeShare, score, severity,
                sampleMentionIds,
                state, at, null, null, null, null, null, null, null);
    }

    /** This alert with the schema 1.1 context (who, how fast, from where, what is excluded). */
    public CrisisAlert withContext(long excludedVolume, int distinctAuthors, double topAuthorsShare, Spread spread,
            double velocity, Map<String, Double> sourceMix, List<String> drivers) {
        return new CrisisAlert(SCHEMA_VERSION, id, brand, topic, window, volume, baseline, negativeShare, score,
                severity,
                sampleMentionIds, state, at, excludedVolume, distinctAuthors, topAuthorsShare, spread, velocity,
                sourceMix, drivers, significance, topTerms, topAuthors, topSources, risk);
    }

    /** This alert with the schema 1.2 explanation: significance, drivers by term, author and source, risk. */
    public CrisisAlert withExplanation(Significance significance, List<Driver> topTerms, List<Driver> topAuthors,
            List<Driver> topSources, RiskScore risk) {
        return new CrisisAlert(SCHEMA_VERSION, id, brand, topic, window, volume, baseline, negativeShare, score,
                severity,
                sampleMentionIds, state, at, excludedVolume, distinctAuthors, topAuthorsShare, spread, velocity,
                sourceMix, drivers, significance, topTerms, topAuthors, topSources, risk);
    }

    /**
     * This alert as published on {@code crisis.alerts}: each {@code topAuthors} name ({@code source:authorId}) becomes
     * {@code source:author-<rank>} (rank in this alert, counts and shares kept), so the topic, which Kafka cannot erase
     * record by record, never names an author. The stored crisis, the dashboard and webhook events keep the names
     * (erasure scrubs them there).
     */
    public CrisisAlert pseudonymous() {
        if (topAuthors == null || topAuthors.isEmpty()) {
            return this;
        }
        List<Driver> pseudonyms = new java.util.ArrayList<>(topAuthors.size());
        for (int i = 0; i < topAuthors.size(); i++) {
            Driver d = topAuthors.get(i);
            String name = d.name() == null ? "" : d.name();
            int colon = name.indexOf(':');
            pseudonyms.add(new Driver((colon < 0 ? "" : name.substring(0, colon + 1)) + "author-" + (i + 1), d.count(),
                    d.share()));
        }
        return new CrisisAlert(schemaVersion, id, brand, topic, window, volume, baseline, negativeShare, score,
                severity, sampleMentionIds, state, at, excludedVolume, distinctAuthors, topAuthorsShare, spread,
                velocity, sourceMix, drivers, significance, topTerms, pseudonyms, topSources, risk);
    }

    /** This alert with another id and state (the same crisis as stored, whichever replica first opened it). */
    public CrisisAlert as(UUID crisisId, State newState) {
        return new CrisisAlert(schemaVersion, crisisId, brand, topic, window, volume, baseline, negativeShare, score,
                severity, sampleMentionIds, newState, at, excludedVolume, distinctAuthors, topAuthorsShare, spread,
                velocity, sourceMix, drivers, significance, topTerms, topAuthors, topSources, risk);
    }
}
