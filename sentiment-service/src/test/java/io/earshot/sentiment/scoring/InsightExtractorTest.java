package io.earshot.sentiment.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.contracts.Ids;
import io.earshot.contracts.events.InsightCandidate;
import io.earshot.contracts.events.Mention;
import io.earshot.contracts.events.Zone;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Rule-based empathy-map candidates. */
class InsightExtractorTest {
    static final Scorer SCORER = new Scorer();
    static final InsightExtractor EXTRACTOR = new InsightExtractor(SCORER);
    static final Instant CREATED = Instant.parse("2025-03-01T10:15:30Z");

    static Mention mention(String externalId, String text) {
        return new Mention(Mention.SCHEMA_VERSION, Ids.mentionId("test", externalId), "test", externalId,
                "https://example.com/" + externalId, "Acme", List.of("acme"), null, text, "en", CREATED,
                CREATED.plusSeconds(5), null, null);
    }

    static List<InsightCandidate> extract(String text) {
        Mention m = mention("m1", text);
        return EXTRACTOR.extract(m, SCORER.score(text));
    }

    static Optional<InsightCandidate> zone(List<InsightCandidate> cs, Zone zone) {
        return cs.stream().filter(c -> c.zone() == zone).findFirst();
    }

    @Test
    void gainsFromAWish() {
        List<InsightCandidate> cs = extract("I wish the app had dark mode");
        InsightCandidate gain = zone(cs, Zone.GAINS).orElseThrow();
        assertThat(gain.text()).isEqualTo("I wish the app had dark mode");
        assertThat(gain.theme()).isEqualTo("app");
    }

    @Test
    void gainsFromWouldLoveUsesTheMainNounWithoutAnAspect() {
        InsightCandidate gain = zone(extract("Would love a family discount option"), Zone.GAINS).orElseThrow();
        assertThat(gain.theme()).isEqualTo("family");
    }

    @Test
    void doesFromCancelling() {
        List<InsightCandidate> cs = extract("I cancelled my subscription yesterday. Switched to a rival.");
        assertThat(cs).filteredOn(c -> c.zone() == Zone.DOES).extracting(InsightCandidate::theme)
                .containsExactly("cancellation", "switching");
        assertThat(zone(cs, Zone.DOES).orElseThrow().text()).isEqualTo("I cancelled my subscription yesterday.");
    }

    @Test
    void doesFromCallingSupportAndReturning() {
        assertThat(zone(extract("I called support 3 times about it"), Zone.DOES).orElseThrow().theme())
                .isEqualTo("support");
        assertThat(zone(extract("Returned the headphones, they broke in a week"), Zone.DOES).orElseThrow().theme())
                .isEqualTo("returns");
    }

    @Test
    void thinks() {
        InsightCandidate c = zone(extract("Is it worth upgrading to the premium plan?"), Zone.THINKS).orElseThrow();
        assertThat(c.theme()).isEqualTo("subscription");
        assertThat(zone(extract("I feel like the prices keep going up"), Zone.THINKS).orElseThrow().theme())
                .isEqualTo("price");
    }

    @Test
    void painsAndSaysAboutAnAspect() {
        List<InsightCandidate> cs = extract("Love the phone. Charged twice on my bill and support hung up on me!");
        InsightCandidate pain = zone(cs, Zone.PAINS).orElseThrow();
        assertThat(pain.theme()).isEqualTo("billing");
        assertThat(pain.text()).isEqualTo("Charged twice on my bill and support hung up on me!");
        InsightCandidate says = zone(cs, Zone.SAYS).orElseThrow();
        assertThat(says.text()).isEqualTo("Charged twice on my bill and support hung up on me!");
    }

    @Test
    void feelsTheDominantEmotion() {
        InsightCandidate feels = zone(extract("I am furious, the outage ruined my evening"), Zone.FEELS)
                .orElseThrow();
        assertThat(feels.text()).startsWith("Feels angry: ");
        assertThat(feels.theme()).isEqualTo("outage");
        assertThat(zone(extract("Thank you so much, Acme!"), Zone.FEELS).orElseThrow().text())
                .startsWith("Feels grateful: ");
    }

    @Test
    void candidateFieldsAndDeterministicIds() {
        Mention m = mention("m42", "I wish the app had dark mode");
        List<InsightCandidate> first = EXTRACTOR.extract(m, SCORER.score(m.text()));
        List<InsightCandidate> again = new InsightExtractor().extract(m, null);
        assertThat(again).isEqualTo(first);
        InsightCandidate c = zone(first, Zone.GAINS).orElseThrow();
        assertThat(c.id()).isEqualTo(Ids.candidateId(m.id(), "GAINS", "app"));
        assertThat(c.schemaVersion()).isEqualTo(InsightCandidate.SCHEMA_VERSION);
        assertThat(c.brand()).isEqualTo("Acme");
        assertThat(c.persona()).isEqualTo("default");
        assertThat(c.count()).isEqualTo(1);
        assertThat(c.firstSeen()).isEqualTo(CREATED);
        assertThat(c.lastSeen()).isEqualTo(CREATED);
        assertThat(c.evidenceMentionIds()).containsExactly(m.id());
        // one candidate per zone and theme, so ids are unique
        assertThat(first).extracting(InsightCandidate::id).doesNotHaveDuplicates();
        // another mention, other ids
        Mention other = mention("m43", m.text());
        assertThat(EXTRACTOR.extract(other, null)).extracting(InsightCandidate::id)
                .doesNotContainAnyElementsOf(first.stream().map(InsightCandidate::id).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"great, another outage. thanks for nothing 🙄", "This is terrible", "I love it",
            "the Acme app keeps crashing", "Internet down since yesterday, fix it asap", "There's a gas leak",
            "Thanks Acme!", "meh", "😡😡😡"})
    void opinionatedMentionsYieldAtLeastOneCandidate(String text) {
        assertThat(extract(text)).as(text).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "ok", "Good morning everyone", "what time does the store open?",
            "The store opens at 9", "@acme https://t.co/xyz"})
    void chitChatYieldsNothing(String text) {
        assertThat(extract(text)).as(text).isEmpty();
    }

    @Test
    void nullsAreSafe() {
        assertThat(EXTRACTOR.extract(null, null)).isEmpty();
        Mention noText = new Mention("1.0", UUID.randomUUID(), "s", "e", null, "Acme", null, null, null, "en", null,
                null, null, null);
        assertThat(EXTRACTOR.extract(noText, null)).isEmpty();
        Mention noId = new Mention("1.0", null, "s", "e", null, null, null, null, "I hate the new app", "en", null,
                null, null, null);
        List<InsightCandidate> cs = EXTRACTOR.extract(noId, null);
        assertThat(cs).isNotEmpty();
        assertThat(cs.get(0).evidenceMentionIds()).isEmpty();
        assertThat(cs.get(0).id()).isNotNull();
    }

    @Test
    void brandNamesAreNotThemes() {
        InsightCandidate says = zone(extract("Acme is the worst"), Zone.SAYS).orElseThrow();
        assertThat(says.theme()).isNotEqualTo("acme");
    }

    @Test
    void longSentencesAreTrimmed() {
        String text = "This is terrible " + "and awful ".repeat(100);
        assertThat(extract(text)).allSatisfy(c -> assertThat(c.text().length()).isLessThanOrEqualTo(
                InsightExtractor.MAX_TEXT + 20));
    }

    @Test
    void aCutNeverEndsInsideARedactionPlaceholder() {
        // Exactly MAX_TEXT - 3 characters before "[EMAIL]", so that the cut at MAX_TEXT falls inside it.
        StringBuilder head = new StringBuilder("This is terrible and my order never arrived");
        while (head.length() < InsightExtractor.MAX_TEXT - 4) {
            head.append(" awful");
        }
        head.setLength(InsightExtractor.MAX_TEXT - 4);
        head.append(' ');
        List<InsightCandidate> cs = extract(head + "[EMAIL] please write back");
        assertThat(cs).isNotEmpty().allSatisfy(c -> assertThat(c.text()).doesNotContain("[EM"));
        assertThat(cs).anySatisfy(c -> assertThat(c.text()).isEqualTo(head.toString().stripTrailing() + "…"));

        StringBuilder cut = new StringBuilder("email me at [EMAI");
        InsightExtractor.dropOpenPlaceholder(cut);
        assertThat(cut).hasToString("email me at");
        StringBuilder whole = new StringBuilder("email me at [EMAIL] now");
        InsightExtractor.dropOpenPlaceholder(whole);
        assertThat(whole).hasToString("email me at [EMAIL] now");
    }
}
