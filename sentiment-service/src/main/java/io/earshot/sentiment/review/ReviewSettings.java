package io.earshot.sentiment.review;

import io.smallrye.config.ConfigMapping;

/** {@code earshot.review.*}: which scores go to analyst review (values and their variables in application.properties). */
@ConfigMapping(prefix = "earshot.review")
public interface ReviewSettings {
    /** Scores below this confidence go to review when they matter. */
    double confidenceThreshold();

    /** Followers from which a low-confidence score matters. */
    long minReach();

    /** Sarcasm from which a low-confidence score matters. */
    double sarcasm();
}
