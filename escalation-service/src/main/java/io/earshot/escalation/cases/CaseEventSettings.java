package io.earshot.escalation.cases;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** {@code earshot.cases.events.*}: the case events outbox relay (values and their variables in application.properties). */
@ConfigMapping(prefix = "earshot.cases.events")
public interface CaseEventSettings {
    /** Relay period (besides right after each change); zero or negative: only after changes. */
    Duration relayInterval();

    /** Rows per pass (their sends are in flight together). */
    int relayBatch();
}
