package io.earshot.sentiment.scoring;

import io.earshot.contracts.events.Scores;

/**
 * The scores of one text and, behind them, the trained model's calibrated class probabilities per task, in the
 * order of the TweetEval label mappings: {@code sentiment} negative/neutral/positive, {@code emotion}
 * anger/joy/optimism/sadness, {@code irony} not ironic/ironic. The probabilities are null for an empty text (nothing
 * to score) or a lexicon-only scorer. {@code ironic} is the irony decision's score (ironic from 0.5): the model's
 * P(ironic) combined, as independent evidence, with a hashtag that says so (#sarcasm 0.85, #not 0.7, #irony 0.5), which
 * the training data never shows (TweetEval removed them).
 */
public record Verdict(Scores scores, double[] sentiment, double[] emotion, double[] irony, double ironic) {

    /** The most probable sentiment class (0 negative, 1 neutral, 2 positive); neutral without probabilities. */
    public int sentimentClass() {
        return sentiment == null ? Scorer.NEUTRAL : argmax(sentiment);
    }

    /** The most probable emotion class (0 anger, 1 joy, 2 optimism, 3 sadness); -1 without probabilities. */
    public int emotionClass() {
        return emotion == null ? -1 : argmax(emotion);
    }

    private static int argmax(double[] p) {
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            if (p[c] > p[best]) {
                best = c;
            }
        }
        return best;
    }
}
