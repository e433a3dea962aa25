package io.earshot.escalation.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.contracts.events.Distress;
import io.earshot.contracts.events.DistressKind;
import io.earshot.contracts.events.Emotions;
import io.earshot.contracts.events.Scores;
import io.earshot.contracts.events.SentimentLabel;
import io.earshot.escalation.conversations.TrajectoryAssessor.Assessment;
import io.earshot.escalation.conversations.TrajectoryAssessor.Turn;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrajectoryAssessorTest {
    final TrajectoryAssessor assessor = new TrajectoryAssessor();

    static Turn customer(String id, String text, double sentiment) {
        return new Turn(id, false, text, new Scores(sentiment, sentiment < 0
                ? SentimentLabel.negative
                : SentimentLabel.neutral,
                Emotions.NONE, 0, Distress.NONE, 0, List.of(), List.of()));
    }

    static Turn bot(String id, String text) {
        return new Turn(id, true, text, null);
    }

    @Test
    void anExplicitRequestForAHumanHandsOffAtThatTurn() {
        Assessment a = assessor.assess(List.of(customer("1", "Hi, my bag did not arrive", -0.2),
                bot("2", "I can help with baggage. What is your file reference?"),
                customer("3", "Can I speak to a real person please", 0.0)), 1.0, "skyair", "@ann");
        assertThat(a.handOff()).isTrue();
        assertThat(a.atTurnId()).isEqualTo("3");
        assertThat(a.signals()).extracting(TrajectoryAssessor.Signal::kind).contains(TrajectoryAssessor.HUMAN_REQUEST);
        assertThat(a.suggestedOpening()).contains("ann").contains("skyair").contains("won't need to repeat");
        assertThat(a.summary()).contains("human_request").contains("turn 3");
    }

    @Test
    void distressHandsOffAtOnceWhateverCameBefore() {
        Turn distressed = new Turn("2", false, "I can't go on anymore", new Scores(-0.6, SentimentLabel.negative,
                Emotions.NONE, 0.5, new Distress(DistressKind.self_harm, 0.9), 0, List.of(), List.of()));
        Assessment a = assessor.assess(List.of(customer("1", "hello", 0.1), distressed), 1.0, "bank", null);
        assertThat(a.handOff()).isTrue();
        assertThat(a.atTurnId()).isEqualTo("2");
        assertThat(a.triggeringTurnIds()).containsExactly("2");
        assertThat(a.suggestedOpening()).contains("safe");
    }

    @Test
    void frustrationRepetitionAndBotFallbacksAddUpOverTurns() {
        List<Turn> turns = List.of(customer("1", "I need to change my flight to Friday", 0.0),
                bot("2", "Sorry, I didn't understand that. Could you rephrase?"),
                customer("3", "I need to change my flight to Friday please", 0.0),
                bot("4", "Sorry, I didn't understand that. Could you rephrase?"),
                customer("5", "I already said it twice. Change my flight to Friday!!!", -0.6));
        // The bot failing a second time, word for word, on a question the customer already repeated is enough.
        Assessment a = assessor.assess(turns, 1.0, "skyair", null);
        assertThat(a.handOff()).isTrue();
        assertThat(a.atTurnId()).isEqualTo("4");
        assertThat(a.signals()).extracting(TrajectoryAssessor.Signal::kind).contains(TrajectoryAssessor.BOT_FALLBACK,
                TrajectoryAssessor.REPETITION, TrajectoryAssessor.BOT_LOOP);
        assertThat(a.triggeringTurnIds()).containsExactly("2", "3", "4");
        // One failure and one repetition are not.
        assertThat(assessor.assess(turns.subList(0, 3), 1.0, "skyair", null).handOff()).isFalse();
        // Without the bot's loop, the customer's frustration at turn 5 tips it.
        List<Turn> patient = List.of(turns.get(0), turns.get(1), turns.get(2),
                bot("4", "Which booking reference is it about?"), turns.get(4));
        Assessment later = assessor.assess(patient, 1.0, "skyair", null);
        assertThat(later.atTurnId()).isEqualTo("5");
        assertThat(later.signals()).extracting(TrajectoryAssessor.Signal::kind).contains(
                TrajectoryAssessor.FRUSTRATION);
    }

    @Test
    void aSmoothConversationStaysWithTheBotAndSaysWhy() {
        Assessment a = assessor.assess(List.of(customer("1", "What time does the store open on Sunday?", 0.0),
                bot("2", "We open at 10am on Sundays."), customer("3", "Great, thanks a lot!", 0.8)), 1.0, "shop",
                null);
        assertThat(a.handOff()).isFalse();
        assertThat(a.suggestedOpening()).isNull();
        assertThat(a.score()).isLessThan(1.0);
        assertThat(a.atTurnId()).isEqualTo("3");
    }

    @Test
    void theThresholdDecidesAndDecliningSentimentCounts() {
        List<Turn> turns = new ArrayList<>(List.of(customer("1", "My internet is slow today", -0.1),
                bot("2", "Let's run a line test. Please restart your router."),
                customer("3", "Restarted, it is even worse now and I have a meeting", -0.6),
                bot("4", "Please restart your router."),
                customer("5", "This is terrible, nothing works", -0.8)));
        Assessment strict = assessor.assess(turns, 3.0, "tel", null);
        Assessment lenient = assessor.assess(turns, 0.8, "tel", null);
        assertThat(strict.handOff()).isFalse();
        assertThat(lenient.handOff()).isTrue();
        assertThat(lenient.signals()).extracting(TrajectoryAssessor.Signal::kind).contains(TrajectoryAssessor.DECLINE);
    }

    @Test
    void sayingNoHumanIsNeededIsNoRequestForOne() {
        Assessment a = assessor.assess(List.of(customer("1",
                "No need to talk to an agent, I just want the opening hours", 0.0)),
                1.0, "shop", null);
        assertThat(a.signals()).extracting(TrajectoryAssessor.Signal::kind).doesNotContain(
                TrajectoryAssessor.HUMAN_REQUEST);
        assertThat(a.handOff()).isFalse();
    }

    @Test
    void thresholdsPerBrandAndChannel() {
        HandoffSettings s = new HandoffSettings() {
            public double threshold() {
                return 1.0;
            }

            public java.util.Optional<List<String>> thresholds() {
                return java.util.Optional.of(List.of("acme/voice=0.5", "acme=0.8", "*/whatsapp=1.4"));
            }

            public String queue() {
                return "care";
            }

            public String band() {
                return "P2";
            }
        };
        assertThat(s.thresholdFor("acme", "voice")).isEqualTo(0.5);
        assertThat(s.thresholdFor("ACME", "web")).isEqualTo(0.8);
        assertThat(s.thresholdFor("other", "whatsapp")).isEqualTo(1.4);
        assertThat(s.thresholdFor("other", "web")).isEqualTo(1.0);
    }
}
