package io.earshot.listener.neardup;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** {@code earshot.neardup.*}: which stored mentions a new one is compared with (values in application.properties). */
@ConfigMapping(prefix = "earshot.neardup")
public interface NearDuplicateSettings {
    /** Mentions of a brand created within this of each other are compared. */
    Duration window();

    /** Most band candidates read per mention. */
    int maxCandidates();
}
