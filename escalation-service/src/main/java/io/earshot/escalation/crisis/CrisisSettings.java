package io.earshot.escalation.crisis;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code earshot.crisis.*}: the detector's tuning (see {@link CrisisDetector.Settings#defaults()}) and the monitor's pace. */
@ConfigMapping(prefix = "earshot.crisis")
public interface CrisisSettings {
    @WithDefault("5")
    int windowMinutes();

    @WithDefault("20")
    long minVolume();

    @WithDefault("4.0")
    double openZ();

    @WithDefault("2.0")
    double closeZ();

    @WithDefault("5")
    int quietMinutes();

    @WithDefault("0.05")
    double alpha();

    @WithDefault("30")
    int warmupMinutes();

    @WithDefault("10")
    int slotWarmup();

    @WithDefault("0.15")
    double baselineUncertainty();

    @WithDefault("0.15")
    double minShareShift();

    @WithDefault("5.0")
    double shareOpenZ();

    @WithDefault("6.0")
    double mediumZ();

    @WithDefault("10.0")
    double highZ();

    @WithDefault("16.0")
    double criticalZ();

    /** Share of a stream's judged windows whose ratio to the baseline a volume spike must exceed (its usual bursts). */
    @WithDefault("0.9999")
    double burstQuantile();

    /** About how many recent minutes that share is taken over. */
    @WithDefault("10080")
    int burstMemoryMinutes();

    /** Minutes learned before the burst bar applies. */
    @WithDefault("1440")
    int burstWarmupMinutes();

    /** After a crisis resolves, only a spike above its peak opens another for this many minutes. */
    @WithDefault("1440")
    int cooldownMinutes();

    /** How often the monitor looks for closed minutes. */
    @WithDefault("PT5S")
    Duration tick();

    /** How long after a minute ends it is judged (late mentions of the minute still count). */
    @WithDefault("PT10S")
    Duration grace();

    /** Share of the window's organic mentions by the top five authors from which a signal is an OUTLIER. */
    @WithDefault("0.5")
    double outlierShare();

    /** False stops this replica from ever running the monitor (it still records windows and serves the dashboard). */
    @WithDefault("true")
    boolean monitorEnabled();

    /** Least stream time between two published UPDATED alerts of a crisis (a rise in severity always goes out). */
    @WithDefault("PT5M")
    Duration updateInterval();

    /** Webhook URLs (Slack-compatible incoming webhooks), comma-separated; none by default. */
    Optional<List<String>> webhooks();

    @WithDefault("5")
    int webhookAttempts();

    @WithDefault("PT1S")
    Duration webhookBackoff();

    @WithDefault("PT10S")
    Duration webhookTimeout();

    default CrisisDetector.Settings detector() {
        return new CrisisDetector.Settings(windowMinutes(), minVolume(), openZ(), closeZ(), quietMinutes(), alpha(),
                warmupMinutes(), slotWarmup(), baselineUncertainty(), minShareShift(), shareOpenZ(), mediumZ(), highZ(),
                criticalZ(), burstQuantile(), burstMemoryMinutes(), burstWarmupMinutes(), cooldownMinutes());
    }
}
