package io.earshot.escalation.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.contracts.events.CrisisAlert;
import io.earshot.escalation.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertExplainerTest {
    @Test
    void termsCountOncePerMentionWithoutTheBrandOrCommonWords() {
        Fixtures.M a = new Fixtures.M("acme");
        a.text = "Acme refund refund refund, still waiting for my refund";
        a.topics = List.of("billing");
        Fixtures.M b = new Fixtures.M("acme");
        b.text = "where is my refund from acme? waiting since 2024";
        Map<String, Long> terms = AlertExplainer.terms(List.of(a.build(), b.build()), "acme");
        assertThat(terms).containsEntry("refund", 2L).containsEntry("waiting", 2L).containsEntry("billing", 1L)
                .doesNotContainKeys("acme", "still", "where", "2024", "my");
    }

    @Test
    void topKeepsTheFiveLargestWithTheirShare() {
        List<CrisisAlert.Driver> top = AlertExplainer.top(Map.of("a", 5L, "b", 3L, "c", 3L, "d", 1L, "e", 1L, "f", 1L),
                20);
        assertThat(top).extracting(CrisisAlert.Driver::name).containsExactly("a", "b", "c", "d", "e");
        assertThat(top.get(0).share()).isEqualTo(0.25);
        assertThat(AlertExplainer.top(Map.of("x", 1L), 0).get(0).share()).isZero();
    }
}
