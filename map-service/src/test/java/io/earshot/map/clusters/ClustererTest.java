package io.earshot.map.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.contracts.events.Zone;
import io.earshot.map.clusters.Clusterer.Key;
import io.earshot.map.clusters.Clusterer.Profile;
import io.earshot.map.maps.Trend;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The clustering, statement and counting rules on their own (no service). */
class ClustererTest {
    static final Key OUTAGE = new Key("acme", "default", Zone.PAINS, "outage");
    static final Instant NOW = Instant.parse("2026-12-07T00:00:00Z");

    @Test
    void lookAlikesJoinOneClusterAndAnotherSubjectStartsItsOwn() {
        List<Profile> profiles = new ArrayList<>();
        Profile a = Clusterer.assign(OUTAGE, profiles, UUID.randomUUID(), UUID.randomUUID(),
                "Can't work from home when the internet drops every afternoon");
        Profile b = Clusterer.assign(OUTAGE, profiles, UUID.randomUUID(), UUID.randomUUID(),
                "Working from home is impossible, the internet drops every hour #42");
        Profile c = Clusterer.assign(OUTAGE, profiles, UUID.randomUUID(), UUID.randomUUID(),
                "The TV channels froze during the football final");
        assertThat(b).isSameAs(a);
        assertThat(c).isNotSameAs(a);
        assertThat(profiles).hasSize(2);
        assertThat(a.members()).isEqualTo(2);
        assertThat(a.topTerms(3)).contains("internet", "home");
        Profile reread = Profile.stored(a.id, OUTAGE, a.encodedTerms(), a.members(), a.medoidText(), a.medoidMention(),
                a.medoidScore());
        assertThat(reread.encodedTerms()).isEqualTo(a.encodedTerms());
    }

    @Test
    void theStatementSpeaksInTheZonesVoiceFromTheMedoid() {
        assertThat(Clusterer.statement(OUTAGE, "Can't work from home when the internet drops. So bad @acme",
                List.of("internet", "router", "wifi")))
                .isEqualTo("Struggles with outage: can't work from home when the internet drops (router, wifi)");
        assertThat(Clusterer.statement(new Key("acme", "default", Zone.FEELS, "billing"),
                "Feels angry: Charged twice again!", List.of())).isEqualTo(
                        "Feels angry about billing: charged twice again");
        assertThat(Clusterer.statement(new Key("acme", "default", Zone.GAINS, "price"), "Would love a cheaper plan",
                List.of())).startsWith("Wants better price: ");
    }

    static ClusterStats.Evidence ev(String author, String group, long followers, double sentiment, Instant at) {
        return new ClusterStats.Evidence(UUID.randomUUID(), author, "mastodon", "quote by " + author + " " + group,
                sentiment, "anger", group, followers, at);
    }

    @Test
    void copiesCountOncePerAuthorCampaignsApartAndImpactShowsItsMaths() {
        List<ClusterStats.Evidence> evidence = new ArrayList<>();
        Instant recent = NOW.minus(Duration.ofDays(1));
        evidence.add(ev("ann", "g1", 5_000, -0.6, recent));
        evidence.add(ev("ann", "g1", 5_000, -0.6, recent.plusSeconds(5))); // the same post again: once
        evidence.add(ev("bob", "g2", 90, -0.4, recent));
        evidence.add(ev("cy", "g3", 10, 0.5, NOW.minus(Duration.ofDays(9))));
        for (int i = 0; i < 6; i++) { // six fresh accounts paste one text
            evidence.add(ev("bot" + i, "spam", 3, -0.9, recent));
        }
        ClusterStats s = ClusterStats.of(evidence, evidence.get(0).mentionId(), 0.8, NOW);
        assertThat(s.mentions()).isEqualTo(3);
        assertThat(s.authors()).isEqualTo(3);
        assertThat(s.campaignMentions()).isEqualTo(6);
        assertThat(s.campaignAuthors()).isEqualTo(6);
        assertThat(s.sentiment()).containsEntry("negative", 2).containsEntry("positive", 1);
        assertThat(s.trend()).isEqualTo(Trend.of(2, 1));
        assertThat(s.reviewable()).isTrue();
        double expected = 3 * ((2 + 1.0) / (1 + 1.0)) * (0.25 + 0.75 * 2 / 3) * Math.log10(10 + 5_000 + 90 + 10);
        assertThat(s.impact()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(s.impactMaths()).isEqualTo(String.format(java.util.Locale.ROOT,
                "3 mentions x 1.50 velocity x 0.75 negativity x %.2f reach = %.1f", Math.log10(5_110), expected));
        assertThat(s.quotes()).hasSize(3).allSatisfy(q -> assertThat(q.text()).doesNotContain("bot"));
        assertThat(s.quotes().get(0).mentionId()).isEqualTo(evidence.get(0).mentionId());
    }

    @Test
    void fewAuthorsWaitBelowTheThreshold() {
        ClusterStats s = ClusterStats.of(List.of(ev("ann", "g1", 10, -0.5, NOW), ev("bob", "g2", 10, -0.5, NOW)), null,
                0.5, NOW);
        assertThat(s.reviewable()).isFalse();
        assertThat(s.campaignMentions()).isZero();
    }
}
