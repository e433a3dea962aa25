package io.earshot.sentiment.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.contracts.events.Emotions;
import io.earshot.contracts.events.Explanation;
import org.junit.jupiter.api.Test;

/** Emotion lexicons and emoji. */
class ScorerEmotionTest {
    static final Scorer SCORER = new Scorer();

    static Emotions e(String text) {
        return SCORER.score(text).emotions();
    }

    @Test
    void eachEmotionHasCues() {
        assertThat(e("I am furious with you").anger()).isGreaterThan(0.5);
        assertThat(e("so happy with my new phone, yay").joy()).isGreaterThan(0.5);
        assertThat(e("I'm confused, this bill makes no sense").confusion()).isGreaterThan(0.5);
        assertThat(e("heartbroken, I miss the old app").sadness()).isGreaterThan(0.5);
        assertThat(e("I'm scared and worried about the gas smell").fear()).isGreaterThan(0.5);
        assertThat(e("thank you so much, really appreciate it").gratitude()).isGreaterThan(0.5);
    }

    @Test
    void emojiCarryEmotions() {
        assertThat(e("😡").anger()).isGreaterThan(0.5);
        assertThat(e("😭").sadness()).isGreaterThan(0.5);
        assertThat(e("😱").fear()).isGreaterThan(0.5);
        assertThat(e("🤔").confusion()).isGreaterThan(0.4);
        assertThat(e("🙏").gratitude()).isGreaterThan(0.4);
        assertThat(e("🎉").joy()).isGreaterThan(0.5);
    }

    @Test
    void theDominantEmotionWins() {
        Emotions em = e("I am so angry, this is outrageous and I'm fed up");
        assertThat(em.anger()).isGreaterThan(em.joy()).isGreaterThan(em.sadness()).isGreaterThan(em.fear());
    }

    @Test
    void negatedJoyIsSadnessNotJoy() {
        Emotions em = e("I am not happy");
        assertThat(em.joy()).isZero();
        assertThat(em.sadness()).isGreaterThan(0);
    }

    @Test
    void questionsHintAtConfusion() {
        assertThat(e("why was I charged?").confusion()).isGreaterThan(e("I was charged").confusion());
    }

    @Test
    void moreEvidenceMoreIntensityButNeverAboveOne() {
        double one = e("angry").anger();
        double three = e("angry furious livid").anger();
        assertThat(three).isGreaterThan(one).isLessThanOrEqualTo(1.0);
    }

    @Test
    void neutralTextHasNoEmotion() {
        assertThat(e("The meeting is at noon")).isEqualTo(Emotions.NONE);
    }

    @Test
    void emotionsAreExplained() {
        assertThat(SCORER.score("I am furious").explanation()).anyMatch(
                (Explanation x) -> x.score().equals("anger") && x.cause().equals("furious") && x.delta() > 0);
    }
}
