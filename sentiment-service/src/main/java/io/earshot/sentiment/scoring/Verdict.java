package io.earshot.sentiment.scoring;

import io.earshot.contracts.events.Scores;

/**
 * The scores of one text and, behind them, the trained model's calibrated class probabilities per task, in the
 * order of the TweetEval label mappings: {@code sentiment} negative/neutral/positive, {@code emotion}
 * anger/joy/optimism/sadness, {@code irony} not ironic/ironic. The probabilities are null for an empty text (nothing
 * to score) or a lexicon-only scorer. {@code ironic} is the irony decision's score: the model's P(ironic) combined, as
 * independent evidence, with a hashtag that says so (#sarcasm 0.85, #not 0.7, #irony 0.5), which the training data never
 * shows (TweetEval removed them); the text is ironic from {@code ironyThreshold}, the irony model's decision threshold
 * (chosen by cross-validation on the train split; the lexicon's 0.5 without the model).
 */
public record Verdict(Scores scores, double[] sentiment, double[] emotion, double[] irony, double ironic,
        double ironyThreshold) {

    /** The irony decision: {@code ironic >= ironyThreshold}. */
    public boolean isIronic() {
        return ironic >= ironyThreshold;
    }

    /**
     * The sentiment class the scores carry (0 negative, 1 neutral, 2 positive): their label, so the benchmarks measure
     * what the service answers (including where the lexicon decided); mixed counts as the model's more probable of
     * negative and positive.
     */
    public int sentimentClass() {
        return switch (scores.label()) {
            case negative -> Scorer.NEGATIVE;
            case positive -> Scorer.POSITIVE;
            case mixed -> sentiment == null || sentiment[Scorer.NEGATIVE] >= sentiment[Scorer.POSITIVE]
                    ? Scorer.NEGATIVE
                    : Scorer.POSITIVE;
            default -> Scorer.NEUTRAL;
        };
    }

    /** The most probable emotion class (0 anger, 1 joy, 2 optimism, 3 sadness); -1 without probabilities. */
    public int emotionClass() {
        return emotion == null ? -1 : argmax(emotion);
    }

    /** The index of the largest probability (the first of equals). */
    static int argmax(double[] p) {
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            if (p[c] > p[best]) {
                best = c;
            }
        }
        return best;
    }
}
