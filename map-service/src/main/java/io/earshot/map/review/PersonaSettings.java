package io.earshot.map.review;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;

/**
 * {@code earshot.personas.*}: how long a candidate waits for its mentions' facts before it is assigned with what is
 * known, and how the sweep assigns them.
 */
@ConfigMapping(prefix = "earshot.personas")
public interface PersonaSettings {
    /** The wait ({@code wait}: Object already has a wait()). */
    @WithName("wait")
    @WithDefault("PT10M")
    Duration waitFor();

    /** How often waiting candidates are looked at ({@code @Scheduled} syntax, read there; {@code off}: never). */
    @WithDefault("30s")
    String sweepInterval();

    /** Candidates assigned per transaction; less than 1 counts as 1. */
    @WithDefault("500")
    int sweepBatch();
}
