package io.earshot.escalation.crisis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BurstTailTest {
    @Test
    void noBarWhileLearningThenTheUpperQuantileOfTheLearnedRatios() {
        BurstTail tail = new BurstTail(1_000_000, 100);
        for (int i = 0; i < 99; i++) {
            tail.learn(0.0);
        }
        assertThat(tail.quantile(0.99)).isNaN();
        tail.learn(1.0); // 100 learned: 99 at 0, one at 1
        // 1 % of 100 is one observation: the bar is the top of the bin holding 1.0 only when more than one lies above.
        assertThat(tail.quantile(0.995)).isCloseTo(1.0 + BurstTail.BIN, within(1e-9));
        assertThat(tail.quantile(0.98)).isCloseTo(0.0 + BurstTail.BIN, within(1e-9));
    }

    @Test
    void oldObservationsFadeWithTheMemory() {
        BurstTail tail = new BurstTail(100, 1);
        for (int i = 0; i < 50; i++) {
            tail.learn(2.0); // an old bursty spell
        }
        for (int i = 0; i < 2000; i++) {
            tail.learn(0.0); // twenty memories of calm since: its weight is e^-20 of the total
        }
        assertThat(tail.quantile(0.999)).isCloseTo(0.0 + BurstTail.BIN, within(1e-9));
    }

    @Test
    void theRatioOfAQuietStreamIsDampedByTheLeastCrisisVolume() {
        // 8 mentions where 1 was expected: ln(28 / 21) with a pseudo-count of 20, not ln(8).
        assertThat(BurstTail.logRatio(8, 1, 20)).isCloseTo(Math.log(28.0 / 21.0), within(1e-12));
        assertThat(BurstTail.logRatio(400, 100, 20)).isCloseTo(Math.log(420.0 / 120.0), within(1e-12));
    }
}
