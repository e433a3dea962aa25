package io.earshot.escalation.dashboard;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** {@code earshot.dashboard.*}: the live dashboard stream (value and variable in application.properties). */
@ConfigMapping(prefix = "earshot.dashboard")
public interface DashboardSettings {
    /** Keep-alive comment interval of the event stream. */
    Duration heartbeat();
}
