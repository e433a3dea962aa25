package io.earshot.escalation.priority;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.escalation.Fixtures;
import org.junit.jupiter.api.Test;

class PriorityScorerTest {
    final PriorityScorer scorer = new PriorityScorer(1.0, 1.25, 0.5, 0.5, "vip:0.5,gold:0.25");

    @Test
    void theScoreMultipliesSeverityReachValueAndEngagement() {
        Fixtures.M m = new Fixtures.M("acme");
        m.sentiment = -0.8;
        m.followers = 0;
        PriorityScorer.Breakdown base = scorer.score(m.build(), null, 0);
        assertThat(base.severity()).isEqualTo(0.8);
        assertThat(base.reach()).isEqualTo(1.0);
        assertThat(base.customerValue()).isEqualTo(1.0);
        assertThat(base.engagement()).isEqualTo(1.0);
        assertThat(base.score()).isEqualTo(80.0);
        assertThat(base.explanation()).contains("no CRM profile").endsWith("= 80.00");

        m.followers = 9999;
        m.verified = true;
        PriorityScorer.Breakdown loud = scorer.score(m.build(), null, 0);
        assertThat(loud.reach()).isEqualTo(3.75); // (1 + 4/2) x 1.25

        PriorityScorer.Breakdown vip = scorer.score(m.build(), new PriorityScorer.Customer("c1", "VIP", 9900), 0);
        assertThat(vip.customerValue()).isEqualTo(2.0); // 1 + 0.5 x log10(100)/2 + 0.5
        PriorityScorer.Breakdown known = scorer.score(m.build(), new PriorityScorer.Customer("c1", "VIP", 9900), 25);
        assertThat(known.engagement()).isEqualTo(1.5); // capped at 10 previous cases
        assertThat(known.score()).isEqualTo(Math.round(100 * 0.8 * 3.75 * 2.0 * 1.5 * 100) / 100.0);
    }

    @Test
    void weightsChangeTheScore() {
        Fixtures.M m = new Fixtures.M("acme");
        m.followers = 999;
        PriorityScorer flat = new PriorityScorer(0, 1, 0, 0, "");
        assertThat(flat.score(m.build(), new PriorityScorer.Customer("c", "gold", 1e6), 9).score()).isEqualTo(80.0);
        assertThat(scorer.score(m.build(), null, 0).score()).isGreaterThan(80.0);
    }
}
