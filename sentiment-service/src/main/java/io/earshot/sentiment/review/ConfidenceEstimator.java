package io.earshot.sentiment.review;

import io.earshot.contracts.events.Confidence;
import io.earshot.contracts.events.Explanation;
import io.earshot.contracts.events.Scores;
import io.earshot.contracts.events.SentimentLabel;
import io.earshot.sentiment.scoring.Scorer;

/**
 * How far to trust a verdict of the scorer, from the scores and their explanation alone (so it is the same on every
 * replica and for a re-score). The base is the trained model's calibrated probability of the label the scores carry,
 * which the explanation names ({@code ("sentiment.model", "p(negative)", 0.91)}; where the lexicon decided a label the
 * model does not rank first, the entry {@code "p(positive) of the lexicon's label"}, so a disagreement between lexicon
 * and model lowers the confidence to what the model gives the label). Without a model entry (a lexicon-only scorer, or
 * scores built without an explanation) the base is {@code 0.6 · margin + 0.4 · evidence}. Four factors, each in
 * [0, 1]:
 * <ul>
 * <li>{@code margin}: for positive and negative, how far the compound lies beyond the label threshold 0.05, full at
 * |compound| = 0.5; for neutral, how close the compound is to 0 (1 at 0, 0 at ±0.05); mixed is 0.5 (both sides are
 * strong by definition).</li>
 * <li>{@code evidence}: the opinion cues found (lexicon words, emoji, phrases: explanation entries of the sentiment
 * score that are not modifiers): 0.25 + 0.25 per cue, full from 3; a neutral text with no cue at all gets 0.6 (no
 * opinion word is weak evidence of no opinion).</li>
 * <li>{@code irony}: below the scorer's flip point (sarcasm 0.8) praise was kept, at most damped, so the label may be
 * the ironic one: 1 − sarcasm; from 0.8 the praise was flipped on strong evidence, still not certain: sarcasm − 0.3
 * (0.5 at 0.8, 0.7 at 1).</li>
 * <li>{@code distress}: 1 without distress; distress detected with a confidence below 0.6 (borderline) scales from 0.5
 * at the detector's threshold 0.3 to 1 at 0.6.</li>
 * </ul>
 * {@code value = base · irony · distress}, rounded to 3 decimals; margin and evidence are reported either way. A text in
 * an unsupported language was not scored: every factor and the value are 0. {@code benchmarks/run.sh confidence}
 * measures how well the value tracks the human labels on the sentiment validation split and where the review gate's
 * threshold should sit.
 */
public final class ConfidenceEstimator {
    static final double LABEL_THRESHOLD = 0.05;
    static final double FULL_MARGIN = 0.5;
    static final double BORDERLINE_DISTRESS = 0.6;
    static final double DISTRESS_THRESHOLD = 0.3;
    static final double SARCASM_FLIP = 0.8;

    private ConfidenceEstimator() {}

    public static Confidence estimate(Scores s) {
        if (s.label() == SentimentLabel.unsupported_language) {
            return new Confidence(0, 0, 0, 0, 0);
        }
        double c = Math.abs(s.sentiment());
        int cues = cues(s);
        double margin = switch (s.label()) {
            case positive, negative -> clamp((c - LABEL_THRESHOLD) / (FULL_MARGIN - LABEL_THRESHOLD));
            case neutral -> clamp(1 - c / LABEL_THRESHOLD);
            default -> 0.5;
        };
        double evidence = cues == 0 && s.label() == SentimentLabel.neutral ? 0.6 : clamp(0.25 + 0.25 * cues);
        double irony = s.sarcasm() < SARCASM_FLIP ? clamp(1 - s.sarcasm()) : clamp(s.sarcasm() - 0.3);
        double distress = borderlineDistress(s)
                ? 0.5 + 0.5 * clamp((s.distress().confidence() - DISTRESS_THRESHOLD)
                        / (BORDERLINE_DISTRESS - DISTRESS_THRESHOLD))
                : 1.0;
        double model = modelProbability(s);
        double base = Double.isNaN(model) ? 0.6 * margin + 0.4 * evidence : model;
        double value = base * irony * distress;
        return new Confidence(round(value), round(margin), round(evidence), round(irony), round(distress));
    }

    /**
     * The trained model's calibrated probability of the label {@code s} carries, as its explanation names it; NaN when
     * it names none.
     */
    public static double modelProbability(Scores s) {
        double first = Double.NaN;
        for (Explanation e : s.explanation()) {
            if (Scorer.MODEL_SENTIMENT.equals(e.score()) && e.cause() != null && e.cause().startsWith("p(")) {
                if (e.cause().endsWith(Scorer.LEXICON_LABEL)) {
                    return e.delta();
                }
                if (Double.isNaN(first)) {
                    first = e.delta();
                }
            }
        }
        return first;
    }

    /** Distress detected, but with less than {@link #BORDERLINE_DISTRESS} confidence. */
    public static boolean borderlineDistress(Scores s) {
        return s.distress().present() && s.distress().confidence() < BORDERLINE_DISTRESS;
    }

    /** Opinion cues: sentiment explanations of a word, emoji or phrase (modifiers such as "negation:" carry a colon). */
    static int cues(Scores s) {
        int n = 0;
        for (Explanation e : s.explanation()) {
            if ("sentiment".equals(e.score()) && e.delta() != 0 && e.cause() != null && !e.cause().contains(":")) {
                n++;
            }
        }
        return n;
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
