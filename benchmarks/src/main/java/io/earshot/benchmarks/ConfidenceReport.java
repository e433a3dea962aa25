package io.earshot.benchmarks;

import io.earshot.contracts.events.Scores;
import io.earshot.sentiment.review.ConfidenceEstimator;
import io.earshot.sentiment.scoring.Scorer;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Does the score's confidence mean something? Scores TweetEval sentiment (val) and buckets the tweets by confidence,
 * printing each bucket's share and the scorer's 3-way agreement with the human label: the low bucket is what the
 * sentiment service's review gate would send to analysts (when the mention also matters). Run with
 * {@code java -cp benchmarks/target/benchmarks.jar io.earshot.benchmarks.ConfidenceReport [data dir]}.
 */
public final class ConfidenceReport {
    static final double[] EDGES = { 0.0, 0.5, 0.8, 1.0001 };

    private ConfidenceReport() {
    }

    public static void main(String[] args) {
        Path dir = Data.resolve(args.length > 0 ? args[0] : null);
        Optional<Data.Labelled> set = Data.tweetEval(dir, "sentiment", "val");
        if (set.isEmpty()) {
            System.out.println("tweeteval/sentiment/val absent under " + dir + ": nothing to measure");
            return;
        }
        Data.Labelled s = set.get();
        Scorer scorer = new Scorer();
        int buckets = EDGES.length - 1;
        int[] n = new int[buckets];
        int[] agreed = new int[buckets];
        for (int i = 0; i < s.size(); i++) {
            Scores sc = scorer.score(s.texts().get(i));
            double c = ConfidenceEstimator.estimate(sc).value();
            int predicted = switch (sc.label()) {
                case negative -> 0;
                case neutral -> 1;
                case positive -> 2;
                default -> Metrics.threeWay(sc.sentiment());
            };
            for (int b = 0; b < buckets; b++) {
                if (c >= EDGES[b] && c < EDGES[b + 1]) {
                    n[b]++;
                    if (predicted == s.labels()[i]) {
                        agreed[b]++;
                    }
                }
            }
        }
        System.out.println("command: java -cp benchmarks/target/benchmarks.jar io.earshot.benchmarks.ConfidenceReport");
        System.out.println(s.name() + ", " + s.size() + " tweets; scorer " + Scorer.MODEL_VERSION);
        System.out.println("confidence   tweets  share  agreement with the human label");
        for (int b = 0; b < buckets; b++) {
            System.out.printf("[%.1f, %.1f)  %6d  %4.1f%%  %5.1f%%%n", EDGES[b], Math.min(1.0, EDGES[b + 1]), n[b],
                    100.0 * n[b] / s.size(), n[b] == 0 ? 0 : 100.0 * agreed[b] / n[b]);
        }
    }
}
