package io.earshot.sentiment.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.contracts.events.Explanation;
import io.earshot.contracts.events.Scores;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Urgency cues: time pressure, service loss, repeated contact, escalation; calm language damps. */
class ScorerUrgencyTest {
    static final Scorer SCORER = new Scorer();

    static List<String> causes(Scores scores) {
        return scores.explanation().stream().filter(e -> e.score().equals("urgency")).map(Explanation::cause)
                .toList();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            // time pressure
            "I need this sorted asap | time_pressure:asap",
            "Fix it immediately please | time_pressure:immediately",
            "I need a callback right now | time_pressure:right now",
            "still waiting for my engineer | time_pressure:still waiting",
            "no broadband for days | time_pressure:for days",
            "been on the phone for 2 hours | time_pressure:<num> hours",
            "waited three days for a reply | time_pressure:<num> days",
            "nobody has replied since yesterday | time_pressure:since yesterday",
            // service loss
            "there is an outage in my area | service_loss:outage",
            "your website is down | service_loss:is down",
            "I can't log in to my account | service_loss:can't log in",
            "no internet in the whole building | service_loss:no internet",
            "you charged twice for the same order | service_loss:charged twice",
            "the app keeps crashing | service_loss:keeps crashing",
            "my package never arrived | service_loss:never arrived",
            // repeated contact
            "I have called 5 times about this | repeat_contact:called <num> times",
            "this is the third time I'm asking | repeat_contact:third time",
            "my internet dropped again | repeat_contact:again",
            "I keep asking again and again | repeat_contact:again and again",
            "I was transferred again | repeat_contact:transferred again",
            // escalation
            "I'm going to cancel my contract | escalation:cancel my",
            "I'm calling my lawyer | escalation:lawyer",
            "reporting this to the regulator | escalation:regulator",
            "I will go to the press with this | escalation:go to the press",
            "I will sue | escalation:sue",
            "complaint goes to the ombudsman tomorrow | escalation:ombudsman",
            "I'll just do a chargeback | escalation:chargeback",
            "I want to speak to a manager | escalation:speak to a manager",
    })
    void eachCueRaisesUrgencyAndIsExplained(String text, String cause) {
        Scores sc = SCORER.score(text);
        assertThat(sc.urgency()).as(text).isGreaterThanOrEqualTo(0.2);
        assertThat(causes(sc)).as(text).contains(cause);
    }

    @Test
    void calmTextHasNoUrgency() {
        assertThat(SCORER.score("Lovely weather for a walk").urgency()).isZero();
        assertThat(SCORER.score("I like the new logo").urgency()).isZero();
    }

    @Test
    void cuesAccumulateButStayBelowOne() {
        double one = SCORER.score("the internet is down").urgency();
        double two = SCORER.score("the internet is down again, I need it fixed asap").urgency();
        double many = SCORER.score("Internet is down AGAIN, third time this week, called 5 times, still waiting, "
                + "fix it asap or I cancel and call my lawyer!!!").urgency();
        assertThat(two).isGreaterThan(one);
        assertThat(many).isGreaterThan(two).isGreaterThan(0.9).isLessThanOrEqualTo(1.0);
    }

    @Test
    void repeatedCueCountsOnce() {
        assertThat(SCORER.score("again again again again").urgency())
                .isEqualTo(SCORER.score("again").urgency());
    }

    @Test
    void calmLanguageDamps() {
        assertThat(SCORER.score("the app is down, no rush though").urgency())
                .isLessThan(SCORER.score("the app is down").urgency());
        assertThat(SCORER.score("not urgent, but can you check my bill").urgency()).isZero();
    }

    @Test
    void angryEmphasisAddsALittle() {
        assertThat(SCORER.score("This is TERRIBLE service!!").urgency())
                .isGreaterThan(SCORER.score("This is terrible service").urgency());
    }

    @Test
    void safetyDistressMakesItUrgent() {
        Scores sc = SCORER.score("I can smell gas in the hallway");
        assertThat(sc.urgency()).isGreaterThan(0.7);
        assertThat(causes(sc)).contains("distress:safety");
    }
}
