package io.earshot.map.personas;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.map.personas.PersonaMatcher.Candidate;
import io.earshot.map.personas.PersonaMatcher.MentionFacts;
import io.earshot.map.personas.PersonaStore.Rules;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Persona matching semantics: any-of within a rule kind, all-of across the kinds a persona uses. */
class PersonaMatcherTest {
    static MentionFacts facts(String source, List<String> topics, String text, String tier) {
        return new MentionFacts(UUID.randomUUID(), source, topics, text, tier);
    }

    static Rules rules(List<String> topics, List<String> sources, List<String> keywords, List<String> tiers) {
        return new Rules(topics, sources, keywords, tiers);
    }

    @Test
    void anyEntryOfAKindSatisfiesItAndEveryKindUsedMustBeSatisfied() {
        MentionFacts m = facts("mastodon", List.of("Billing", "Outage"), "double charged again", "gold");
        assertThat(PersonaMatcher.matches(rules(List.of("shipping", "billing"), null, null, null), m)).isTrue();
        assertThat(PersonaMatcher.matches(rules(List.of("shipping"), null, null, null), m)).isFalse();
        assertThat(PersonaMatcher.matches(rules(List.of("billing"), List.of("reddit", "MASTODON"), null, null), m))
                .isTrue();
        assertThat(PersonaMatcher.matches(rules(List.of("billing"), List.of("reddit"), null, null), m)).isFalse();
        assertThat(PersonaMatcher.matches(rules(List.of("billing"), List.of("mastodon"), List.of("charged"), List.of(
                "Gold")), m))
                .isTrue();
        assertThat(PersonaMatcher.matches(rules(List.of("billing"), List.of("mastodon"), List.of("charged"), List.of(
                "silver")), m))
                .isFalse();
    }

    @Test
    void aPersonaWithoutRulesMatchesNothingAndAnUnknownTierNeverSatisfiesATierRule() {
        MentionFacts m = facts("mastodon", List.of("Billing"), "hello", null);
        assertThat(PersonaMatcher.matches(rules(null, null, null, null), m)).isFalse();
        assertThat(PersonaMatcher.matches(rules(null, null, null, List.of("gold")), m)).isFalse();
        assertThat(PersonaMatcher.matches(rules(List.of("billing"), null, null, List.of("gold")), m)).isFalse();
        assertThat(PersonaMatcher.matches(rules(null, List.of("mastodon"), null, null), facts(null, null, null, null)))
                .isFalse();
    }

    @Test
    void keywordsMatchWholeWordsAndPhrasesInOrderOutsideUrlsAndHandles() {
        Rules refund = rules(null, null, List.of("refund"), null);
        assertThat(PersonaMatcher.matches(refund, facts("x", null, "I want a Refund!", null))).isTrue();
        assertThat(PersonaMatcher.matches(refund, facts("x", null, "#refund please", null))).isTrue();
        assertThat(PersonaMatcher.matches(refund, facts("x", null, "they refunded me", null))).isFalse();
        assertThat(PersonaMatcher.matches(refund, facts("x", null, "see https://shop.example/refund now", null)))
                .isFalse();
        assertThat(PersonaMatcher.matches(refund, facts("x", null, "ask @refund about it", null))).isFalse();
        assertThat(PersonaMatcher.matches(refund, facts("x", null, null, null))).isFalse();
        Rules phrase = rules(null, null, List.of("Double  charged"), null);
        assertThat(PersonaMatcher.matches(phrase, facts("x", null, "I was double-charged twice", null))).isTrue();
        assertThat(PersonaMatcher.matches(phrase, facts("x", null, "charged double", null))).isFalse();
        assertThat(PersonaMatcher.matches(rules(null, null, List.of("café"), null), facts("x", null,
                "Le CAFÉ est froid", null)))
                .isTrue();
    }

    @Test
    void aCandidateGoesToEveryPersonaMatchingAnyOfItsMentionsInNameOrder() {
        List<Candidate> personas = List.of(
                new Candidate("zeta", rules(null, List.of("reddit"), null, null)),
                new Candidate("alpha", rules(List.of("billing"), null, null, null)),
                new Candidate("manual", rules(null, null, null, null)),
                new Candidate("gold", rules(null, null, null, List.of("gold"))));
        List<MentionFacts> mentions = List.of(facts("mastodon", List.of("billing"), "x", null),
                facts("reddit", List.of(), "y", null));
        assertThat(PersonaMatcher.match(personas, mentions)).containsExactly("alpha", "zeta");
        assertThat(PersonaMatcher.match(personas, List.of())).isEmpty();
        assertThat(PersonaMatcher.match(personas, List.of(facts("hn", List.of(), "z", "silver")))).isEmpty();
    }
}
