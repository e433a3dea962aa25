package io.earshot.listener.sourcehealth;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/**
 * {@code earshot.source-health.*}: when a source counts as silent or failing (values and their variables in
 * application.properties).
 */
@ConfigMapping(prefix = "earshot.source-health")
public interface SourceHealthSettings {
    /** Source-silent alerts on or off. */
    boolean enabled();

    /** How often sources are judged ({@code @Scheduled} syntax, read there). */
    String tick();

    /** Consecutive failed polls that make a source silent (reason ERRORS). */
    int errorFailures();

    /** Gaps between mentions remembered per source. */
    int maxGaps();

    /** Gaps needed before quietness counts. */
    int minGaps();

    /** Silent after this many times the 95th-percentile gap (never sooner than {@link #minSilence}). */
    double multiplier();

    /** The shortest silence that counts. */
    Duration minSilence();

    default GapModel.Settings gapModel() {
        return new GapModel.Settings(maxGaps(), minGaps(), multiplier(), minSilence());
    }
}
