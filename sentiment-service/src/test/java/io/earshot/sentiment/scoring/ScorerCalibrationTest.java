package io.earshot.sentiment.scoring;

import static io.earshot.sentiment.scoring.ScorerSentimentTest.causes;
import static io.earshot.sentiment.scoring.ScorerSentimentTest.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.contracts.events.Scores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The lexicon-0.2 rules found by looking at where the scorer disagreed with human ratings: weak praise from a negated
 * negative word, repeated emoticon mouths, situation words inside positive phrases, damping before flipping, polarity
 * contrast as irony evidence, and everyday insults, slang and idioms.
 */
class ScorerCalibrationTest {
    static final Scorer SCORER = new Scorer();

    // ---------------------------------------------------------------- negation of a negative word

    @Test
    void aNegatedNegativeWordIsFaintPraiseNotPraise() {
        assertThat(s("the food was not awful")).isGreaterThan(0.0).isLessThan(s("the food was good"));
        assertThat(s("the food was not terrible")).isLessThan(-s("the food was terrible") / 2);
        Scores sc = SCORER.score("the food was not awful");
        double awful = Scorer.NEGATION_OF_NEGATIVE * SCORER.lexicon().get("awful").valence;
        assertThat(sc.explanation()).anyMatch(e -> e.cause().equals("negation:not awful")
                && Math.abs(e.delta() - (awful - SCORER.lexicon().get("awful").valence)) < 1e-9);
    }

    @Test
    void aNegatedPositiveWordStillTurnsNegative() {
        assertThat(s("the food was not good")).isLessThan(-0.3);
    }

    // ---------------------------------------------------------------- emoticons

    @Test
    void aRepeatedEmoticonMouthIsStronger() {
        assertThat(s("so sad =(((")).isLessThan(s("so sad =("));
        assertThat(s("yay :DDD")).isGreaterThan(s("yay :D"));
        assertThat(causes(SCORER.score("yay :DDD"), "sentiment")).contains(":D", "repeated::D");
        assertThat(s(":DDD")).isGreaterThan(0.3);
        assertThat(s("ok :)) fine")).isGreaterThan(0.0);
    }

    @Test
    void htmlEscapedEmoticonsAreEmoticons() {
        // feeds deliver escaped text: "&lt;3" is a heart, "&amp;" is not a word
        Scores heart = SCORER.score("Blues Texas style! &lt;3");
        assertThat(heart.sentiment()).isGreaterThan(0.3);
        assertThat(causes(heart, "sentiment")).contains("<3");
        assertThat(s("so sad &lt;/3")).isLessThan(s("so sad"));
        assertThat(s("&lt;333")).isGreaterThan(s("&lt;3"));
        assertThat(TokenizerTest.tokens("me &amp; you &lt;3")).containsExactly("me", "you", "<3");
        assertThat(TokenizerTest.tokens("a &lt; b")).containsExactly("a", "b");
    }

    // ---------------------------------------------------------------- sarcasm: what counts, damp before flip

    @Test
    void anEmojiNextToABadThingIsAFeelingNotSarcasticPraise() {
        assertThat(SCORER.score("Can't believe it's been 11 months since my mum passed away, miss her so much 💜")
                .sarcasm()).isZero();
        assertThat(SCORER.score("There was a shooting in my old neighborhood. Praying everyone is okay ❤️").sarcasm())
                .isZero();
    }

    @Test
    void aSituationWordInsideAPositivePhraseIsNotASituation() {
        assertThat(SCORER.score("Awesome! Good luck. Can't wait to hear it!").sarcasm()).isZero();
        assertThat(SCORER.score("Can't wait for the weekend :)").sarcasm()).isZero();
    }

    @Test
    void praiseRightBeforeAListedSituationFlips() {
        Scores sc = SCORER.score("Love waiting on hold");
        assertThat(sc.sarcasm()).isGreaterThanOrEqualTo(Scorer.SARCASM_FLIP);
        assertThat(sc.sentiment()).isLessThan(0.0);
    }

    @Test
    void praiseAfterAnotherSentenceIsNotRightBefore() {
        // "Thanks!" then a time span in the next sentence: some evidence, not enough to flip
        Scores sc = SCORER.score("Thanks! 44 minutes in and starting off great");
        assertThat(sc.sarcasm()).isLessThan(Scorer.SARCASM_FLIP);
        assertThat(sc.sentiment()).isGreaterThan(0.0);
    }

    @Test
    void strongPraiseAndABadThingWithoutAButIsIronyEvidence() {
        Scores sc = SCORER.score("Awesome. My phone died after an hour.");
        assertThat(sc.sarcasm()).isGreaterThanOrEqualTo(0.5);
        assertThat(causes(sc, "sarcasm")).anyMatch(c -> c.startsWith("praise_of_bad_situation:awesome"));
        assertThat(SCORER.score("Awesome phone, but the battery died after an hour.").sarcasm()).isLessThan(0.5);
    }

    @Test
    void mildPraiseIsNotTakenForIrony() {
        // "good" is below the strong-praise bar, so a bad word elsewhere is just a mixed text
        assertThat(SCORER.score("Good morning. My back is killing me.").sarcasm()).isLessThan(0.5);
    }

    @Test
    void scareQuotesAloneAreNotEnoughToCallIrony() {
        assertThat(SCORER.score("I LOVE \"My Favorite Accident\" and all of it :)").sarcasm()).isLessThan(0.5);
        assertThat(SCORER.score("I LOVE \"My Favorite Accident\" and all of it :)").sentiment()).isGreaterThan(0.5);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Alert the media, the train is late again",
            "Isn't that special",
            "What a shock, the update broke everything",
            "Good luck with that",
            "Real mature, deleting my comment",
    })
    void newSarcasmCues(String text) {
        Scores sc = SCORER.score(text);
        assertThat(sc.sarcasm()).as(text).isGreaterThanOrEqualTo(0.5);
        assertThat(causes(sc, "sarcasm")).as(text).anyMatch(c -> c.startsWith("cue:"));
    }

    // ---------------------------------------------------------------- lexicon coverage

    @ParameterizedTest
    @ValueSource(strings = {
            "PISS OFF rain", "what a douchebag", "he is such a jerk", "Bitch bitch bitch", "you bastard",
            "I feel empty", "worst day ever", "I can't stand this", "godawful commentary", "that's just ignorant",
            "this restaurant terrifies me", "sick of it", "feeling down today",
    })
    void everydayNegativeWordsAreKnown(String text) {
        assertThat(s(text)).as(text).isLessThan(-0.3);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "That's the spirit", "Hallelujah, spring is early", "TGIF world", "roflmao you need a pic of that",
            "this album is the shit", "that was one of the funniest things", "Fantastico", "wtg",
            "had a blast", "best day ever", "feeling great", "it doesn't get any better than this",
            "I cannot recommend it enough", "kick ass show",
    })
    void everydayPositiveWordsAndIdiomsAreKnown(String text) {
        assertThat(s(text)).as(text).isGreaterThan(0.3);
    }

    @Test
    void anIdiomBeatsItsNegatedParts() {
        assertThat(s("it doesn't get any better than this")).isGreaterThan(s("it is better than this"));
        assertThat(s("I cannot recommend it enough")).isGreaterThan(s("I recommend it"));
    }
}
