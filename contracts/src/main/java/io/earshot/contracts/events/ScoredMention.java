package io.earshot.contracts.events;

import java.time.Instant;

/**
 * A mention with its scores, published by the sentiment service on {@code mentions.scored}; same key as the mention.
 *
 * <p>Schema 1.1 added {@code confidence} (optional: absent or null in 1.0 events), how far the scorer trusts the
 * scores.
 */
public record ScoredMention(String schemaVersion, Mention mention, Scores scores, String modelVersion, Instant scoredAt,
        Confidence confidence) implements Event {

    /** 1.1 added the optional {@code confidence}. */
    public static final String SCHEMA_VERSION = "1.1";

    /** A scored mention without a confidence (schema 1.0 fields only). */
    public ScoredMention(String schemaVersion, Mention mention, Scores scores, String modelVersion, Instant scoredAt) {
        this(schemaVersion, mention, scores, modelVersion, scoredAt, null);
    }
}
