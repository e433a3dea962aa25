package io.earshot.escalation.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.contracts.events.Author;
import io.earshot.contracts.events.Distress;
import io.earshot.contracts.events.DistressKind;
import io.earshot.contracts.events.Emotions;
import io.earshot.contracts.events.Mention;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.contracts.events.Scores;
import io.earshot.contracts.events.SentimentLabel;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ThresholdRulesTest {
    final ThresholdRules rules = new ThresholdRules(-0.5, 0.6);

    static ScoredMention scored(double sentiment, double urgency, Distress distress, long followers, boolean verified) {
        Mention m = new Mention("1.0", UUID.randomUUID(), "reddit", "x", null, "acme", List.of(),
                new Author("a", "@a", "A", followers, verified, null), "text", "en", Instant.now(), Instant.now(), null, null);
        return new ScoredMention("1.0", m, new Scores(sentiment, SentimentLabel.negative, Emotions.NONE, urgency, distress,
                0, List.of(), List.of()), "test", Instant.now());
    }

    @Test
    void distressAlwaysGoesToTheDistressQueueAndIsNeverAutoAnswered() {
        Decision d = rules.decide(scored(0.4, 0.0, new Distress(DistressKind.self_harm, 0.3), 0, false)).orElseThrow();
        assertThat(d.queue()).isEqualTo("distress");
        assertThat(d.neverAutoAnswer()).isTrue();
        assertThat(d.reason()).contains("self_harm");
    }

    @Test
    void negativeAndUrgentMentionsEscalateAtTheirThresholds() {
        assertThat(rules.decide(scored(-0.5, 0, Distress.NONE, 0, false))).get().extracting(Decision::queue).isEqualTo("care");
        assertThat(rules.decide(scored(-0.49, 0, Distress.NONE, 0, false))).isEmpty();
        assertThat(rules.decide(scored(0.1, 0.6, Distress.NONE, 0, false))).get().extracting(Decision::queue).isEqualTo("urgent");
        assertThat(rules.decide(scored(0.1, 0.59, Distress.NONE, 0, false))).isEmpty();
    }

    @Test
    void reachAndVerificationRaisePriority() {
        double nobody = rules.decide(scored(-0.8, 0, Distress.NONE, 0, false)).orElseThrow().priority();
        double popular = rules.decide(scored(-0.8, 0, Distress.NONE, 100_000, false)).orElseThrow().priority();
        double verified = rules.decide(scored(-0.8, 0, Distress.NONE, 100_000, true)).orElseThrow().priority();
        assertThat(nobody).isEqualTo(80.0);
        assertThat(popular).isGreaterThan(nobody);
        assertThat(verified).isGreaterThan(popular);
    }
}
