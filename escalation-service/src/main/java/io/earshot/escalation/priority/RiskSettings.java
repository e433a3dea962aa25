package io.earshot.escalation.priority;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** {@code earshot.risk.*}: the velocity factor of a case's risk (values and their variables in application.properties). */
@ConfigMapping(prefix = "earshot.risk")
public interface RiskSettings {
    /** Velocity = 1 + weight x log10(1 + the case's and its thread's mentions within {@link #velocityWindow}). */
    double velocityWeight();

    Duration velocityWindow();
}
