package io.earshot.escalation.crisis;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.escalation.windows.Band;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The band the dashboard draws: what the detector expected of each minute it judged. */
class CrisisDetectorBandTest {
    @Test
    void noBandWhileLearningThenOneAroundTheLearnedLevelThatASpikeLeaves() {
        CrisisDetector detector = new CrisisDetector(CrisisDetector.Settings.defaults());
        Random random = new Random(7);
        for (int m = 0; m < 29; m++) { // 30 learned minutes before anything is judged
            long volume = CrisisDetectorTest.poisson(random, 10);
            detector.observe("acme", CrisisDetectorTest.START.plus(Duration.ofMinutes(m)), volume,
                    CrisisDetectorTest.binomial(random, volume, 0.2), List.of());
            assertThat(detector.expected("acme")).isEmpty();
        }
        for (int m = 29; m < 120; m++) {
            long volume = CrisisDetectorTest.poisson(random, 10);
            detector.observe("acme", CrisisDetectorTest.START.plus(Duration.ofMinutes(m)), volume,
                    CrisisDetectorTest.binomial(random, volume, 0.2), List.of());
        }
        Band band = detector.expected("acme").orElseThrow();
        assertThat(band.volume()).isBetween(8.0, 12.0);
        assertThat(band.volumeLow()).isBetween(0.0, band.volume() - 3);
        assertThat(band.volumeHigh()).isBetween(band.volume() + 3, band.volume() + 15);
        assertThat(band.negativeShare()).isBetween(0.15, 0.25);
        assertThat(band.negativeShareLow()).isLessThan(band.negativeShare());
        assertThat(band.negativeShareHigh()).isGreaterThan(band.negativeShare()).isLessThanOrEqualTo(1.0);

        // A spike minute is judged against the same expectation and lands far above the band's top.
        detector.observe("acme", CrisisDetectorTest.START.plus(Duration.ofMinutes(120)), 80, 60, List.of());
        Band spike = detector.expected("acme").orElseThrow();
        assertThat(spike.volume()).isBetween(8.0, 12.0);
        assertThat(80.0).isGreaterThan(spike.volumeHigh());
        assertThat(detector.open("acme")).isPresent();
        assertThat(detector.expected("other")).isEqualTo(Optional.empty());
    }
}
