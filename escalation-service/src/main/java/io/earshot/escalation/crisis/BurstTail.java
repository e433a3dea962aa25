package io.earshot.escalation.crisis;

/**
 * How bursty a stream normally is: an exponentially decayed histogram of the log ratio of each judged window's volume
 * to its expectation, ln((volume + m) / (expected + m)) with m the least volume of a crisis, in bins of 0.05 from -4 to +8, and its upper quantile. A
 * steady stream's windows stay within a few Poisson deviations of their baseline; a stream whose mentions come in bursts
 * (real social volumes: a retweet storm, a live event) routinely doubles or triples for a few minutes. A spike is news
 * only when it is larger than the stream's own usual bursts: the quantile is the bar. Memory is about {@code memory}
 * observations; {@link #quantile} is empty until {@code warmup} observations were seen. Not thread-safe.
 */
final class BurstTail {
    static final double LOW = -4;
    static final double HIGH = 8;
    static final double BIN = 0.05;
    static final int BINS = (int) Math.round((HIGH - LOW) / BIN);

    private final double[] weights = new double[BINS];
    private final double growth;
    private final long warmup;
    private double increment = 1;
    private double total;
    private long seen;

    BurstTail(int memory, int warmup) {
        this.growth = 1.0 / (1.0 - 1.0 / Math.max(memory, 2));
        this.warmup = warmup;
    }

    /**
     * The log ratio of a window's volume to its expectation, both plus {@code pseudo} mentions (the least volume of a
     * crisis): on a quiet stream, 8 mentions where 1 was expected is noise, not an eightfold burst.
     */
    static double logRatio(double volume, double expected, double pseudo) {
        return Math.log((volume + pseudo) / (Math.max(expected, 0) + pseudo));
    }

    /** Learn one window's log ratio. */
    void learn(double logRatio) {
        // Decay by growing the weight of new observations instead of shrinking the old ones; rescale when large.
        increment *= growth;
        if (increment > 1e100) {
            for (int i = 0; i < BINS; i++) {
                weights[i] /= increment;
            }
            total /= increment;
            increment = 1;
        }
        weights[bin(logRatio)] += increment;
        total += increment;
        seen++;
    }

    /**
     * The log ratio that only a share {@code 1 - q} of the remembered windows exceeded (the upper edge of its bin), or
     * NaN while learning.
     */
    double quantile(double q) {
        if (seen < warmup || total <= 0) {
            return Double.NaN;
        }
        double tail = (1 - q) * total;
        double above = 0;
        for (int i = BINS - 1; i >= 0; i--) {
            above += weights[i];
            if (above > tail) {
                return LOW + (i + 1) * BIN;
            }
        }
        return LOW;
    }

    private static int bin(double logRatio) {
        int i = (int) Math.floor((logRatio - LOW) / BIN);
        return Math.min(Math.max(i, 0), BINS - 1);
    }
}
