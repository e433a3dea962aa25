package io.earshot.sentiment.review;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.contracts.events.Confidence;
import io.earshot.contracts.events.Distress;
import io.earshot.contracts.events.DistressKind;
import io.earshot.contracts.events.Explanation;
import io.earshot.contracts.events.Scores;
import io.earshot.contracts.events.SentimentLabel;
import io.earshot.sentiment.scoring.Scorer;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfidenceEstimatorTest {
    static final Scorer SCORER = new Scorer();

    static Confidence of(String text) {
        return ConfidenceEstimator.estimate(SCORER.score(text));
    }

    @Test
    void aClearVerdictWithManyCuesIsTrustedAndAFaintOneIsNot() {
        assertThat(of("Terrible. Refund me now, this is awful and broken.").value()).isGreaterThanOrEqualTo(0.9);
        assertThat(of("I love this, thank you so much! Best support ever.").value()).isGreaterThanOrEqualTo(0.9);
        Confidence faint = of("The app is ok I guess");
        assertThat(faint.value()).isLessThan(0.5);
        assertThat(faint.margin()).isLessThan(0.3);
    }

    @Test
    void ironyBelowTheFlipPointCostsConfidenceAndAFlipIsTrustedOnlyPartly() {
        Confidence damped = of("Wow, thanks for losing my package again. Amazing service.");
        assertThat(damped.irony()).isLessThan(0.5);
        assertThat(damped.value()).isLessThan(0.5);
        Confidence flipped = of("Oh great, another outage. Just what I needed today #not");
        assertThat(flipped.irony()).isBetween(0.5, 0.7);
    }

    @Test
    void theFormulaIsTheDocumentedOne() {
        // compound 0.275: margin (0.275 - 0.05) / 0.45 = 0.5; two cues: evidence 0.75; sarcasm 0.2: irony 0.8;
        // distress safety at 0.45 (borderline): 0.5 + 0.5 * (0.45 - 0.3) / 0.3 = 0.75.
        Scores s = new Scores(0.275, SentimentLabel.positive, null, 0, new Distress(DistressKind.safety, 0.45), 0.2,
                List.of(),
                List.of(new Explanation("sentiment", "good", 1.9), new Explanation("sentiment", "booster:very good",
                        0.3),
                        new Explanation("sentiment", "nice", 1.8), new Explanation("urgency", "asap", 0.4)));
        Confidence c = ConfidenceEstimator.estimate(s);
        assertThat(c.margin()).isEqualTo(0.5);
        assertThat(c.evidence()).isEqualTo(0.75);
        assertThat(c.irony()).isEqualTo(0.8);
        assertThat(c.distress()).isEqualTo(0.75);
        assertThat(c.value()).isEqualTo(Math.round((0.6 * 0.5 + 0.4 * 0.75) * 0.8 * 0.75 * 1000) / 1000.0);
    }

    @Test
    void neutralWithoutCuesMixedAndUnsupportedHaveTheirOwnRules() {
        Confidence plain = of("Order 1234 arrived on Tuesday");
        assertThat(plain.margin()).isEqualTo(1.0);
        assertThat(plain.evidence()).isEqualTo(0.6);
        Scores mixed = new Scores(0.1, SentimentLabel.mixed, null, 0, null, 0, List.of(), List.of());
        assertThat(ConfidenceEstimator.estimate(mixed).margin()).isEqualTo(0.5);
        Scores unsupported = new Scores(0, SentimentLabel.unsupported_language, null, 0, null, 0, List.of(), List.of());
        assertThat(ConfidenceEstimator.estimate(unsupported).value()).isZero();
    }

    @Test
    void withTheModelTheBaseIsItsCalibratedProbabilityOfTheLabel() {
        // the model's p(negative) 0.8 is the base; sarcasm 0.2 keeps 0.8 of it
        Scores s = new Scores(-0.6, SentimentLabel.negative, null, 0, null, 0.2, List.of(),
                List.of(new Explanation("sentiment", "awful", -2.5),
                        new Explanation(Scorer.MODEL_SENTIMENT, "p(negative)", 0.8),
                        new Explanation(Scorer.MODEL_SENTIMENT, "word:awful", 1.2)));
        Confidence c = ConfidenceEstimator.estimate(s);
        assertThat(ConfidenceEstimator.modelProbability(s)).isEqualTo(0.8);
        assertThat(c.value()).isEqualTo(0.64);
        assertThat(c.margin()).isEqualTo(1.0);
    }

    @Test
    void whenTheLexiconOverrulesTheModelTheConfidenceIsWhatTheModelGivesTheLabel() {
        // the lexicon knows the idiom and says positive; the model ranks negative first: a disagreement
        Scores s = SCORER.score("no problem at all");
        assertThat(s.label()).isEqualTo(SentimentLabel.positive);
        Explanation top = s.explanation().stream().filter(e -> e.score().equals(Scorer.MODEL_SENTIMENT)).findFirst()
                .orElseThrow();
        assertThat(top.cause()).isEqualTo("p(negative) unsure, the lexicon decides");
        Explanation label = s.explanation().stream().filter(e -> e.cause().equals("p(positive)"
                + Scorer.LEXICON_LABEL)).findFirst().orElseThrow();
        assertThat(label.delta()).isLessThan(top.delta());
        Confidence c = ConfidenceEstimator.estimate(s);
        assertThat(c.value()).isEqualTo(label.delta());
        // its lexicon margin alone would have trusted it more
        assertThat(c.value()).isLessThan(0.6 * c.margin() + 0.4 * c.evidence());
    }

    @Test
    void aModelAgreeingWithTheLexiconNamesNoSecondProbability() {
        Scores s = SCORER.score("Terrible. Refund me now, this is awful and broken.");
        assertThat(s.explanation()).noneMatch(e -> e.cause().endsWith(Scorer.LEXICON_LABEL));
        assertThat(ConfidenceEstimator.estimate(s).value()).isEqualTo(ConfidenceEstimator.modelProbability(s));
    }
}
