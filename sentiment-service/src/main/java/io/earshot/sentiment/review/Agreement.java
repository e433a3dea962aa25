package io.earshot.sentiment.review;

import io.earshot.contracts.events.SentimentLabel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Agreement of the scorer with the analysts over the reviewed items: overall (share of items whose label the analyst
 * kept, and Cohen's kappa, which discounts the agreement expected by chance), per label (precision: of the items the
 * scorer gave that label, the share the analyst kept; recall: of the items the analyst gave that label, the share the
 * scorer had found), and per period. Note that the reviewed items are the hard ones by construction (low confidence),
 * so these figures are lower than the scorer's accuracy on all traffic.
 */
public record Agreement(String bucket, Overall overall, List<PerLabel> perLabel, List<Period> series) {

    public record Overall(long reviewed, long agreed, Double rate, Double kappa) {}

    public record PerLabel(SentimentLabel label, long scorerSaid, long reviewerSaid, long agreed, Double precision,
            Double recall) {}

    public record Period(Instant period, long reviewed, long agreed, Double rate,
            Map<SentimentLabel, Double> recallByLabel) {}

    public static Agreement of(String bucket, List<ReviewStore.Tally> tallies) {
        long n = 0;
        long agreed = 0;
        Map<SentimentLabel, long[]> labels = new EnumMap<>(SentimentLabel.class); // scorerSaid, reviewerSaid, agreed
        Map<Instant, Map<SentimentLabel, long[]>> periods = new TreeMap<>(); // per reviewer label: reviewed, agreed
        for (ReviewStore.Tally t : tallies) {
            n += t.count();
            boolean same = t.scorer() == t.reviewer();
            if (same) {
                agreed += t.count();
            }
            labels.computeIfAbsent(t.scorer(), k -> new long[3])[0] += t.count();
            long[] r = labels.computeIfAbsent(t.reviewer(), k -> new long[3]);
            r[1] += t.count();
            if (same) {
                r[2] += t.count();
            }
            long[] p = periods.computeIfAbsent(t.period(), k -> new EnumMap<>(SentimentLabel.class))
                    .computeIfAbsent(t.reviewer(), k -> new long[2]);
            p[0] += t.count();
            if (same) {
                p[1] += t.count();
            }
        }
        Double kappa = null;
        if (n > 0) {
            double po = (double) agreed / n;
            double pe = 0;
            for (long[] l : labels.values()) {
                pe += ((double) l[0] / n) * ((double) l[1] / n);
            }
            kappa = pe >= 1 ? null : round((po - pe) / (1 - pe));
        }
        List<PerLabel> perLabel = new ArrayList<>();
        labels.forEach((label, l) -> perLabel.add(new PerLabel(label, l[0], l[1], l[2], ratio(l[2], l[0]), ratio(l[2],
                l[1]))));
        List<Period> series = new ArrayList<>();
        periods.forEach((period, byLabel) -> {
            long reviewed = 0;
            long kept = 0;
            Map<SentimentLabel, Double> recall = new LinkedHashMap<>();
            for (Map.Entry<SentimentLabel, long[]> e : byLabel.entrySet()) {
                reviewed += e.getValue()[0];
                kept += e.getValue()[1];
                recall.put(e.getKey(), ratio(e.getValue()[1], e.getValue()[0]));
            }
            series.add(new Period(period, reviewed, kept, ratio(kept, reviewed), recall));
        });
        return new Agreement(bucket, new Overall(n, agreed, ratio(agreed, n), kappa), perLabel, series);
    }

    private static Double ratio(long a, long b) {
        return b == 0 ? null : round((double) a / b);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
