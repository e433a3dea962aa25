package io.earshot.escalation.crisis;

import io.earshot.contracts.Ids;
import io.earshot.contracts.events.CrisisAlert;
import io.earshot.contracts.events.CrisisAlert.Severity;
import io.earshot.contracts.events.CrisisAlert.State;
import io.earshot.escalation.windows.Band;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Spike and shift detection over closed minutes of one or more streams (key = brand, or brand + "/" + topic).
 *
 * <p>Each closed minute is compared, as part of a sliding window of {@code windowMinutes}, with the stream's
 * seasonal baseline: volume by a z-score against the expected count (the variance never below the Poisson variance,
 * so a quiet stream's noise is not a signal), negative share by a binomial z-score. A crisis opens when the window
 * holds at least {@code minVolume} mentions and either z reaches {@code openZ}; a volume spike must moreover exceed
 * the stream's usual bursts ({@link BurstTail}: real mention volumes come in bursts that a Poisson test alone calls
 * crises several times a day) and, within {@code cooldownMinutes} of the last crisis's end, that crisis's peak. It is
 * UPDATED when its severity rises or its volume grows by half since the last alert, and RESOLVED after {@code quietMinutes} consecutive minutes below
 * {@code closeZ}. One crisis per key at a time, one alert id per crisis: no alert storms. Minutes inside an open
 * crisis are not learned (neither in the baseline nor in the bursts), so a long crisis does not become the new normal.
 *
 * <p>Deterministic and clock-free: time is the stream's own minute stamps. Not thread-safe; one owner.
 */
public final class CrisisDetector {
    /** Tuning; {@link #defaults()} documents the shipped values. */
    public record Settings(int windowMinutes, long minVolume, double openZ, double closeZ, int quietMinutes,
            double alpha, int warmupMinutes, int slotWarmup, double baselineUncertainty, double minShareShift,
            double shareOpenZ, double mediumZ, double highZ, double criticalZ, double burstQuantile,
            int burstMemoryMinutes, int burstWarmupMinutes, int cooldownMinutes) {

        /** The settings before the burst bar and the cool-down: those take their shipped values. */
        public Settings(int windowMinutes, long minVolume, double openZ, double closeZ, int quietMinutes, double alpha,
                int warmupMinutes, int slotWarmup, double baselineUncertainty, double minShareShift, double shareOpenZ,
                double mediumZ, double highZ, double criticalZ) {
            this(windowMinutes, minVolume, openZ, closeZ, quietMinutes, alpha, warmupMinutes, slotWarmup,
                    baselineUncertainty, minShareShift, shareOpenZ, mediumZ, highZ, criticalZ, BURST_QUANTILE,
                    BURST_MEMORY_MINUTES, BURST_WARMUP_MINUTES, COOLDOWN_MINUTES);
        }

        static final double BURST_QUANTILE = 0.9999;
        static final int BURST_MEMORY_MINUTES = 7 * 24 * 60;
        static final int BURST_WARMUP_MINUTES = 24 * 60;
        static final int COOLDOWN_MINUTES = 24 * 60;

        /**
         * 5-minute window, at least 20 mentions, open at z 4 and close after 5 minutes under z 2, EWMA alpha 0.05,
         * 30 minutes of learning before anything is judged, 10 minutes per seasonal slot, 15 % uncertainty of the
         * expected volume; a negative-share shift alone opens only when it is at least 15 points and its z reaches 5
         * (stronger evidence than a volume spike needs: small counts have a skewed tail); severity MEDIUM from z 6,
         * HIGH from 10, CRITICAL from 16 (LOW below). A volume spike must also rise above the stream's usual bursts:
         * the 99.99th percentile (about one minute a week) of its windows' ratios to their baseline over about the
         * last week, once a day was learned (see {@link BurstTail}); and for 24 hours after a crisis resolves, only a
         * spike larger than that crisis's peak opens a new one. Measured on NAB's realTweets: docs/crisis.md.
         */
        public static Settings defaults() {
            return new Settings(5, 20, 4.0, 2.0, 5, 0.05, 30, 10, 0.15, 0.15, 5.0, 6.0, 10.0, 16.0);
        }
    }

    private final Settings settings;
    private final Map<String, Stream> streams = new HashMap<>();

    public CrisisDetector(Settings settings) {
        this.settings = settings;
    }

    /**
     * Feed one closed minute of a stream; returns the alert to publish, if any. Minutes must arrive in order per key;
     * a gap counts as minutes with no mentions.
     */
    public Optional<CrisisAlert> observe(String key, Instant minute, long volume, long negatives, List<UUID> samples) {
        return observe(key, minute, volume, negatives, samples, m -> false);
    }

    /**
     * Like {@link #observe(String, Instant, long, long, List)}, with the minutes of low coverage (a source of the
     * stream's brand silent, issue #12): such a minute is neither judged nor learned nor kept in the window, so a silent
     * source never reads as a drop in volume (it cannot resolve a crisis) and does not lower the baseline.
     */
    public Optional<CrisisAlert> observe(String key, Instant minute, long volume, long negatives, List<UUID> samples,
            Predicate<Instant> lowCoverage) {
        Stream s = streams.computeIfAbsent(key, k -> newStream());
        if (s.last != null) {
            for (Instant m = s.last.plus(Duration.ofMinutes(1)); m.isBefore(minute); m = m.plus(Duration.ofMinutes(
                    1))) {
                if (lowCoverage.test(m)) {
                    s.last = m;
                } else {
                    step(key, s, m, 0, 0, List.of()); // silent minutes
                }
            }
        }
        if (lowCoverage.test(minute)) {
            s.last = minute;
            return Optional.empty();
        }
        return step(key, s, minute, volume, negatives, samples);
    }

    /**
     * Continues a crisis stored as open (after a restart, or on the replica that takes over the monitor): it is
     * updated and resolved like one this detector opened, and its minutes are not learned as normal.
     */
    public void adopt(String key, CrisisAlert open) {
        streams.computeIfAbsent(key, k -> newStream()).openAlert = open;
    }

    /** The open crisis of a key, if any. */
    public Optional<CrisisAlert> open(String key) {
        Stream s = streams.get(key);
        return s == null ? Optional.empty() : Optional.ofNullable(s.openAlert);
    }

    /**
     * What the detector expected of the last minute it judged of a key (empty while it learns): the dashboard's
     * baseline band.
     */
    public Optional<Band> expected(String key) {
        Stream s = streams.get(key);
        return s == null ? Optional.empty() : Optional.ofNullable(s.expected);
    }

    private Stream newStream() {
        return new Stream(new SeasonalBaseline(settings.alpha(), settings.slotWarmup()),
                new BurstTail(settings.burstMemoryMinutes(), settings.burstWarmupMinutes()));
    }

    private Optional<CrisisAlert> step(String key, Stream s, Instant minute, long volume, long negatives,
            List<UUID> samples) {
        s.last = minute;
        s.window.addLast(new long[]{volume, negatives});
        if (s.window.size() > settings.windowMinutes()) {
            s.window.removeFirst();
        }
        long windowVolume = s.window.stream().mapToLong(w -> w[0]).sum();
        long windowNegatives = s.window.stream().mapToLong(w -> w[1]).sum();
        int minutes = s.window.size();

        Optional<CrisisAlert> alert = Optional.empty();
        CrisisAlert.Significance significance = null;
        double z = 0;
        double logRatio = Double.NaN;
        boolean ready = s.baseline.learned() >= settings.warmupMinutes();
        s.expected = ready ? band(s.baseline, minute) : null;
        if (ready) {
            double expected = s.baseline.meanVolume(minute) * minutes;
            // Noise of the counts (never below Poisson) plus the uncertainty of the expectation itself.
            double uncertainty = settings.baselineUncertainty() * expected;
            double variance = Math.max(s.baseline.varianceVolume(minute), s.baseline.meanVolume(minute)) * minutes
                    + uncertainty * uncertainty;
            double zVolume = (windowVolume - expected) / Math.sqrt(Math.max(variance, 1.0));
            double p0 = Math.min(Math.max(s.baseline.negativeShare(), 0.02), 0.98);
            double share = windowVolume == 0 ? 0 : (double) windowNegatives / windowVolume;
            // Arcsine (variance-stabilising) z of the share, scaled so that the share alone needs shareOpenZ to open.
            double zShare = windowVolume == 0 || share - p0 < settings.minShareShift()
                    ? 0
                    : 2 * Math.sqrt(windowVolume) * (Math.asin(Math.sqrt(share)) - Math.asin(Math.sqrt(p0)))
                            * settings.openZ() / settings.shareOpenZ();
            z = Math.max(zVolume, zShare);
            logRatio = BurstTail.logRatio(windowVolume, expected, Math.max(settings.minVolume(), 1));
            double bar = s.tail.quantile(settings.burstQuantile());
            boolean cooling = s.resolvedAt != null
                    && minute.isBefore(s.resolvedAt.plus(Duration.ofMinutes(settings.cooldownMinutes())))
                    && logRatio <= s.lastPeak;
            // A volume spike opens only above the stream's usual bursts, and not while a crisis just ended cools down.
            boolean volumeOpens = zVolume >= settings.openZ() && !(logRatio < bar) && !cooling;
            significance = new CrisisAlert.Significance(windowVolume, round2(expected), round2(Math.sqrt(Math.max(
                    variance, 1.0))),
                    round2(zVolume), round2(zShare), round2(z), upperTail(z), zVolume >= zShare
                            ? "window volume against its seasonal baseline (z: excess over the standard deviation, Poisson floor"
                                    + " plus baseline uncertainty; p: one-sided normal tail)"
                            : "negative share against its baseline (arcsine z scaled to the volume test; p: one-sided normal tail)");
            if (s.openAlert == null) {
                if (windowVolume >= settings.minVolume() && (volumeOpens || zShare >= settings.openZ())) {
                    s.openAlert = alert(crisisId(key, minute), key, State.OPEN, minute, windowVolume, expected, share,
                            z, samples, significance);
                    s.quiet = 0;
                    s.peak = logRatio;
                    alert = Optional.of(s.openAlert);
                }
            } else if (z < settings.closeZ()) {
                if (++s.quiet >= settings.quietMinutes()) {
                    CrisisAlert resolved = alert(s.openAlert.id(), key, State.RESOLVED, minute, windowVolume, expected,
                            share, z, samples, significance);
                    s.openAlert = null;
                    s.quiet = 0;
                    s.resolvedAt = minute;
                    s.lastPeak = s.peak;
                    alert = Optional.of(resolved);
                }
            } else {
                s.quiet = 0;
                s.peak = Math.max(s.peak, logRatio);
                Severity severity = severity(z);
                if (severity.compareTo(s.openAlert.severity()) > 0 || windowVolume >= s.openAlert.volume() * 1.5) {
                    s.openAlert = alert(s.openAlert.id(), key, State.UPDATED, minute, windowVolume, expected, share, z,
                            samples.isEmpty() ? s.openAlert.sampleMentionIds() : samples, significance);
                    alert = Optional.of(s.openAlert);
                }
            }
        }
        if (s.openAlert == null || !ready) {
            s.baseline.learn(minute, volume, negatives);
            if (ready) {
                s.tail.learn(logRatio);
            }
        }
        return alert;
    }

    private CrisisAlert alert(UUID id, String key, State state, Instant minute, long volume, double expected,
            double share,
            double z, List<UUID> samples, CrisisAlert.Significance significance) {
        int slash = key.indexOf('/');
        String brand = slash < 0 ? key : key.substring(0, slash);
        String topic = slash < 0 ? null : key.substring(slash + 1);
        return new CrisisAlert(CrisisAlert.SCHEMA_VERSION, id, brand, topic, Duration.ofMinutes(settings
                .windowMinutes()),
                volume, Math.round(expected * 100) / 100.0, Math.round(share * 1000) / 1000.0, Math.round(z * 100)
                        / 100.0,
                severity(z), samples.stream().limit(10).toList(), state, minute.plus(Duration.ofMinutes(1)))
                .withExplanation(significance, null, null, null, null);
    }

    /**
     * One-sided upper tail probability of the standard normal distribution, P(Z >= z), via the complementary error
     * function (Numerical Recipes' Chebyshev fit, relative error below 1.2e-7 everywhere).
     */
    public static double upperTail(double z) {
        double x = z / Math.sqrt(2);
        double t = 1 / (1 + 0.5 * Math.abs(x));
        double erfc = t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223
                        + t * 0.17087277)))))))));
        double p = 0.5 * (x >= 0 ? erfc : 2 - erfc);
        return Double.parseDouble(String.format(java.util.Locale.ROOT, "%.4g", p));
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** One minute's expectation: the volume and share ranges that stay under {@code closeZ}. */
    private Band band(SeasonalBaseline baseline, Instant minute) {
        double mean = baseline.meanVolume(minute);
        double u = settings.baselineUncertainty() * mean;
        double sd = Math.sqrt(Math.max(baseline.varianceVolume(minute), mean) + u * u);
        double p0 = Math.min(Math.max(baseline.negativeShare(), 0.02), 0.98);
        double shareSd = Math.sqrt(p0 * (1 - p0) / Math.max(mean, 1.0));
        double z = settings.closeZ();
        return new Band(round(mean), round(Math.max(0, mean - z * sd)), round(mean + z * sd), round(p0),
                round(Math.max(0, p0 - z * shareSd)), round(Math.min(1, p0 + z * shareSd)));
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    Severity severity(double z) {
        if (z >= settings.criticalZ()) {
            return Severity.CRITICAL;
        }
        if (z >= settings.highZ()) {
            return Severity.HIGH;
        }
        return z >= settings.mediumZ() ? Severity.MEDIUM : Severity.LOW;
    }

    /** A crisis id is a function of its stream and its opening minute, so a replay after a restart yields the same id. */
    static UUID crisisId(String key, Instant opened) {
        return Ids.v5(Ids.NAMESPACE, "crisis\u0000" + key + "\u0000" + opened);
    }

    private static final class Stream {
        final SeasonalBaseline baseline;
        final BurstTail tail;
        final Deque<long[]> window = new ArrayDeque<>();
        Instant last;
        CrisisAlert openAlert;
        Band expected;
        int quiet;
        /** The open crisis's largest window log ratio; the last resolved crisis's, and when it resolved. */
        double peak;
        double lastPeak;
        Instant resolvedAt;

        Stream(SeasonalBaseline baseline, BurstTail tail) {
            this.baseline = baseline;
            this.tail = tail;
        }
    }
}
