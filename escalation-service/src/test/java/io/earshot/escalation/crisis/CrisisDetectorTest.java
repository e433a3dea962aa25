package io.earshot.escalation.crisis;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.contracts.events.CrisisAlert;
import io.earshot.contracts.events.CrisisAlert.State;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/** Replayed synthetic streams with a known rhythm, known injected spikes and known quiet periods. */
class CrisisDetectorTest {
    static final Instant START = Instant.parse("2026-11-02T00:00:00Z"); // a Monday
    static final int DAY = 24 * 60;

    /** Diurnal rhythm: 4 mentions a minute at night, about 24 at the evening peak, lower at weekends. */
    static double rhythm(int minute) {
        double hour = (minute % DAY) / 60.0;
        int day = (minute / DAY) % 7;
        double daily = 4 + 20 * Math.pow(Math.max(0, Math.sin(Math.PI * (hour - 6) / 16)), 2);
        return day >= 5 ? daily * 0.7 : daily;
    }

    static long poisson(Random random, double lambda) {
        double l = Math.exp(-lambda);
        long k = 0;
        double p = 1;
        do {
            k++;
            p *= random.nextDouble();
        } while (p > l);
        return k - 1;
    }

    static long binomial(Random random, long n, double p) {
        long k = 0;
        for (long i = 0; i < n; i++) {
            if (random.nextDouble() < p) {
                k++;
            }
        }
        return k;
    }

    /** Replays {@code minutes} of a stream and returns every alert. */
    static List<CrisisAlert> replay(CrisisDetector detector, String key, int minutes, long seed,
            IntToDoubleFunction rate,
            IntToDoubleFunction negativeShare) {
        Random random = new Random(seed);
        List<CrisisAlert> alerts = new ArrayList<>();
        for (int m = 0; m < minutes; m++) {
            long volume = poisson(random, rate.applyAsDouble(m));
            long negatives = binomial(random, volume, negativeShare.applyAsDouble(m));
            detector.observe(key, START.plus(Duration.ofMinutes(m)), volume, negatives, List.of(UUID.randomUUID()))
                    .ifPresent(alerts::add);
        }
        return alerts;
    }

    @Test
    void quietStreamsWithADailyRhythmRaiseNoAlert() {
        for (long seed = 1; seed <= 3; seed++) {
            CrisisDetector detector = new CrisisDetector(CrisisDetector.Settings.defaults());
            List<CrisisAlert> alerts = replay(detector, "acme", 21 * DAY, seed, CrisisDetectorTest::rhythm, m -> 0.2);
            assertThat(alerts).as("seed %d", seed).isEmpty();
        }
    }

    @Test
    void anInjectedVolumeSpikeIsDetectedWithinAMinuteAndIsOneCrisis() {
        CrisisDetector detector = new CrisisDetector(CrisisDetector.Settings.defaults());
        int spikeStart = 8 * DAY + 14 * 60 + 7; // a Tuesday afternoon, after a week of learning
        int spikeEnd = spikeStart + 40;
        List<CrisisAlert> alerts = replay(detector, "acme", 9 * DAY, 42,
                m -> m >= spikeStart && m < spikeEnd ? rhythm(m) * 6 : rhythm(m), m -> 0.2);

        assertThat(alerts).isNotEmpty();
        CrisisAlert open = alerts.get(0);
        assertThat(open.state()).isEqualTo(State.OPEN);
        Instant injected = START.plus(Duration.ofMinutes(spikeStart));
        assertThat(Duration.between(injected, open.at())).isBetween(Duration.ZERO, Duration.ofSeconds(60));
        assertThat(open.brand()).isEqualTo("acme");
        assertThat(open.volume()).isGreaterThan((long) open.baseline());
        assertThat(alerts).extracting(CrisisAlert::id).containsOnly(open.id());
        assertThat(alerts).filteredOn(a -> a.state() == State.OPEN).hasSize(1);
        assertThat(alerts.get(alerts.size() - 1).state()).isEqualTo(State.RESOLVED);
        assertThat(alerts).filteredOn(a -> a.state() == State.RESOLVED).hasSize(1);
        assertThat(alerts.size()).isLessThanOrEqualTo(6); // opened, a few updates while it grew, resolved: no storm
    }

    @Test
    void everyInjectedSpikeIsDetectedWithinSixtySecondsOfStreamTimeAtAnyHourAndIsOneCrisis() {
        // Night, morning, evening peak, a weekend afternoon: for 15 minutes each, eight times the normal rate and at
        // least 40 mentions a minute more (a burst diluted by a quiet 5-minute window needs that much in its first minute).
        int[] starts = {8 * DAY + 3 * 60 + 11, 9 * DAY + 8 * 60 + 47, 10 * DAY + 18 * 60 + 2, 12 * DAY + 15 * 60 + 30};
        IntToDoubleFunction rate = m -> {
            for (int s : starts) {
                if (m >= s && m < s + 15) {
                    return Math.max(rhythm(m) * 8, rhythm(m) + 40);
                }
            }
            return rhythm(m);
        };
        List<CrisisAlert> alerts = replay(new CrisisDetector(CrisisDetector.Settings.defaults()), "acme", 13 * DAY, 99,
                rate,
                m -> 0.2);
        List<CrisisAlert> opened = alerts.stream().filter(a -> a.state() == State.OPEN).toList();
        assertThat(opened).hasSize(starts.length);
        for (int i = 0; i < starts.length; i++) {
            Instant injected = START.plus(Duration.ofMinutes(starts[i]));
            assertThat(Duration.between(injected, opened.get(i).at())).as("spike %d", i)
                    .isBetween(Duration.ZERO, Duration.ofSeconds(60));
        }
        assertThat(alerts).filteredOn(a -> a.state() == State.RESOLVED).hasSize(starts.length);
        assertThat(alerts.size()).isLessThanOrEqualTo(starts.length * 5);
    }

    @Test
    void aShiftInNegativeShareAtNormalVolumeIsDetected() {
        CrisisDetector detector = new CrisisDetector(CrisisDetector.Settings.defaults());
        int shift = 8 * DAY + 11 * 60;
        List<CrisisAlert> alerts = replay(detector, "acme/billing", 9 * DAY, 7, CrisisDetectorTest::rhythm,
                m -> m >= shift && m < shift + 30 ? 0.75 : 0.2);
        assertThat(alerts).isNotEmpty();
        CrisisAlert open = alerts.get(0);
        assertThat(open.topic()).isEqualTo("billing");
        assertThat(open.negativeShare()).isGreaterThan(0.2 + 0.15); // the baseline share plus the minimum shift
        assertThat(Duration.between(START.plus(Duration.ofMinutes(shift)), open.at())).isLessThanOrEqualTo(Duration
                .ofMinutes(2));
    }

    @Test
    void aSmallBrandNeedsTheMinimumVolume() {
        CrisisDetector detector = new CrisisDetector(CrisisDetector.Settings.defaults());
        int spike = 8 * DAY + 12 * 60;
        // From 0.2 a minute to 2 a minute is ten times the baseline, but a handful of posts is not a crisis.
        List<CrisisAlert> alerts = replay(detector, "tiny", 9 * DAY, 3, m -> m >= spike && m < spike + 5 ? 2 : 0.2,
                m -> 0.3);
        assertThat(alerts).isEmpty();
    }

    @Test
    void gapsCountAsSilenceAndDoNotRaiseAlerts() {
        CrisisDetector detector = new CrisisDetector(CrisisDetector.Settings.defaults());
        Random random = new Random(5);
        List<CrisisAlert> alerts = new ArrayList<>();
        for (int m = 0; m < 10 * DAY; m++) {
            boolean outage = m >= 8 * DAY && m < 8 * DAY + 180; // the source was silent for three hours
            if (outage) {
                continue;
            }
            long volume = poisson(random, rhythm(m));
            detector.observe("acme", START.plus(Duration.ofMinutes(m)), volume, binomial(random, volume, 0.2), List
                    .of())
                    .ifPresent(alerts::add);
        }
        assertThat(alerts).isEmpty();
    }

    @Test
    void theSameStreamReplayedGivesTheSameAlertsAndIds() {
        int spike = 8 * DAY + 15 * 60;
        IntToDoubleFunction rate = m -> m >= spike && m < spike + 20 ? rhythm(m) * 8 : rhythm(m);
        List<CrisisAlert> first = replay(new CrisisDetector(CrisisDetector.Settings.defaults()), "acme", 9 * DAY, 11,
                rate, m -> 0.2);
        List<CrisisAlert> second = replay(new CrisisDetector(CrisisDetector.Settings.defaults()), "acme", 9 * DAY, 11,
                rate, m -> 0.2);
        assertThat(first).isNotEmpty();
        assertThat(second).extracting(CrisisAlert::id, CrisisAlert::state, CrisisAlert::at)
                .containsExactlyElementsOf(first.stream().map(a -> org.assertj.core.groups.Tuple.tuple(a.id(), a
                        .state(), a.at())).toList());
    }

    /**
     * Real mention volumes come in bursts: here, about twice a day, the rate jumps fourfold for five minutes. Once a day
     * of them was learned, they are the stream's normal life, not crises (the Poisson test alone opens one on each,
     * cool-down permitting: one a day); a burst larger than all before it may still open, about once a week at most. A
     * surge thirty times the rhythm opens at once, and a smaller one (still above the usual bursts) within a day of
     * its end does not open a second crisis.
     */
    @Test
    void aBurstyStreamsUsualBurstsRaiseNoAlertButASurgeAboveThemDoes() {
        int surge = 9 * DAY + 13 * 60 + 3;
        int echo = surge + 6 * 60;
        IntToDoubleFunction rate = m -> {
            if (m >= surge && m < surge + 30) {
                return rhythm(m) * 30;
            }
            if (m >= echo && m < echo + 30) {
                return rhythm(m) * 6;
            }
            return m % 701 < 5 ? rhythm(m) * 4 : rhythm(m);
        };
        List<CrisisAlert> alerts = replay(new CrisisDetector(CrisisDetector.Settings.defaults()), "acme", 10 * DAY, 13,
                rate,
                m -> 0.2);
        Instant learned = START.plus(Duration.ofDays(2));
        Instant surged = START.plus(Duration.ofMinutes(surge));
        List<CrisisAlert> opened = alerts.stream().filter(a -> a.state() == State.OPEN).toList();
        assertThat(opened).filteredOn(a -> a.at().isAfter(learned) && a.at().isBefore(surged)).hasSizeLessThanOrEqualTo(
                1);
        List<CrisisAlert> afterSurge = opened.stream().filter(a -> !a.at().isBefore(surged)).toList();
        assertThat(afterSurge).hasSize(1);
        assertThat(Duration.between(surged, afterSurge.get(0).at())).isBetween(Duration.ZERO, Duration.ofSeconds(60));
    }
}
