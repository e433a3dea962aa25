package io.earshot.escalation.windows;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** {@code earshot.windows.*}: the Redis volume windows (values and their variables in application.properties). */
@ConfigMapping(prefix = "earshot.windows")
public interface WindowSettings {
    /** How long minute windows stay (the detector relearns from them after a restart). */
    Duration retention();

    /** How long hour windows stay. */
    Duration hourRetention();

    /** Topics of a mention that get a brand x topic window (the first ones). */
    int maxTopics();
}
