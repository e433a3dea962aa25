package io.earshot.listener.sourcehealth;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a source normally delivers, learned from its last {@code maxGaps} gaps between polls that brought mentions.
 * A source counts as silent once the time since its last mention exceeds {@code multiplier} × the 95th percentile of
 * those gaps, and never before {@code minSilence}; until it has {@code minGaps} gaps it is still learning and never
 * silent for quietness (errors still count). Pure and immutable; the gaps are stored as seconds, comma-separated.
 */
public record GapModel(long[] gaps) {
    /** Tuning, from the {@code earshot.source-health.*} settings. */
    public record Settings(int maxGaps, int minGaps, double multiplier, Duration minSilence) {}

    public static GapModel parse(String stored) {
        if (stored == null || stored.isBlank()) {
            return new GapModel(new long[0]);
        }
        return new GapModel(Arrays.stream(stored.split(",")).mapToLong(Long::parseLong).toArray());
    }

    public String format() {
        return String.join(",", Arrays.stream(gaps).mapToObj(Long::toString).toList());
    }

    /** This model with one more gap (the oldest dropped beyond {@code maxGaps}); gaps under a second count as 1 s. */
    public GapModel with(Duration gap, int maxGaps) {
        List<Long> out = new ArrayList<>(gaps.length + 1);
        for (long g : gaps) {
            out.add(g);
        }
        out.add(Math.max(1, gap.toSeconds()));
        while (out.size() > maxGaps) {
            out.remove(0);
        }
        return new GapModel(out.stream().mapToLong(Long::longValue).toArray());
    }

    public boolean learned(Settings s) {
        return gaps.length >= s.minGaps();
    }

    /** The 95th percentile gap (nearest rank), or null with no gaps. */
    public Duration typicalGap() {
        if (gaps.length == 0) {
            return null;
        }
        long[] sorted = gaps.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(0.95 * sorted.length) - 1;
        return Duration.ofSeconds(sorted[Math.max(0, rank)]);
    }

    /** How long after its last mention the source counts as silent, or null while it is still learning. */
    public Duration silentAfter(Settings s) {
        if (!learned(s)) {
            return null;
        }
        Duration d = Duration.ofMillis((long) (typicalGap().toMillis() * s.multiplier()));
        return d.compareTo(s.minSilence()) < 0 ? s.minSilence() : d;
    }

    /** Mentioning polls per hour over the learned gaps, or null with none. */
    public Double arrivalsPerHour() {
        long total = Arrays.stream(gaps).sum();
        return total == 0 ? null : Math.round(gaps.length * 3600.0 / total * 1000) / 1000.0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GapModel g && Arrays.equals(gaps, g.gaps);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(gaps);
    }

    @Override
    public String toString() {
        return "GapModel" + Arrays.toString(gaps);
    }
}
