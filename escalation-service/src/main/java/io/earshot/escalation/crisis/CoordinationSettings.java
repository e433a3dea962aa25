package io.earshot.escalation.crisis;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/**
 * {@code earshot.coordination.*}: when near-duplicates from many accounts count as coordinated (values and their
 * variables in application.properties).
 */
@ConfigMapping(prefix = "earshot.coordination")
public interface CoordinationSettings {
    /** Time slot in which near-duplicates form one cluster. */
    Duration window();

    /** Distinct accounts that flag a cluster (together with {@link #minScore}). */
    int minAccounts();

    /** Summed suspicion weight that flags a cluster (together with {@link #minAccounts}). */
    double minScore();

    /** What counts as a new account. */
    Duration newAccountAge();

    /** What counts as few followers. */
    long lowFollowers();
}
