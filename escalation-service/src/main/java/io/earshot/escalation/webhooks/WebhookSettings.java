package io.earshot.escalation.webhooks;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** {@code earshot.webhooks.*}: the delivery worker's pace, back-off cap and the secret of configured endpoints. */
@ConfigMapping(prefix = "earshot.webhooks")
public interface WebhookSettings {
    /** How often due deliveries are looked for (besides right after an event is stored). */
    @WithDefault("PT1S")
    Duration tick();

    /** Deliveries sent per pass. */
    @WithDefault("50")
    int batch();

    /** Passes that may run at once (a new delivery does not wait for a pass held up by a slow receiver). */
    @WithDefault("4")
    int passes();

    /** Longest wait between two attempts (the back-off doubles from earshot.crisis.webhook-backoff up to this). */
    @WithDefault("PT1H")
    Duration maxBackoff();

    /**
     * After a secret rotation, how long the replaced secret still signs deliveries beside the new one (a second
     * {@code v1=} entry), so receivers verifying with either pass while they switch.
     */
    @WithDefault("PT24H")
    Duration rotationOverlap();

    /** Signing secret of the endpoints listed in earshot.crisis.webhooks; required in production when any is listed. */
    Optional<String> secret();
}
