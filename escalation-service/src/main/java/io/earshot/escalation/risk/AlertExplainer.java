package io.earshot.escalation.risk;

import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.CrisisAlert;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.escalation.priority.RiskScorer;
import io.earshot.escalation.windows.Bucket;
import io.earshot.escalation.windows.WindowStore;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Adds the top drivers and the risk score to a crisis alert (its significance comes from the detector): the five
 * most active authors of the window and the sources by organic mentions (from the Redis windows), the five most
 * frequent terms (topics and words of four letters or more, minus the brand and common words) of the window's
 * sampled mentions (up to ten per minute, read from the recent mentions), each with its share, and the
 * {@link RiskScorer#forAlert} risk.
 */
@ApplicationScoped
public class AlertExplainer {
    static final int TOP = 5;
    private static final Set<String> COMMON = Set.of("this", "that", "with", "have", "from", "they", "your", "what",
            "when", "were", "will", "just", "been", "there", "their", "about", "would", "could", "should", "than",
            "then",
            "them", "these", "those", "into", "only", "also", "very", "some", "more", "here", "does", "dont", "cant",
            "still", "again", "after", "because", "every", "being", "over", "really", "which", "where", "while");

    private final WindowStore windows;
    private final RiskScorer risk;

    public AlertExplainer(WindowStore windows, RiskScorer risk) {
        this.windows = windows;
        this.risk = risk;
    }

    /** The alert with its drivers and risk; {@code from..to} are the window's epoch minutes. */
    public Uni<CrisisAlert> explain(String stream, CrisisAlert alert, long from, long to) {
        List<Uni<List<UUID>>> sampleReads = new ArrayList<>();
        for (long m = to; m >= from; m--) {
            sampleReads.add(windows.samples(stream, m));
        }
        return Uni.combine().all().unis(windows.minutes(stream, from, to), windows.authors(stream, from, to),
                Uni.join().all(sampleReads).andFailFast()).asTuple()
                .flatMap(t -> mentions(t.getItem3().stream().flatMap(List::stream).distinct().toList()).map(sampled -> {
                    Map<String, Long> sources = new HashMap<>();
                    for (Bucket b : t.getItem1()) {
                        b.sources().forEach((k, v) -> sources.merge(k, v, Long::sum));
                    }
                    long organic = t.getItem1().stream().mapToLong(Bucket::organicVolume).sum();
                    long authored = t.getItem2().values().stream().mapToLong(Long::longValue).sum();
                    return alert.withExplanation(alert.significance(), top(terms(sampled, alert.brand()), sampled
                            .size()),
                            top(t.getItem2(), authored), top(sources, Math.max(organic, sources.values().stream()
                                    .mapToLong(Long::longValue).sum())), risk.forAlert(alert));
                }));
    }

    private Uni<List<ScoredMention>> mentions(List<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Panache.withSession(() -> Panache.getSession().flatMap(s -> s
                .createNativeQuery("select payload from recent_mentions where mention_id = any(?1)", String.class)
                .setParameter(1, ids.toArray(UUID[]::new)).getResultList()))
                .map(l -> l.stream().map(p -> EventCodec.decode(p, ScoredMention.class)).toList());
    }

    /** Mentions per term (a term counts once per mention). */
    static Map<String, Long> terms(List<ScoredMention> mentions, String brand) {
        Map<String, Long> counts = new HashMap<>();
        String own = brand == null ? "" : brand.toLowerCase(Locale.ROOT);
        for (ScoredMention sm : mentions) {
            Set<String> seen = new HashSet<>();
            sm.scores().topics().forEach(x -> seen.add(x.toLowerCase(Locale.ROOT)));
            String text = sm.mention().text() == null ? "" : sm.mention().text().toLowerCase(Locale.ROOT);
            for (String w : text.split("[^\\p{L}\\p{N}]+")) {
                if (w.length() >= 4 && !COMMON.contains(w) && !w.equals(own) && !w.chars().allMatch(
                        Character::isDigit)) {
                    seen.add(w);
                }
            }
            seen.remove(own);
            seen.forEach(x -> counts.merge(x, 1L, Long::sum));
        }
        return counts;
    }

    /** The {@link #TOP} largest counts, largest first (ties by name), with their share of {@code total}. */
    static List<CrisisAlert.Driver> top(Map<String, Long> counts, long total) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP)
                .map(e -> new CrisisAlert.Driver(e.getKey(), e.getValue(),
                        total <= 0 ? 0 : Math.round(1000.0 * e.getValue() / total) / 1000.0))
                .toList();
    }
}
