package io.earshot.escalation.crisis;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * The normal rhythm of one stream (a brand, or a brand x topic): exponentially weighted means of the per-minute
 * volume and negatives and the volume's variance, kept per quarter hour of the week (672 slots) so that a
 * Monday-morning rush is not mistaken for a crisis. Until a slot has seen {@code slotWarmup} minutes, a global
 * (non-seasonal) EWMA, which follows the current level, stands in. The negative share has little seasonality and a
 * quarter-hour slot holds too few mentions to estimate it: it is the ratio of two slow global EWMAs (negatives and
 * volume, about 100 minutes of memory), volume-weighted so that quiet minutes do not swing it. Not thread-safe.
 */
final class SeasonalBaseline {
    static final int SLOT_MINUTES = 15;
    static final int SLOTS = 7 * 24 * 60 / SLOT_MINUTES;

    private final double alpha;
    private final int warmup;
    private static final double SHARE_ALPHA = 0.01;
    private final Ewma global = new Ewma();
    private final Ewma share = new Ewma();
    private final Ewma[] slots = new Ewma[SLOTS];

    SeasonalBaseline(double alpha, int slotWarmup) {
        this.alpha = alpha;
        this.warmup = slotWarmup;
        for (int i = 0; i < SLOTS; i++) {
            slots[i] = new Ewma();
        }
    }

    /** Learn one minute. */
    void learn(Instant minute, long volume, long negatives) {
        global.add(volume, negatives, alpha);
        share.add(volume, negatives, SHARE_ALPHA);
        slots[slot(minute)].add(volume, negatives, alpha);
    }

    /** Expected per-minute volume at {@code minute}. */
    double meanVolume(Instant minute) {
        return pick(minute).meanVolume;
    }

    /** Variance of the per-minute volume at {@code minute}. */
    double varianceVolume(Instant minute) {
        return pick(minute).varVolume;
    }

    /** Expected negative share (0.5 when nothing was learned yet). */
    double negativeShare() {
        return share.meanVolume > 0 ? share.meanNegatives / share.meanVolume : 0.5;
    }

    /** Minutes learned overall. */
    long learned() {
        return global.count;
    }

    private Ewma pick(Instant minute) {
        Ewma seasonal = slots[slot(minute)];
        return seasonal.count >= warmup ? seasonal : global;
    }

    static int slot(Instant minute) {
        ZonedDateTime t = minute.atZone(ZoneOffset.UTC);
        DayOfWeek day = t.getDayOfWeek();
        return ((day.getValue() - 1) * 24 * 60 + t.getHour() * 60 + t.getMinute()) / SLOT_MINUTES;
    }

    private static final class Ewma {
        long count;
        double meanVolume;
        double varVolume;
        double meanNegatives;

        /** A plain running mean until 1/alpha samples, an EWMA after: the first sample does not dominate. */
        void add(long volume, long negatives, double alpha) {
            count++;
            double a = Math.max(alpha, 1.0 / count);
            double diff = volume - meanVolume;
            double incr = a * diff;
            meanVolume += incr;
            varVolume = (1 - a) * (varVolume + diff * incr);
            meanNegatives += a * (negatives - meanNegatives);
        }
    }
}
