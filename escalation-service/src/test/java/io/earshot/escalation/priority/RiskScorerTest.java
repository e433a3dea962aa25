package io.earshot.escalation.priority;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.contracts.events.Author;
import io.earshot.contracts.events.CrisisAlert;
import io.earshot.contracts.events.RiskScore;
import io.earshot.escalation.crisis.CrisisDetector;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RiskScorerTest {
    final PriorityScorer priority = new PriorityScorer(1.0, 1.25, 0.5, 0.5, "vip:0.5,gold:0.25");
    final RiskScorer risk = new RiskScorer(priority, 1.0);

    static double product(RiskScore r) {
        return Math.round(100 * r.factors().stream().mapToDouble(RiskScore.Factor::value).reduce(1, (a, b) -> a * b)
                * 100) / 100.0;
    }

    @Test
    void aCasesRiskIsTheProductOfItsFactorsShownWithItsArithmetic() {
        Author a = new Author("ann", "@ann", "Ann", 9999L, false, null);
        RiskScore r = risk.forCase(-0.8, 9, "1h", a, new PriorityScorer.Customer("c1", "VIP", 9900));
        assertThat(r.factors()).extracting(RiskScore.Factor::name).containsExactly("negativity", "velocity", "reach",
                "customerValue");
        assertThat(r.factors().get(0).value()).isEqualTo(0.8);
        assertThat(r.factors().get(1).value()).isEqualTo(2.0); // 1 + log10(1 + 9)
        assertThat(r.factors().get(2).value()).isEqualTo(priority.reach(a)).isEqualTo(3.0);
        assertThat(r.factors().get(3).value()).isEqualTo(2.0);
        assertThat(r.score()).isEqualTo(product(r)).isEqualTo(960.0);
        assertThat(r.arithmetic()).startsWith("100 x negativity 0.80 (sentiment -0.80").contains(
                "velocity 2.00 (9 mentions")
                .contains("reach 3.00 (9999 followers)").contains("customerValue 2.00 (tier VIP").endsWith("= 960.00");

        RiskScore unknown = risk.forCase(0.3, 0, "1h", null, null);
        assertThat(unknown.score()).isZero(); // a positive case has no negativity
        assertThat(unknown.factors()).extracting(RiskScore.Factor::name).doesNotContain("customerValue");
        assertThat(unknown.arithmetic()).contains("customer value unknown");
    }

    @Test
    void anAlertsRiskUsesItsNegativeShareExcessVolumeAndAuthors() {
        CrisisAlert a = new CrisisAlert(CrisisAlert.SCHEMA_VERSION, UUID.randomUUID(), "acme", null, Duration.ofMinutes(
                5),
                100, 20, 0.6, 9.0, CrisisAlert.Severity.MEDIUM, List.of(), CrisisAlert.State.OPEN, Instant.now())
                .withContext(0, 99, 0.1, CrisisAlert.Spread.SYSTEMIC, 20.0, null, null);
        RiskScore r = risk.forAlert(a);
        assertThat(r.factors()).extracting(RiskScore.Factor::value).containsExactly(0.6, 5.0, 2.0);
        assertThat(r.score()).isEqualTo(600.0).isEqualTo(product(r));
        assertThat(r.arithmetic()).contains("100 mentions in 5 min against 20.0 expected").contains(
                "99 distinct authors");
    }

    @Test
    void theUpperTailMatchesTheNormalDistribution() {
        assertThat(CrisisDetector.upperTail(0)).isEqualTo(0.5);
        assertThat(CrisisDetector.upperTail(1.6449)).isCloseTo(0.05, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(CrisisDetector.upperTail(4.0)).isCloseTo(3.167e-5, org.assertj.core.data.Offset.offset(1e-8));
        assertThat(CrisisDetector.upperTail(10.0)).isCloseTo(7.62e-24, org.assertj.core.data.Offset.offset(1e-26));
        assertThat(CrisisDetector.upperTail(-3)).isCloseTo(0.99865, org.assertj.core.data.Offset.offset(1e-4));
    }
}
