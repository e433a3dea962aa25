package io.earshot.benchmarks;

import io.earshot.contracts.events.Confidence;
import io.earshot.contracts.events.Scores;
import io.earshot.sentiment.review.ConfidenceEstimator;
import io.earshot.sentiment.scoring.Scorer;
import io.earshot.sentiment.scoring.Verdict;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

/**
 * Does the score's confidence mean something, and where should the analyst-review gate sit? Scores TweetEval sentiment
 * (val, human labels) as the service does (with explanations, so the confidence reads the model's calibrated
 * probability), then prints: a reliability table of the confidence against the scorer's agreement with the human label
 * (and its expected calibration error), and for each candidate threshold the share of tweets below it (what the gate
 * would consider for review) with the agreement below and above it and in the band of 0.05 just below it. The
 * threshold it recommends is the largest one whose band is wrong more often than right: each tweet below it is a
 * verdict the scorer more likely got wrong than right, which a human should check. Run with
 * {@code benchmarks/run.sh confidence [--data DIR]}.
 */
public final class ConfidenceReport {
    static final int BINS = 10;
    /** The gate's default sarcasm reason (EARSHOT_REVIEW_SARCASM), for the share queued without the reach reason. */
    static final double SARCASM_REASON = 0.3;

    private ConfidenceReport() {}

    public static void main(String[] args) {
        String data = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--data") && i + 1 < args.length) {
                data = args[++i];
            } else {
                data = args[i];
            }
        }
        Path dir = Data.resolve(data);
        Optional<Data.Labelled> set = Data.tweetEval(dir, "sentiment", "val");
        if (set.isEmpty()) {
            System.out.println("tweeteval/sentiment/val absent under " + dir + ": nothing to measure");
            return;
        }
        Data.Labelled s = set.get();
        Scorer scorer = new Scorer();
        int n = s.size();
        double[] conf = new double[n];
        boolean[] right = new boolean[n];
        boolean[] reason = new boolean[n];
        int disagreements = 0;
        for (int i = 0; i < n; i++) {
            Verdict v = scorer.verdict(s.texts().get(i), true);
            Scores sc = v.scores();
            Confidence c = ConfidenceEstimator.estimate(sc);
            conf[i] = c.value();
            right[i] = v.sentimentClass() == s.labels()[i];
            reason[i] = sc.sarcasm() >= SARCASM_REASON || ConfidenceEstimator.borderlineDistress(sc);
            disagreements += sc.explanation().stream().anyMatch(e -> e.cause() != null
                    && e.cause().endsWith(Scorer.LEXICON_LABEL)) ? 1 : 0;
        }
        System.out.println("Confidence of the scorer " + Scorer.MODEL_VERSION + " against human labels");
        System.out.println("date:    " + Instant.now().truncatedTo(ChronoUnit.SECONDS));
        System.out.println("machine: " + Machine.describe() + "; load " + Machine.loadAverage());
        System.out.println("command: " + System.getProperty("earshot.command", "benchmarks/run.sh confidence"));
        System.out.printf(Locale.ROOT, "data:    %s, %d tweets (3-way agreement of the label with the human label)%n",
                s.name(), n);
        System.out.printf(Locale.ROOT, "         lexicon and model disagreed (the lexicon decided a label the model"
                + " ranks lower) on %d tweets (%.1f %%)%n%n", disagreements, 100.0 * disagreements / n);

        reliability(conf, right);

        System.out.println("gate threshold: tweets below it are considered for review");
        System.out.println("  threshold  below   share  agreement below  in the band just below  at or above  below,"
                + " with sarcasm or distress reason");
        double chosen = Double.NaN;
        for (int step = 20; step <= 80; step += 5) {
            double t = step / 100.0;
            int below = 0;
            int okBelow = 0;
            int above = 0;
            int okAbove = 0;
            int withReason = 0;
            int band = 0;
            int okBand = 0;
            for (int i = 0; i < n; i++) {
                if (conf[i] < t && conf[i] >= t - 0.05) {
                    band++;
                    okBand += right[i] ? 1 : 0;
                }
                if (conf[i] < t) {
                    below++;
                    okBelow += right[i] ? 1 : 0;
                    withReason += reason[i] ? 1 : 0;
                } else {
                    above++;
                    okAbove += right[i] ? 1 : 0;
                }
            }
            if (band > 0 && okBand * 2 < band) {
                chosen = t;
            }
            System.out.printf(Locale.ROOT, "  %9.2f  %5d  %5.1f%%  %14.1f%%  %21.1f%%  %10.1f%%  %5.1f%%%n", t,
                    below, 100.0 * below / n, below == 0 ? 0 : 100.0 * okBelow / below,
                    band == 0 ? 0 : 100.0 * okBand / band, above == 0 ? 0 : 100.0 * okAbove / above,
                    100.0 * withReason / n);
        }
        if (Double.isNaN(chosen)) {
            System.out.println("  no threshold has the scorer wrong more often than right below it");
        } else {
            final double t = chosen;
            System.out.printf(Locale.ROOT, "  recommended EARSHOT_REVIEW_CONFIDENCE_THRESHOLD: %.2f (the largest"
                    + " threshold whose band just below is right less than half the time); %.1f %% of these tweets are"
                    + " below it%n", chosen, 100.0 * java.util.Arrays.stream(conf).filter(c -> c < t)
                            .count() / n);
        }
    }

    /** Reliability table: per confidence bin, its tweets, mean confidence and agreement; then the calibration error. */
    static void reliability(double[] conf, boolean[] right) {
        int n = conf.length;
        System.out.println("reliability: confidence bins");
        System.out.println("  confidence    tweets  share  mean confidence  agreement");
        double ece = 0;
        for (int b = 0; b < BINS; b++) {
            int count = 0;
            int ok = 0;
            double sum = 0;
            for (int i = 0; i < n; i++) {
                if (Math.min(BINS - 1, (int) (conf[i] * BINS)) == b) {
                    count++;
                    ok += right[i] ? 1 : 0;
                    sum += conf[i];
                }
            }
            if (count == 0) {
                continue;
            }
            ece += Math.abs(ok - sum) / n;
            System.out.printf(Locale.ROOT, "  [%.1f, %.1f)  %6d  %4.1f%%  %15.3f  %8.1f%%%n", b / (double) BINS,
                    (b + 1) / (double) BINS, count, 100.0 * count / n, sum / count, 100.0 * ok / count);
        }
        System.out.printf(Locale.ROOT, "  expected calibration error of the confidence: %.3f%n%n", ece);
    }
}
