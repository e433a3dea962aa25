package io.earshot.sentiment.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.contracts.events.Explanation;
import io.earshot.contracts.events.Scores;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Sarcasm cues, and the polarity flip they cause. */
class ScorerSarcasmTest {
    static final Scorer SCORER = new Scorer();

    static List<String> causes(Scores sc, String score) {
        return sc.explanation().stream().filter(e -> e.score().equals(score)).map(Explanation::cause).toList();
    }

    @Test
    void theClassicEndsNegative() {
        Scores sc = SCORER.score("great, another outage. thanks for nothing 🙄");
        assertThat(sc.sarcasm()).isGreaterThanOrEqualTo(0.5);
        assertThat(sc.sentiment()).isLessThan(-0.3);
        assertThat(causes(sc, "sentiment")).contains("sarcasm:flip great");
        assertThat(causes(sc, "sarcasm")).contains("cue:thanks for nothing", "cue:🙄");
        assertThat(sc.emotions().anger()).isGreaterThan(sc.emotions().joy());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Great, another outage",
            "oh great, the app crashed again",
            "Love waiting on hold for 3 hours",
            "Yeah right, like that will ever happen",
            "best customer service ever /s",
            "just what I needed, another price hike",
            "wow, so helpful 🙄",
            "the \"helpful\" agent hung up on me",
            "thanks for nothing",
            "Perfect. Charged twice again.",
            "love how the app crashes every time I open it",
    })
    void sarcasticTextsAreCaughtAndNotPositive(String text) {
        Scores sc = SCORER.score(text);
        assertThat(sc.sarcasm()).as(text).isGreaterThanOrEqualTo(0.5);
        assertThat(sc.sentiment()).as(text).isLessThanOrEqualTo(0.0);
        assertThat(causes(sc, "sarcasm")).as(text).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Thanks for fixing the outage so quickly, great job!",
            "Thanks so much for the quick fix :)",
            "I love this app",
            "Great support during the outage, thank you",
            "The new update is great",
            "Love the new design!",
    })
    void sincerePraiseIsNotSarcasm(String text) {
        Scores sc = SCORER.score(text);
        assertThat(sc.sarcasm()).as(text).isLessThan(0.5);
        assertThat(sc.sentiment()).as(text).isGreaterThan(0.3);
    }

    @Test
    void scareQuotesAroundPraise() {
        Scores sc = SCORER.score("the \"helpful\" agent hung up on me");
        assertThat(causes(sc, "sarcasm")).contains("scare_quotes:\"helpful\"");
        assertThat(SCORER.score("the helpful agent hung up on me").sarcasm()).isLessThan(0.5);
    }

    @Test
    void praiseOfABadSituationIsExplained() {
        Scores sc = SCORER.score("Love waiting on hold");
        assertThat(causes(sc, "sarcasm")).anyMatch(c -> c.startsWith("praise_of_bad_situation:love"));
        assertThat(causes(sc, "sentiment")).contains("sarcasm:flip love");
    }

    @Test
    void flipOnlyTouchesPositiveWords() {
        Scores sarcastic = SCORER.score("yeah right, terrible service");
        Scores plain = SCORER.score("terrible service");
        assertThat(sarcastic.sentiment()).isLessThanOrEqualTo(plain.sentiment() + 1e-9);
    }

    @Test
    void noCuesNoSarcasm() {
        assertThat(SCORER.score("The package arrived on Tuesday").sarcasm()).isZero();
        assertThat(SCORER.score("this is awful").sarcasm()).isZero();
    }
}
