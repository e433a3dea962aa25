package io.earshot.escalation.priority;

import io.smallrye.config.ConfigMapping;

/** {@code earshot.priority.*}: the factors of a case's priority (values and their variables in application.properties). */
@ConfigMapping(prefix = "earshot.priority")
public interface PrioritySettings {
    /** Reach factor = (1 + weight x log10(1 + followers) / 2) x {@link #verifiedBoost} when verified. */
    double reachWeight();

    double verifiedBoost();

    /** Customer value factor = 1 + weight x log10(1 + lifetime value / 100) / 2 + the tier's bonus. */
    double valueWeight();

    /** Engagement factor = 1 + weight x min(previous cases, 10) / 10. */
    double engagementWeight();

    /** {@code tier:bonus} pairs, comma-separated. */
    String tierBonus();
}
