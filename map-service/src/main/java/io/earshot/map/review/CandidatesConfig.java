package io.earshot.map.review;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code earshot.candidates.*}: how candidates are listed (defaults in application.properties). */
@ConfigMapping(prefix = "earshot.candidates")
public interface CandidatesConfig {
    /** Page size of the candidate list when the client gives no limit. */
    @WithDefault("50")
    int defaultLimit();
}
