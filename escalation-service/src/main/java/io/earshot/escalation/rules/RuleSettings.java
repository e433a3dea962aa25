package io.earshot.escalation.rules;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** {@code earshot.rules.*}: the rule cache and the recent mentions kept (values in application.properties). */
@ConfigMapping(prefix = "earshot.rules")
public interface RuleSettings {
    /** How long the consumer reuses the enabled rules (a save on the same replica drops them at once). */
    Duration cacheTtl();

    /** Newest scored mentions kept for dry runs and case context. */
    int recentMentions();
}
