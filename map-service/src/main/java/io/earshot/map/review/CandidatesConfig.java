package io.earshot.map.review;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code earshot.candidates.*}: how candidates are stored and listed (defaults in application.properties). */
@ConfigMapping(prefix = "earshot.candidates")
public interface CandidatesConfig {
    /** Attempts to store a candidate (PostgreSQL unavailable, say) before the record goes to the dead-letter topic. */
    @WithDefault("5")
    int storeAttempts();

    /** First backoff between attempts; it doubles up to twenty times this. */
    @WithDefault("PT0.5S")
    Duration storeBackoff();

    /** Page size of the candidate list when the client gives no limit. */
    @WithDefault("50")
    int defaultLimit();
}
