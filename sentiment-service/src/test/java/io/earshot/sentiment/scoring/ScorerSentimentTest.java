package io.earshot.sentiment.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.earshot.contracts.events.Explanation;
import io.earshot.contracts.events.Scores;
import io.earshot.contracts.events.SentimentLabel;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Polarity rules: lexicon, negation, boosters, contrast, caps, punctuation, elongation, emoji, hashtags, labels. */
class ScorerSentimentTest {
    static final Scorer SCORER = new Scorer();

    static double s(String text) {
        return SCORER.score(text).sentiment();
    }

    static List<String> causes(Scores scores, String score) {
        return scores.explanation().stream().filter(e -> e.score().equals(score)).map(Explanation::cause).toList();
    }

    @Test
    void modelVersionIsPublished() {
        assertThat(Scorer.MODEL_VERSION).isEqualTo("lexicon-0.2+linear-1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"I love this app", "Great service, thank you!", "awesome support, very helpful",
            "this is the best phone ever", "Thanks for the quick refund, much appreciated"})
    void positiveBasics(String text) {
        Scores sc = SCORER.score(text);
        assertThat(sc.sentiment()).isGreaterThan(0.3);
        assertThat(sc.label()).isEqualTo(SentimentLabel.positive);
    }

    @ParameterizedTest
    @ValueSource(strings = {"This is terrible", "worst customer service ever", "the app is slow and buggy",
            "what a scam, I want my money back", "this update sucks", "total waste of money"})
    void negativeBasics(String text) {
        Scores sc = SCORER.score(text);
        assertThat(sc.sentiment()).isLessThan(-0.3);
        assertThat(sc.label()).isEqualTo(SentimentLabel.negative);
    }

    @Test
    void neutralTextIsNeutral() {
        Scores sc = SCORER.score("The store opens at 9 on Monday");
        assertThat(sc.sentiment()).isZero();
        assertThat(sc.label()).isEqualTo(SentimentLabel.neutral);
        // no lexicon cue at all; only the trained model explains its own (neutral) decision
        assertThat(sc.explanation()).allMatch(e -> e.score().endsWith(".model"));
        assertThat(sc.explanation()).anyMatch(e -> e.score().equals(Scorer.MODEL_SENTIMENT)
                && e.cause().equals("p(neutral)") && e.delta() > 0.5);
    }

    @Test
    void compoundFollowsTheNormalisationFormula() {
        // a single lexicon word: compound = v / sqrt(v^2 + 15), rounded to 4 decimals
        double v = Lexicon.shared().get("great").valence;
        assertThat(s("great")).isCloseTo(v / Math.sqrt(v * v + 15), within(1e-4));
        assertThat(SCORER.score("great").explanation()).filteredOn(e -> e.score().equals("sentiment"))
                .containsExactly(new Explanation("sentiment", "great", v));
    }

    @Test
    void negationFlips() {
        assertThat(s("not good")).isLessThan(0);
        assertThat(s("this is not good")).isLessThan(0);
        assertThat(s("it isn't good")).isLessThan(0);
        assertThat(s("it wasnt good")).isLessThan(0);
        assertThat(s("never happy with this")).isLessThan(0);
        assertThat(s("no problem at all")).isGreaterThan(0);
        assertThat(s("I don't hate it")).isGreaterThan(s("I hate it"));
        assertThat(causes(SCORER.score("not good"), "sentiment")).contains("negation:not good");
    }

    @Test
    void negationScopeIsAboutThreeTokens() {
        assertThat(s("not a good idea")).isLessThan(0);
        assertThat(s("I don't think it's good")).isLessThan(0); // "don't" is 3 tokens before "good"
        assertThat(s("I don't think that it is good")).isGreaterThan(0); // 5 tokens: out of scope
        assertThat(s("not at all, the food was good")).isGreaterThan(0); // a clause boundary stops negation
        assertThat(s("not bad but good")).isGreaterThan(0); // so does "but"
    }

    @Test
    void hardlyAndContractionsNegate() {
        assertThat(s("hardly helpful")).isLessThan(0);
        assertThat(s("it shouldn't be this good")).isLessThan(s("it should be this good"));
    }

    @Test
    void boostersAndDampeners() {
        assertThat(s("The service is very good")).isGreaterThan(s("The service is good"));
        assertThat(s("The service is extremely bad")).isLessThan(s("The service is bad"));
        assertThat(s("The service is kinda good")).isLessThan(s("The service is good")).isGreaterThan(0);
        assertThat(s("The service is slightly bad")).isGreaterThan(s("The service is bad")).isLessThan(0);
        assertThat(causes(SCORER.score("very good"), "sentiment")).contains("booster:very good");
    }

    @Test
    void contrastWeighsTheClauseAfterBut() {
        assertThat(s("the app is great but support is awful")).isLessThan(0);
        assertThat(s("the app is awful but support is great")).isGreaterThan(0);
        assertThat(s("Although the app is great, support is awful")).isLessThan(0);
        assertThat(causes(SCORER.score("the app is great but support is awful"), "sentiment"))
                .contains("contrast:but");
    }

    @Test
    void allCapsEmphasisesInMixedCaseText() {
        assertThat(s("The app is GREAT")).isGreaterThan(s("The app is great"));
        assertThat(s("The app is TERRIBLE")).isLessThan(s("The app is terrible"));
        assertThat(causes(SCORER.score("The app is GREAT"), "sentiment")).contains("caps:GREAT");
        // all-caps text has no emphasis to give
        assertThat(s("THE APP IS GREAT")).isEqualTo(s("the app is great"));
    }

    @Test
    void exclamationMarksAmplify() {
        assertThat(s("Great!")).isGreaterThan(s("Great"));
        assertThat(s("Great!!!")).isGreaterThan(s("Great!"));
        assertThat(s("Terrible!!")).isLessThan(s("Terrible"));
        // capped at four
        assertThat(s("Great!!!!!!!!")).isEqualTo(s("Great!!!!"));
        assertThat(causes(SCORER.score("Great!!"), "sentiment")).contains("exclamation:!!");
    }

    @Test
    void elongationIsNormalisedAndEmphasised() {
        assertThat(s("I looooove this")).isGreaterThan(s("I love this"));
        assertThat(s("this is baaaaad")).isLessThan(0);
        assertThat(s("this is sooooo good")).isGreaterThan(s("this is so good"));
        assertThat(causes(SCORER.score("I looooove this"), "sentiment")).contains("love", "elongation:love");
    }

    @Test
    void emojiAndEmoticonsCarryValence() {
        assertThat(s("😡")).isLessThan(0);
        assertThat(s("🤬🤬")).isLessThan(-0.5);
        assertThat(s("😭")).isLessThan(0);
        assertThat(s("😢")).isLessThan(0);
        assertThat(s("👎")).isLessThan(0);
        assertThat(s("❤️")).isGreaterThan(0);
        assertThat(s("❤")).isEqualTo(s("❤️")); // variation selector ignored
        assertThat(s("👍🏽")).isGreaterThan(0); // skin tone ignored
        assertThat(s("😂")).isGreaterThan(0);
        assertThat(s("🔥")).isGreaterThan(0);
        assertThat(s(":)")).isGreaterThan(0);
        assertThat(s(":-D")).isGreaterThan(0);
        assertThat(s("<3")).isGreaterThan(0);
        assertThat(s(":(")).isLessThan(0);
        assertThat(s("meeting at 10:30 today")).isZero(); // a time is not an emoticon
        assertThat(causes(SCORER.score("my order arrived 😡"), "sentiment")).contains("😡");
    }

    @Test
    void hashtagsAreSplitIntoWords() {
        assertThat(s("#EpicFail")).isLessThan(0);
        assertThat(causes(SCORER.score("#EpicFail"), "sentiment")).contains("epic fail");
        assertThat(s("#worstserviceever")).isLessThan(0);
        assertThat(s("#NeverAgain")).isLessThan(0);
        assertThat(s("#LoveIt")).isGreaterThan(0);
    }

    @Test
    void slangIsKnown() {
        assertThat(s("this album is lit")).isGreaterThan(0);
        assertThat(s("she is the goat")).isGreaterThan(0);
        assertThat(s("meh")).isLessThan(0);
        assertThat(s("smh")).isLessThan(0);
        assertThat(s("this sucks")).isLessThan(0);
        assertThat(s("absolute trash")).isLessThan(0);
        assertThat(s("hahaha")).isGreaterThan(0);
        assertThat(s("hahahahahaha")).isGreaterThan(0);
    }

    @Test
    void phrasesWinOverTheirWords() {
        assertThat(s("this album is fire")).isGreaterThan(0);
        assertThat(s("the kitchen caught fire")).isLessThan(0);
        assertThat(s("this product is kind of slow")).isGreaterThan(s("this product is slow")); // "kind of" damps
        assertThat(s("I don't like the new layout")).isLessThan(0);
    }

    @Test
    void mixedLabelWhenBothSidesAreStrong() {
        Scores sc = SCORER.score("The food was good but the service was terrible. The staff were friendly though.");
        assertThat(sc.label()).isIn(SentimentLabel.mixed, SentimentLabel.negative);
        assertThat(SCORER.score("Love the camera, hate the battery").label()).isEqualTo(SentimentLabel.mixed);
    }

    @Test
    void explanationsCanBeSkipped() {
        Scores withEx = SCORER.score("the app is great but support is awful", true);
        Scores without = SCORER.score("the app is great but support is awful", false);
        assertThat(without.explanation()).isEmpty();
        assertThat(withEx.explanation()).isNotEmpty();
        assertThat(without.sentiment()).isEqualTo(withEx.sentiment());
        assertThat(without.label()).isEqualTo(withEx.label());
        assertThat(without.emotions()).isEqualTo(withEx.emotions());
    }

    @Test
    void explanationNamesTheTokensThatMovedTheScore() {
        Scores sc = SCORER.score("The refund was terrible");
        assertThat(sc.explanation()).contains(new Explanation("sentiment", "terrible",
                Lexicon.shared().get("terrible").valence));
        assertThat(causes(sc, "sentiment")).contains("refund");
    }

    @Test
    void nullAndEmptyAreNeutralZeros() {
        for (String text : new String[]{null, "", "   ", "\n\t", "...", "@someone", "https://example.com/x"}) {
            Scores sc = SCORER.score(text);
            assertThat(sc.sentiment()).as(String.valueOf(text)).isZero();
            assertThat(sc.label()).isEqualTo(SentimentLabel.neutral);
            assertThat(sc.urgency()).isZero();
            assertThat(sc.sarcasm()).isZero();
            assertThat(sc.distress().present()).isFalse();
            assertThat(sc.topics()).isEmpty();
            assertThat(sc.explanation()).isEmpty();
        }
    }

    @Test
    void urlsAndHandlesDoNotScore() {
        assertThat(s("@GreatService https://t.co/Awesome")).isZero();
        assertThat(s("www.greatdeals.com")).isZero();
    }
}
