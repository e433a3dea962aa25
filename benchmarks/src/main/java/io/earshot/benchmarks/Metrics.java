package io.earshot.benchmarks;

/** The scores the accuracy report prints. Classes are indices 0..k-1. */
final class Metrics {
    private Metrics() {}

    /** Compound (-1..1) to 0 negative, 1 neutral, 2 positive with the usual VADER thresholds of +-0.05. */
    static int threeWay(double compound) {
        return compound >= 0.05 ? 2 : compound <= -0.05 ? 0 : 1;
    }

    static int[][] confusion(int[] gold, int[] pred, int k) {
        int[][] m = new int[k][k];
        for (int i = 0; i < gold.length; i++) {
            m[gold[i]][pred[i]]++;
        }
        return m;
    }

    /** Recall of each class, averaged with equal weight (TweetEval's sentiment metric). */
    static double macroRecall(int[] gold, int[] pred, int k) {
        int[][] m = confusion(gold, pred, k);
        double sum = 0;
        int classes = 0;
        for (int c = 0; c < k; c++) {
            int support = 0;
            for (int p = 0; p < k; p++) {
                support += m[c][p];
            }
            if (support > 0) {
                sum += (double) m[c][c] / support;
                classes++;
            }
        }
        return classes == 0 ? 0 : sum / classes;
    }

    /** F1 of one class (0 when it is never predicted correctly). */
    static double f1(int[] gold, int[] pred, int positive) {
        int tp = 0;
        int fp = 0;
        int fn = 0;
        for (int i = 0; i < gold.length; i++) {
            boolean g = gold[i] == positive;
            boolean p = pred[i] == positive;
            if (g && p) {
                tp++;
            } else if (p) {
                fp++;
            } else if (g) {
                fn++;
            }
        }
        return tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
    }

    /** F1 averaged over the k classes with equal weight (TweetEval's emotion metric). */
    static double macroF1(int[] gold, int[] pred, int k) {
        double sum = 0;
        for (int c = 0; c < k; c++) {
            sum += f1(gold, pred, c);
        }
        return sum / k;
    }

    static double accuracy(int[] gold, int[] pred) {
        int ok = 0;
        for (int i = 0; i < gold.length; i++) {
            if (gold[i] == pred[i]) {
                ok++;
            }
        }
        return gold.length == 0 ? 0 : (double) ok / gold.length;
    }

    static double pearson(double[] x, double[] y) {
        int n = x.length;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - mx;
            double dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        return sxx == 0 || syy == 0 ? 0 : sxy / Math.sqrt(sxx * syy);
    }
}
