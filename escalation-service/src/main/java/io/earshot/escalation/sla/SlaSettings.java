package io.earshot.escalation.sla;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** {@code earshot.sla.*}: the SLA breach check (values and their variables in application.properties). */
@ConfigMapping(prefix = "earshot.sla")
public interface SlaSettings {
    /** How often breaches are checked; zero or negative: never. */
    Duration checkInterval();

    /** Most cases per check. */
    int batch();
}
