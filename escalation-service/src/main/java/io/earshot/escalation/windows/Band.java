package io.earshot.escalation.windows;

/**
 * What the crisis detector expected of one closed minute of a stream, as the dashboard draws it: the expected volume
 * with its normal range (expected +- {@code closeZ} standard deviations of one minute, noise and baseline uncertainty
 * included, never below zero) and the expected negative share with its binomial range at the expected volume.
 */
public record Band(double volume, double volumeLow, double volumeHigh, double negativeShare, double negativeShareLow,
        double negativeShareHigh) {}
