package io.earshot.escalation.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.contracts.events.Distress;
import io.earshot.contracts.events.DistressKind;
import io.earshot.contracts.events.Emotions;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.escalation.Fixtures;
import io.earshot.platform.http.Problem;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RuleEngineTest {
    static RuleDefinition.Conditions when() {
        return new RuleDefinition.Conditions(null, null, null, null, null, null, null, null, null, null, null, null,
                null);
    }

    static Rule rule(String name, int position, RuleDefinition.Conditions c, String queue, String band) {
        return new Rule(UUID.randomUUID(), name, 3, position, true, new RuleDefinition(c, new RuleDefinition.Action(
                queue, band)),
                "test", null);
    }

    static Fixtures.M m() {
        return new Fixtures.M("acme");
    }

    @Test
    void everyConditionCanRejectAMention() {
        RuleDefinition.Conditions all = new RuleDefinition.Conditions(-0.5, -1.0, Map.of("anger", 0.5), 0.3,
                null, 0.2, 0.9, List.of("billing"), List.of("reddit"), List.of("acme"), 1000L, true, List.of("refund"));
        RuleDefinition d = new RuleDefinition(all, new RuleDefinition.Action("care", "P2"));
        Fixtures.M ok = m();
        ok.sentiment = -0.7;
        ok.emotions = new Emotions(0.6, 0, 0, 0, 0, 0);
        ok.urgency = 0.4;
        ok.sarcasm = 0.5;
        ok.topics = List.of("billing", "app");
        ok.followers = 5000;
        ok.verified = true;
        ok.text = "I want a REFUND now";
        assertThat(d.matches(ok.build())).isTrue();

        List<java.util.function.Consumer<Fixtures.M>> breakers = List.of(
                x -> x.sentiment = -0.4, x -> x.emotions = new Emotions(0.4, 0, 0, 0, 0, 0), x -> x.urgency = 0.2,
                x -> x.sarcasm = 0.1, x -> x.sarcasm = 0.95, x -> x.topics = List.of("app"), x -> x.source = "mastodon",
                x -> x.brand = "other", x -> x.followers = 999, x -> x.verified = false,
                x -> x.text = "money back please");
        for (var breaker : breakers) {
            Fixtures.M x = m();
            x.sentiment = ok.sentiment;
            x.emotions = ok.emotions;
            x.urgency = ok.urgency;
            x.sarcasm = ok.sarcasm;
            x.topics = ok.topics;
            x.followers = ok.followers;
            x.verified = ok.verified;
            x.text = ok.text;
            breaker.accept(x);
            assertThat(d.matches(x.build())).as("one condition broken").isFalse();
        }
    }

    @Test
    void validationNamesEachBadField() {
        RuleDefinition.Conditions bad = new RuleDefinition.Conditions(-2.0, null, Map.of("rage", 0.5), 1.5,
                List.of("none"), null, null, List.of(), null, null, -1L, null, null);
        List<Problem.FieldError> errors = new RuleDefinition(bad, new RuleDefinition.Action("Care Queue", "P9"))
                .validate("");
        assertThat(errors).extracting(Problem.FieldError::field).contains("conditions.sentimentAtMost",
                "conditions.emotionsAtLeast.rage", "conditions.urgencyAtLeast", "conditions.distressKinds",
                "conditions.topicsAny", "conditions.minFollowers", "action.queue", "action.priority");
        assertThat(new RuleDefinition(when(), new RuleDefinition.Action("care", "P1")).validate(""))
                .extracting(Problem.FieldError::field).containsExactly("conditions");
        assertThat(new RuleDefinition(null, null).validate("rule.")).extracting(Problem.FieldError::field)
                .containsExactly("rule.conditions", "rule.action");
    }

    /** Angry and urgent: the milder rule comes first, but the more urgent band wins, and the reason names both. */
    @Test
    void theMostUrgentMatchingRuleWinsWhateverItsPosition() {
        RuleDefinition.Conditions negative = new RuleDefinition.Conditions(-0.5, null, null, null, null, null, null,
                null,
                null, null, null, null, null);
        RuleDefinition.Conditions urgent = new RuleDefinition.Conditions(null, null, null, 0.7, null, null, null, null,
                null, null, null, null, null);
        RuleDefinition.Conditions alsoNegative = new RuleDefinition.Conditions(-0.6, null, null, null, null, null, null,
                null,
                null, null, null, null, null);
        List<Rule> rules = RuleEngine.ordered(List.of(rule("negative", 10, negative, "care", "P3"),
                rule("urgent", 50, urgent, "urgent", "P2"), rule("negative-late", 60, alsoNegative, "other", "P3")));
        Fixtures.M angryUrgent = m();
        angryUrgent.sentiment = -0.86;
        angryUrgent.urgency = 0.87;
        Decision d = RuleEngine.decide(angryUrgent.build(), rules).orElseThrow();
        assertThat(d.rule()).isEqualTo("urgent");
        assertThat(d.queue()).isEqualTo("urgent");
        assertThat(d.band()).isEqualTo("P2");
        assertThat(d.reason()).contains("also matched: negative (P3), negative-late (P3)");
        // equal bands: rule order breaks the tie
        Fixtures.M angry = m();
        angry.sentiment = -0.86;
        Decision tie = RuleEngine.decide(angry.build(), rules).orElseThrow();
        assertThat(tie.rule()).isEqualTo("negative");
        assertThat(tie.reason()).contains("also matched: negative-late (P3)");
    }

    @Test
    void aRuleOnPersonalDataIsAPrivateFollowUpNamingTheKinds() {
        RuleDefinition.Conditions disclosure = new RuleDefinition.Conditions(null, null, null, null, null, null, null,
                null, null, null, null, null, List.of("email me"), List.of("email", "phone"));
        RuleDefinition.Conditions negative = new RuleDefinition.Conditions(-0.5, null, null, null, null, null, null,
                null,
                null, null, null, null, null);
        List<Rule> rules = RuleEngine.ordered(List.of(rule("negative", 10, negative, "care", "P3"),
                rule("private", 15, disclosure, "private", "P2")));
        Fixtures.M asks = m();
        asks.sentiment = 0.0;
        asks.text = "My order never arrived, please email me at [EMAIL]";
        asks.pii = List.of("email");
        Decision d = RuleEngine.decide(asks.build(), rules).orElseThrow();
        assertThat(d.queue()).isEqualTo("private");
        assertThat(d.neverAutoAnswer()).isTrue();
        assertThat(d.reason()).contains("personal data redacted: email");

        // The same words without redacted personal data, or with another kind, are no disclosure.
        asks.pii = List.of();
        assertThat(RuleEngine.decide(asks.build(), rules)).isEmpty();
        asks.pii = List.of("card");
        assertThat(RuleEngine.decide(asks.build(), rules)).isEmpty();
        // Any other rule keeps the ordinary lane.
        Fixtures.M angry = m();
        angry.sentiment = -0.8;
        assertThat(RuleEngine.decide(angry.build(), rules).orElseThrow().neverAutoAnswer()).isFalse();

        assertThat(new RuleDefinition(new RuleDefinition.Conditions(null, null, null, null, null, null, null, null,
                null,
                null, null, null, null, List.of("passport")), new RuleDefinition.Action("private", "P2")).validate(""))
                .extracting(Problem.FieldError::field).containsExactly("conditions.piiKindsAny");
    }

    @Test
    void theFirstMatchingRuleByPositionWins() {
        RuleDefinition.Conditions negative = new RuleDefinition.Conditions(-0.5, null, null, null, null, null, null,
                null,
                null, null, null, null, null);
        RuleDefinition.Conditions loud = new RuleDefinition.Conditions(-0.3, null, null, null, null, null, null, null,
                null, null, 10_000L, null, null);
        List<Rule> rules = RuleEngine.ordered(List.of(rule("negative", 50, negative, "care", "P3"),
                rule("loud", 10, loud, "vip", "P2")));
        Fixtures.M small = m();
        small.sentiment = -0.8;
        assertThat(RuleEngine.decide(small.build(), rules)).map(Decision::queue).contains("care");
        Fixtures.M big = m();
        big.sentiment = -0.8;
        big.followers = 50_000;
        Decision d = RuleEngine.decide(big.build(), rules).orElseThrow();
        assertThat(d.queue()).isEqualTo("vip");
        assertThat(d.band()).isEqualTo("P2");
        assertThat(d.rule()).isEqualTo("loud");
        assertThat(d.ruleVersion()).isEqualTo(3);
        assertThat(d.neverAutoAnswer()).isFalse();
        Fixtures.M calm = m();
        calm.sentiment = 0.2;
        assertThat(RuleEngine.decide(calm.build(), rules)).isEmpty();
    }

    @Test
    void distressAlwaysGoesToAHumanQueueEvenWithoutOrAgainstRules() {
        Fixtures.M sad = m();
        sad.sentiment = 0.4;
        sad.distress = new Distress(DistressKind.self_harm, 0.7);
        ScoredMention s = sad.build();
        Decision none = RuleEngine.decide(s, List.of()).orElseThrow();
        assertThat(none.queue()).isEqualTo("distress");
        assertThat(none.neverAutoAnswer()).isTrue();
        assertThat(none.band()).isEqualTo("P1");
        // A rule without distress kinds that would route positive posts elsewhere does not take distress.
        RuleDefinition.Conditions positive = new RuleDefinition.Conditions(null, 0.0, null, null, null, null, null,
                null,
                null, null, null, null, null);
        assertThat(RuleEngine.decide(s, List.of(rule("praise", 1, positive, "marketing", "P4"))))
                .map(Decision::queue).contains("distress");
        // A rule naming the distress kind may choose which human queue, still P1 and never auto-answered.
        RuleDefinition.Conditions legal = new RuleDefinition.Conditions(null, null, null, null, List.of("legal"), null,
                null, null, null, null, null, null, null);
        Fixtures.M lawyer = m();
        lawyer.distress = new Distress(DistressKind.legal, 0.8);
        Decision d = RuleEngine.decide(lawyer.build(), List.of(rule("legal", 1, legal, "legal", "P3"))).orElseThrow();
        assertThat(d.queue()).isEqualTo("legal");
        assertThat(d.band()).isEqualTo("P1");
        assertThat(d.neverAutoAnswer()).isTrue();
        assertThat(RuleEngine.decide(s, List.of(rule("legal", 1, legal, "legal", "P3")))).map(Decision::queue)
                .contains("distress");
    }

    @Test
    void aDryRunReportsWhatWouldChange() {
        RuleDefinition.Conditions negative = new RuleDefinition.Conditions(-0.5, null, null, null, null, null, null,
                null,
                null, null, null, null, null);
        List<Rule> current = RuleEngine.ordered(List.of(rule("negative", 50, negative, "care", "P3")));
        RuleRequest candidate = new RuleRequest("billing", 5, true, new RuleDefinition.Conditions(null, null, null,
                null,
                null, null, null, List.of("billing"), null, null, null, null, null), new RuleDefinition.Action(
                        "billing", "P2"));
        Fixtures.M a = m();
        a.topics = List.of("billing");
        a.sentiment = 0.1;
        Fixtures.M b = m();
        b.sentiment = -0.9;
        Fixtures.M c = m();
        c.sentiment = 0.5;
        RuleResource.DryRun run = RuleResource.replay(current, candidate, List.of(a.build(), b.build(), c.build()));
        assertThat(run.evaluated()).isEqualTo(3);
        assertThat(run.escalated()).isEqualTo(2);
        assertThat(run.changed()).isEqualTo(1);
        assertThat(run.items()).hasSize(2);
        assertThat(run.items().get(0).current()).isNull();
        assertThat(run.items().get(0).proposed().queue()).isEqualTo("billing");
        assertThat(run.items().get(1).changed()).isFalse();
        assertThat(Optional.ofNullable(run.items().get(1).proposed()).map(RuleResource.Outcome::queue)).contains(
                "care");
    }
}
