package io.earshot.sentiment.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.contracts.events.DistressKind;
import io.earshot.contracts.events.Explanation;
import io.earshot.contracts.events.Scores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Distress detection is tuned for recall: every kind, common phrasings, and the usual false friends. */
class ScorerDistressTest {
    static final Scorer SCORER = new Scorer();

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(delimiter = '|', value = {
            "I want to kill myself | self_harm",
            "honestly I just want to end it all | self_harm",
            "I don't want to live anymore | self_harm",
            "feeling suicidal tonight | self_harm",
            "I've started to self-harm again | self_harm",
            "everyone would be better off without me | self_harm",
            "There's a gas leak in my street | safety",
            "I can smell gas in the kitchen | safety",
            "strong smell of gas near the meter | safety",
            "the charger caught fire | safety",
            "sparks coming out of the socket | safety",
            "smoke pouring from the router | safety",
            "my son was injured by the heater | safety",
            "got an electric shock from the washing machine | safety",
            "carbon monoxide alarm keeps going off | safety",
            "the phone battery exploded | safety",
            "there is a fire in the building | safety",
            "I have instructed my lawyer | legal",
            "I will sue you | legal",
            "we are taking legal action | legal",
            "see you in court | legal",
            "my attorney will contact you | legal",
            "joining the class action lawsuit | legal",
            "your driver keeps harassing me | harassment",
            "one of your staff is stalking me | harassment",
            "your agent threatened me on the phone | harassment",
            "I got doxxed after your data leak | harassment",
            "the verbal abuse from your rep was awful | harassment",
            "my father passed away last month | grief",
            "my husband died and the account is in his name | grief",
            "we have the funeral on Friday | grief",
            "after the death of my mother | grief",
            "bereavement support please | grief",
            "closing my late wife's account | grief",
    })
    void detectsEachKind(String text, DistressKind kind) {
        Scores sc = SCORER.score(text);
        assertThat(sc.distress().kind()).as(text).isEqualTo(kind);
        assertThat(sc.distress().confidence()).as(text).isBetween(0.3, 1.0);
        assertThat(sc.explanation()).as(text).anyMatch(e -> e.score().equals("distress")
                && e.cause().startsWith(kind.name() + ":") && e.delta() > 0);
    }

    @Test
    void explanationNamesTheCue() {
        assertThat(SCORER.score("there's a gas leak").explanation())
                .contains(new Explanation("distress", "safety:gas leak", 0.95));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "I'm dying to try it lol",
            "this album is fire 🔥",
            "that new track is straight fire",
            "my phone died lol",
            "battery died again, great",
            "I died laughing at this ad",
            "what a rip off",
            "the Fire TV stick keeps buffering",
            "fire whoever designed this app",
            "this launch was a dumpster fire",
            "so sue me",
            "the food court was packed",
            "I love this phone",
            "",
    })
    void falseFriendsAreNotDistress(String text) {
        Scores sc = SCORER.score(text);
        assertThat(sc.distress().kind()).as(text).isEqualTo(DistressKind.none);
        assertThat(sc.distress().confidence()).isZero();
    }

    @Test
    void picksTheStrongestKind() {
        Scores sc = SCORER.score("my lawyer says the gas leak and the fire could have killed us");
        assertThat(sc.distress().kind()).isEqualTo(DistressKind.safety);
        assertThat(sc.explanation()).noneMatch(e -> e.score().equals("distress") && e.cause().startsWith("legal:"));
    }

    @Test
    void severalCuesRaiseConfidence() {
        double one = SCORER.score("there is smoke in the room").distress().confidence();
        double two = SCORER.score("there is smoke in the room and sparks from the plug").distress().confidence();
        assertThat(two).isGreaterThan(one);
    }

    @Test
    void weakCuesAloneStayBelowTheThreshold() {
        assertThat(SCORER.score("rip").distress().present()).isFalse();
        assertThat(SCORER.score("the battery is dead").distress().present()).isFalse();
    }
}
