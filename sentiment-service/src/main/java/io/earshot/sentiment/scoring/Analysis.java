package io.earshot.sentiment.scoring;

import io.earshot.contracts.events.Scores;
import io.earshot.contracts.events.SentimentLabel;
import java.util.List;

/** Scores plus the token-level detail behind them (used by {@link InsightExtractor}). */
final class Analysis {
    static final Scores NEUTRAL = new Scores(0.0, SentimentLabel.neutral, null, 0.0, null, 0.0, List.of(), List.of());

    final Tokens tokens;
    /** Final sentiment contribution of the opinion unit starting at each token (0 elsewhere). */
    final double[] contribution;
    final boolean[] unit;
    final Scores scores;
    /** What the trained model saw; null for an empty text. */
    final Features features;
    /** The model's verdict; null without a model or for an empty text. */
    final Verdict verdict;

    Analysis(Tokens tokens, double[] contribution, boolean[] unit, Scores scores, Features features,
            Verdict verdict) {
        this.tokens = tokens;
        this.contribution = contribution;
        this.unit = unit;
        this.scores = scores;
        this.features = features;
        this.verdict = verdict;
    }

    static Analysis empty(Tokens tokens) {
        return new Analysis(tokens, new double[0], new boolean[0], NEUTRAL, null, null);
    }
}
