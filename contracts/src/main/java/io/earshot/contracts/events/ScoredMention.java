package io.earshot.contracts.events;

import java.time.Instant;

/** A mention with its scores, published by the sentiment service on {@code mentions.scored}; same key as the mention. */
public record ScoredMention(String schemaVersion, Mention mention, Scores scores, String modelVersion, Instant scoredAt)
        implements Event {

    public static final String SCHEMA_VERSION = "1.0";
}
