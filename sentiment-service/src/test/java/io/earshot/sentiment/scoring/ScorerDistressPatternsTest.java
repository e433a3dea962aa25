package io.earshot.sentiment.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.earshot.contracts.events.Distress;
import io.earshot.contracts.events.DistressKind;
import io.earshot.contracts.events.Scores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Distress phrased without the obvious keywords (the patterns of {@code distress.tsv}), the "possible" tier, and the
 * hyperbole that must stay out. These sentences are written for this test: they are not copied from the benchmark's
 * held-aside test part ({@code benchmarks/distress/test.tsv}).
 */
class ScorerDistressPatternsTest {
    static final Scorer SCORER = new Scorer();

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(delimiter = '|', value = {
            "honestly there's no point in carrying on like this | self_harm",
            "my kids would be so much better off without me | self_harm",
            "they'd all be happier if i just wasn't here anymore | self_harm",
            "i hope i don't wake up tomorrow | self_harm",
            "i've been saving up my pills for a while now | self_harm",
            "nobody would even care if i disappeared | self_harm",
            "i'm sick of being alive tbh | self_harm",
            "i keep thinking about stepping in front of a train | self_harm",
            "wnat to die so bad | self_harm",
            "the toaster started smoking and the kitchen is full of it | safety",
            "smelled gas all night after the engineer visit | safety",
            "the phone battery went puffy and is bulging out of the case | safety",
            "no heating since monday and my mum is on oxygen at home | safety",
            "the step stool snapped and i fractured my ankle | safety",
            "your kettle lid flew off and scalded my hand | safety",
            "the courier grabbed me by the shoulder and wouldn't let me go | harassment",
            "your delivery driver keeps parking outside my house at night | harassment",
            "one of your technicians keeps messaging me since the visit | harassment",
            "lawyering up over this, unbelievable | legal",
            "we laid grandad to rest on friday and his account is still active | grief",
            "my sister is no longer with us, how do i close her account | grief",
    })
    void catchesDistressWithoutTheObviousKeywords(String text, DistressKind kind) {
        Scores sc = SCORER.score(text);
        assertThat(sc.distress().kind()).as(text).isEqualTo(kind);
        assertThat(sc.distress().present()).as(text).isTrue();
        assertThat(sc.explanation()).as(text)
                .anyMatch(e -> e.score().equals("distress") && e.cause().startsWith(kind.name() + ":"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "this release is killing me lol",
            "I'm dead 😂",
            "kill the process and restart the pod",
            "end it all with this plan: switch to us and save 20%",
            "i want to die of shame, replied all by mistake",
            "i'd die for a working wifi right now",
            "my battery died twice today",
            "my dad passed me the charger",
            "the fire deals this weekend are unreal",
            "we're on fire this season 🔥",
            "sue me but i like the new logo",
            "my lawyer friend swears by your app",
            "fell asleep on hold again",
            "harassing you guys for the discount code",
            "the driver was friendly and followed the instructions",
            "can't go on holiday without my phone",
            "this meeting will be the death of me",
    })
    void hyperboleIsNotDistress(String text) {
        Distress d = SCORER.score(text).distress();
        assertThat(d.present()).as(text + " -> " + d).isFalse();
    }

    @Test
    void aWeakSignalIsFlaggedPossibleAndStillPresent() {
        Distress d = SCORER.score("i can't take this anymore").distress();
        assertThat(d.kind()).isEqualTo(DistressKind.self_harm);
        assertThat(d.present()).isTrue();
        assertThat(d.tentative()).isTrue();
        assertThat(d.confidence()).isBetween(Scorer.DISTRESS_THRESHOLD, Scorer.DISTRESS_SURE);
    }

    @Test
    void aStrongSignalIsSure() {
        Distress d = SCORER.score("everyone would be better off if i was gone").distress();
        assertThat(d.kind()).isEqualTo(DistressKind.self_harm);
        assertThat(d.tentative()).isFalse();
        assertThat(d.possible()).isNull();
        assertThat(d.confidence()).isGreaterThanOrEqualTo(Scorer.DISTRESS_SURE);
    }

    @Test
    void twoWeakCuesMakeASureOne() {
        Distress one = SCORER.score("i feel like such a burden").distress();
        Distress two = SCORER.score("i feel like such a burden, my family would be better off").distress();
        assertThat(one.tentative()).isTrue();
        assertThat(two.kind()).isEqualTo(DistressKind.self_harm);
        assertThat(two.tentative()).isFalse();
    }

    @Test
    void theExplanationShowsTheMatchedWordsAndThePattern() {
        Scores sc = SCORER.score("honestly this town would be a happier place without me");
        assertThat(sc.explanation()).anyMatch(e -> e.score().equals("distress")
                && e.cause().equals("self_harm:happier place without me ~ better|happier|easier * without * me|us")
                && e.delta() > 0.5);
    }

    @Test
    void quotedWordsAreDiscounted() {
        assertThat(SCORER.score("i want to die").distress().present()).isTrue();
        Distress quoted = SCORER.score("\"i want to die\" is the worst song on that album").distress();
        assertThat(quoted.present()).isFalse();
    }

    @Test
    void laughterDiscountsUnlessTheWriterSaysTheyMeanIt() {
        assertThat(SCORER.score("lol kms this exam is tomorrow").distress().present()).isFalse();
        Distress earnest = SCORER.score("lol i want to die, not joking").distress();
        assertThat(earnest.kind()).isEqualTo(DistressKind.self_harm);
        assertThat(earnest.tentative()).isFalse();
    }

    @Test
    void aSuppressorOfOneKindLeavesTheOthers() {
        // "telling me to ..." is someone else's words: not self-harm, but the harassment stands
        Scores sc = SCORER.score("strangers keep telling me to die after your post");
        assertThat(sc.distress().kind()).isEqualTo(DistressKind.harassment);
    }

    @Test
    void badPatternsAreRejectedWhenTheLexiconLoads() {
        Lexicon lex = Lexicon.shared();
        DistressPatterns p = new DistressPatterns();
        assertThatThrownBy(() -> p.addPattern("self_harm", "* die", 0.5, lex)).hasMessageContaining("gap");
        assertThatThrownBy(() -> p.addPattern("self_harm", "@nosuch die", 0.5, lex)).hasMessageContaining("@nosuch");
        assertThatThrownBy(() -> p.addPattern("self_harm", "want die", 1.5, lex)).hasMessageContaining("range");
        assertThatThrownBy(() -> p.addPattern("nonsense", "want die", 0.5, lex))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(lex.distress.size()).isGreaterThan(100);
    }
}
