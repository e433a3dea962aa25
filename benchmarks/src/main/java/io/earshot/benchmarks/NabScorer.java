package io.earshot.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * The Numenta Anomaly Benchmark's score, written from its published description (Lavin and Ahmad 2015, NAB's wiki and
 * {@code nab/sweeper.py}): per file, the first detection inside each labelled window earns the scaled sigmoid of its
 * position in the window (1 at the window's first row, 0 at its last, never less than -1), later detections in the same
 * window earn nothing, a window without detection costs {@code fnWeight}, and a detection outside every window costs
 * {@code fpWeight} times the scaled sigmoid of its distance past the previous window (a full {@code -fpWeight} before
 * the first window or more than three window widths after one). Rows of the probationary period (the first 15 % of
 * the file, at most 750 rows) are not scored. Scores are laid out per row as NAB writes them in its result files: a
 * window's TP score or FN cost on the window's first row, an FP cost on the detecting row.
 */
public final class NabScorer {
    /** One of NAB's application profiles (its cost matrix; true negatives score nothing). */
    public record Profile(String name, double tpWeight, double fnWeight, double fpWeight) {
        public static final Profile STANDARD = new Profile("standard", 1.0, 1.0, 0.11);
        public static final Profile REWARD_LOW_FP_RATE = new Profile("reward_low_FP_rate", 1.0, 1.0, 0.22);
        public static final Profile REWARD_LOW_FN_RATE = new Profile("reward_low_FN_rate", 1.0, 2.0, 0.11);
        /** NAB's three profiles, standard first. */
        public static final List<Profile> ALL = List.of(STANDARD, REWARD_LOW_FP_RATE, REWARD_LOW_FN_RATE);
    }

    /** A labelled window as row indices of its file, both inclusive. */
    public record Window(int first, int last) {
        int width() {
            return last - first + 1;
        }
    }

    /**
     * One file scored: the sum of its per-row scores, windows detected and missed, false positives (detections outside
     * every window after the probationary period), and per detected window the rows from its start to the detection.
     */
    public record FileScore(double score, int detected, int missed, int falsePositives, List<Integer> delayRows,
            double[] perRow) {}

    private NabScorer() {}

    /** NAB's probationary period: 15 % of the file's rows, never more than 750. */
    public static int probation(int rows) {
        return (int) Math.min(Math.floor(0.15 * rows), 0.15 * 5000);
    }

    /** NAB's scaled sigmoid of a relative position: 2 / (1 + e^(5x)) - 1, and -1 beyond three window widths. */
    public static double scaledSigmoid(double x) {
        return x > 3.0 ? -1.0 : 2.0 / (1.0 + Math.exp(5.0 * x)) - 1.0;
    }

    /** Scores one file's detections (one flag per row) against its windows (in time order, disjoint). */
    public static FileScore score(boolean[] detections, List<Window> windows, Profile profile) {
        int rows = detections.length;
        int probation = probation(rows);
        double maxTp = scaledSigmoid(-1.0);
        double[] perRow = new double[rows];
        int[] windowOf = new int[rows];
        java.util.Arrays.fill(windowOf, -1);
        for (int w = 0; w < windows.size(); w++) {
            for (int i = windows.get(w).first(); i <= windows.get(w).last(); i++) {
                windowOf[i] = w;
            }
        }
        int detected = 0;
        int falsePositives = 0;
        List<Integer> delays = new ArrayList<>();
        boolean[] hit = new boolean[windows.size()];
        Window previous = null;
        for (int i = 0; i < rows; i++) {
            int w = windowOf[i];
            if (detections[i] && i >= probation) {
                if (w >= 0) {
                    if (!hit[w]) {
                        hit[w] = true;
                        detected++;
                        Window win = windows.get(w);
                        double position = -(win.last() - i + 1) / (double) win.width();
                        perRow[win.first()] = scaledSigmoid(position) * profile.tpWeight() / maxTp;
                        delays.add(i - win.first());
                    }
                } else {
                    falsePositives++;
                    double unweighted = previous == null
                            ? -1.0
                            : scaledSigmoid(Math.abs(previous.last() - i) / (double) (previous.width() - 1));
                    perRow[i] = unweighted * profile.fpWeight();
                }
            }
            if (w >= 0 && i == windows.get(w).last()) {
                previous = windows.get(w);
            }
        }
        int missed = 0;
        for (int w = 0; w < windows.size(); w++) {
            if (!hit[w]) {
                missed++;
                perRow[windows.get(w).first()] = -profile.fnWeight();
            }
        }
        double sum = 0;
        for (double v : perRow) {
            sum += v;
        }
        return new FileScore(sum, detected, missed, falsePositives, delays, perRow);
    }

    /**
     * NAB's normalised score of raw per-file sums: 100 * (raw - null) / (perfect - null), where the null detector
     * misses every window (-fnWeight each) and the perfect one detects each at its first row (tpWeight each).
     */
    public static double normalise(double raw, int windows, Profile profile) {
        double nullScore = -profile.fnWeight() * windows;
        double perfect = profile.tpWeight() * windows;
        return 100.0 * (raw - nullScore) / (perfect - nullScore);
    }
}
