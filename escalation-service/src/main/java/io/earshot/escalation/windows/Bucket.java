package io.earshot.escalation.windows;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One window bucket (a minute or an hour, by mention time) of a stream: all mentions ({@code volume},
 * {@code negative}), those left out as suspected coordination ({@code coordinated}, {@code coordinatedNegative}), and
 * the organic signal the crisis detector sees ({@code organicVolume}, {@code negativeShare} of the organic mentions,
 * {@code meanCompound}, the strongest mean emotions, the mentions per source), and for a closed minute the crisis
 * detector judged, what it {@code expected} (null otherwise: an hour, a minute not judged yet, a detector learning).
 */
public record Bucket(Instant start, long volume, long negative, long coordinated, long coordinatedNegative,
        long organicVolume, double negativeShare, double meanCompound, Map<String, Double> topEmotions,
        Map<String, Long> sources, Band expected) {

    static final List<String> EMOTIONS = List.of("anger", "joy", "confusion", "sadness", "fear", "gratitude");

    /** Reads a bucket hash as written by {@link WindowStore} (an empty hash is an empty bucket). */
    static Bucket of(Instant start, Map<String, String> h) {
        long volume = num(h, "volume");
        long negative = num(h, "negative");
        long coordinated = Math.min(num(h, "coordinated"), volume);
        long coordinatedNegative = Math.min(num(h, "coordinatedNegative"), negative);
        long organic = volume - coordinated;
        long organicNegative = negative - coordinatedNegative;
        double share = organic == 0 ? 0 : round((double) organicNegative / organic, 1000);
        double compound = organic == 0 ? 0 : round(dbl(h, "compound") / organic, 1000);
        java.util.LinkedHashMap<String, Double> emotions = new java.util.LinkedHashMap<>();
        EMOTIONS.stream()
                .map(e -> Map.entry(e, organic == 0 ? 0.0 : round(dbl(h, "e:" + e) / organic, 1000)))
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(3)
                .forEach(e -> emotions.put(e.getKey(), e.getValue()));
        java.util.TreeMap<String, Long> sources = new java.util.TreeMap<>();
        h.forEach((k, v) -> {
            if (k.startsWith("s:")) {
                sources.put(k.substring(2), Long.parseLong(v));
            }
        });
        Band expected = h.containsKey("b:v")
                ? new Band(dbl(h, "b:v"), dbl(h, "b:vl"), dbl(h, "b:vh"), dbl(h, "b:s"),
                        dbl(h, "b:sl"), dbl(h, "b:sh"))
                : null;
        return new Bucket(start, volume, negative, coordinated, coordinatedNegative, organic, share, compound, emotions,
                sources,
                expected);
    }

    /** This bucket with the detector's expectation. */
    public Bucket withExpected(Band band) {
        return new Bucket(start, volume, negative, coordinated, coordinatedNegative, organicVolume, negativeShare,
                meanCompound, topEmotions, sources, band);
    }

    public long organicNegative() {
        return negative - coordinatedNegative;
    }

    static long num(Map<String, String> h, String field) {
        String v = h.get(field);
        return v == null ? 0 : Long.parseLong(v);
    }

    static double dbl(Map<String, String> h, String field) {
        String v = h.get(field);
        return v == null ? 0 : Double.parseDouble(v);
    }

    static double round(double v, int scale) {
        return Math.round(v * scale) / (double) scale;
    }
}
