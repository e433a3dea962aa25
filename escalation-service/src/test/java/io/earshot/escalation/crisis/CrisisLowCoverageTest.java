package io.earshot.escalation.crisis;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.contracts.events.CrisisAlert;
import io.earshot.contracts.events.CrisisAlert.State;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

/** Minutes of low coverage (a source of the brand silent) are neither judged nor learned. */
class CrisisLowCoverageTest {
    static final Instant START = Instant.parse("2026-11-03T08:00:00Z");

    static List<CrisisAlert> replay(CrisisDetector d, int minutes, IntUnaryOperator volume, IntPredicate low,
            boolean flag) {
        List<CrisisAlert> alerts = new ArrayList<>();
        for (int m = 0; m < minutes; m++) {
            long v = volume.applyAsInt(m);
            d.observe("acme", START.plus(Duration.ofMinutes(m)), v, v / 5, List.of(),
                    at -> flag && low.test((int) Duration.between(START, at).toMinutes())).ifPresent(alerts::add);
        }
        return alerts;
    }

    @Test
    void aSilentSourceDoesNotLowerTheBaselineSoItsReturnIsNoCrisis() {
        IntUnaryOperator volume = m -> m >= 180 && m < 300 ? 0 : 10; // two hours of silence after three of 10 a minute
        IntPredicate silent = m -> m >= 180 && m < 300;
        List<CrisisAlert> flagged = replay(new CrisisDetector(CrisisDetector.Settings.defaults()), 400, volume, silent,
                true);
        assertThat(flagged).isEmpty();
        // Without the coverage information the silence is learned as normal and the source's return looks like a spike.
        List<CrisisAlert> unflagged = replay(new CrisisDetector(CrisisDetector.Settings.defaults()), 400, volume,
                silent, false);
        assertThat(unflagged).extracting(CrisisAlert::state).contains(State.OPEN);
    }

    @Test
    void anOpenCrisisIsNotResolvedByASilentSource() {
        IntUnaryOperator volume = m -> m < 120 ? 10 : m < 130 ? 80 : m < 150 ? 0 : 80;
        IntPredicate silent = m -> m >= 130 && m < 150;
        List<CrisisAlert> flagged = replay(new CrisisDetector(CrisisDetector.Settings.defaults()), 160, volume, silent,
                true);
        assertThat(flagged).extracting(CrisisAlert::state).contains(State.OPEN).doesNotContain(State.RESOLVED);
        assertThat(flagged.stream().map(CrisisAlert::id).distinct()).hasSize(1);
        List<CrisisAlert> unflagged = replay(new CrisisDetector(CrisisDetector.Settings.defaults()), 160, volume,
                silent, false);
        assertThat(unflagged).extracting(CrisisAlert::state).contains(State.RESOLVED);
        // The baseline of the flagged replay still knows 10 a minute: a later alert states an expectation near 50.
        assertThat(flagged.get(0).baseline()).isBetween(40.0, 60.0);
    }
}
