package io.earshot.sentiment.scoring;

import static io.earshot.sentiment.scoring.ScorerSarcasmTest.causes;
import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.contracts.events.Scores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The irony cues of tweets: label hashtags, "don't you just love", everyday annoyances, praise of a bad thing. */
class ScorerIronyCuesTest {
    static final Scorer SCORER = new Scorer();

    // ---------------------------------------------------------------- hashtags that label the text

    @Test
    void sarcasmHashtagMarksTheText() {
        Scores sc = SCORER.score("Stuck at the airport for six hours, loving it #sarcasm");
        assertThat(sc.sarcasm()).isGreaterThanOrEqualTo(0.5);
        assertThat(sc.sentiment()).isLessThan(0.0);
        assertThat(causes(sc, "sarcasm")).contains("hashtag:#sarcasm");
    }

    @Test
    void notHashtagMarksTheText() {
        Scores sc = SCORER.score("What a fun day at the office #not");
        assertThat(sc.sarcasm()).isGreaterThanOrEqualTo(0.5);
        assertThat(causes(sc, "sarcasm")).contains("hashtag:#not");
    }

    @Test
    void ironyHashtagIsAMildMark() {
        Scores sc = SCORER.score("the #irony of it all");
        assertThat(causes(sc, "sarcasm")).containsExactly("hashtag:#irony");
        assertThat(sc.sarcasm()).isEqualTo(Scorer.HASHTAG_IRONY);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "This is #notgood at all",
            "I was not being sarcastic",
            "irony is a literary device",
    })
    void onlyAWholeLabelHashtagCounts(String text) {
        Scores sc = SCORER.score(text);
        assertThat(causes(sc, "sarcasm")).as(text).noneMatch(c -> c.startsWith("hashtag:"));
        assertThat(sc.sarcasm()).as(text).isLessThan(0.5);
    }

    @Test
    void hashtagMarkWeights() {
        assertThat(Scorer.hashtagMark("sarcasm")).isEqualTo(Scorer.HASHTAG_SARCASM);
        assertThat(Scorer.hashtagMark("sarcastic")).isEqualTo(Scorer.HASHTAG_SARCASM);
        assertThat(Scorer.hashtagMark("not")).isEqualTo(Scorer.HASHTAG_NOT);
        assertThat(Scorer.hashtagMark("ironic")).isEqualTo(Scorer.HASHTAG_IRONY);
        assertThat(Scorer.hashtagMark("funny")).isZero();
    }

    // ---------------------------------------------------------------- explicit phrases

    @ParameterizedTest
    @ValueSource(strings = {
            "Oh yay, my laptop died right before the deadline",
            "Don't you just love it when the bus leaves early",
            "Just what we need, more rain",
            "Thanks for ruining my weekend",
            "Oh goody, a flat tire",
            "Gotta love homework on a Saturday night",
    })
    void newSarcasmPhrasesFlip(String text) {
        Scores sc = SCORER.score(text);
        assertThat(sc.sarcasm()).as(text).isGreaterThanOrEqualTo(0.5);
        assertThat(sc.sentiment()).as(text).isLessThanOrEqualTo(0.0);
        assertThat(causes(sc, "sarcasm")).as(text).anyMatch(c -> c.startsWith("cue:"));
    }

    @Test
    void framingCuesAloneDoNotFlip() {
        // "I love it when", "I just love", "so much fun", "thanks for reminding me" lean sarcastic but are often sincere
        for (String text : new String[]{"I love it when my grandkids visit", "I just love my new bike",
                "So much fun at the beach with my kids today", "Thanks for reminding me about the meeting!"}) {
            Scores sc = SCORER.score(text);
            assertThat(sc.sarcasm()).as(text).isGreaterThan(0.0).isLessThan(0.5);
            assertThat(sc.sentiment()).as(text).isGreaterThan(0.3);
        }
    }

    // ---------------------------------------------------------------- everyday annoyances as targets of praise

    @ParameterizedTest
    @ValueSource(strings = {
            "I love waking up early on a Saturday",
            "Great, a parking ticket",
            "Yay, migraine again",
            "Awesome, jury duty",
    })
    void praiseOfAnEverydayAnnoyance(String text) {
        Scores sc = SCORER.score(text);
        assertThat(sc.sarcasm()).as(text).isGreaterThanOrEqualTo(0.5);
        assertThat(causes(sc, "sarcasm")).as(text).anyMatch(c -> c.startsWith("praise_of_bad_situation:"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "I love studying with my friends",
            "I love waking up to your texts",
            "Woke up to the best news",
            "Great, see you at 10 am",
            "I am glad the exam is over",
    })
    void sincereTextsNearTheNewSituationsStaySincere(String text) {
        Scores sc = SCORER.score(text);
        assertThat(sc.sarcasm()).as(text).isLessThan(0.5);
        assertThat(sc.sentiment()).as(text).isGreaterThan(0.3);
    }

    // ---------------------------------------------------------------- strong praise followed by a strongly negative word

    @Test
    void praiseThenANegativeWordAddsWeakEvidence() {
        Scores sc = SCORER.score("I love how my roommate is so rude");
        assertThat(causes(sc, "sarcasm")).contains("cue:i love how", "praise_of_bad_situation:love ~ rude");
        assertThat(sc.sarcasm()).isGreaterThanOrEqualTo(0.5);
        assertThat(sc.sentiment()).isLessThan(0.0);
    }

    @Test
    void praiseThenANegativeWordAloneDoesNotFlip() {
        Scores sc = SCORER.score("I love sad songs");
        assertThat(causes(sc, "sarcasm")).containsExactly("praise_of_bad_situation:love ~ sad");
        assertThat(sc.sarcasm()).isLessThan(0.5);
    }

    @Test
    void mildPraiseOrAButIsNotATarget() {
        assertThat(SCORER.score("A good start and a bad finish").sarcasm()).isZero();
        assertThat(SCORER.score("I love it, but the weather is awful.").sarcasm()).isZero();
    }

    @Test
    void strongPraiseNextToABadThingInAnotherSentenceIsIronyButOnlyDamped() {
        Scores sc = SCORER.score("I love it. The weather is awful.");
        assertThat(causes(sc, "sarcasm")).containsExactly("praise_of_bad_situation:love it ~ awful");
        assertThat(sc.sarcasm()).isGreaterThanOrEqualTo(0.5).isLessThan(Scorer.SARCASM_FLIP);
        assertThat(causes(sc, "sentiment")).contains("sarcasm:damp love it").noneMatch(c -> c.startsWith(
                "sarcasm:flip"));
    }

    @Test
    void aCueThatCanBeSincereIsDampedNotFlipped() {
        Scores sc = SCORER.score("This should be fun");
        assertThat(sc.sarcasm()).isGreaterThanOrEqualTo(0.5).isLessThan(Scorer.SARCASM_FLIP);
        assertThat(causes(sc, "sentiment")).contains("sarcasm:damp fun");
        assertThat(sc.sentiment()).isGreaterThan(0.0).isLessThan(SCORER.score("It was fun").sentiment());
    }

    // ---------------------------------------------------------------- lexicon coverage

    @Test
    void commonEmotionWordsAreKnown() {
        assertThat(SCORER.score("I'm full of fury right now").emotions().anger()).isGreaterThan(0.5);
        assertThat(SCORER.score("so much depression").emotions().sadness()).isGreaterThan(0.5);
        assertThat(SCORER.score("the room was filled with laughter").emotions().joy()).isGreaterThan(0.3);
        assertThat(SCORER.score("this rule will only aggravate people").sentiment()).isLessThan(-0.2);
        assertThat(SCORER.score("an exhilarating ride").sentiment()).isGreaterThan(0.4);
    }

    @Test
    void mockeryAndSleeplessnessAreNegativePhrases() {
        Scores mocked = SCORER.score("They made fun of my haircut");
        assertThat(mocked.sentiment()).isLessThan(-0.2);
        assertThat(mocked.emotions().joy()).isZero();
        assertThat(mocked.emotions().sadness()).isGreaterThan(0.2);
        assertThat(SCORER.score("Can't sleep again").sentiment()).isLessThan(-0.2);
        Scores sc = SCORER.score("Love being made fun of");
        assertThat(causes(sc, "sarcasm")).contains("cue:love being");
        assertThat(sc.sarcasm()).isGreaterThanOrEqualTo(0.5);
    }
}
