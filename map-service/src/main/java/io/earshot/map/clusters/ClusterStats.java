package io.earshot.map.clusters;

import io.earshot.map.maps.Trend;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * What a cluster's evidence adds up to: counts, distributions, trend, impact and confidence, and its representative
 * quotes. Pure; the service and the clusters benchmark compute the same figures.
 *
 * <ul>
 * <li>Evidence counts once per author and near-duplicate group (an author posting the same text five times is one
 * mention).</li>
 * <li>A near-duplicate group posted by {@link Clusterer#CAMPAIGN_AUTHORS} or more authors, most of them
 * ({@link Clusterer#CAMPAIGN_FEW_SHARE}) with fewer than {@link Clusterer#CAMPAIGN_FEW_FOLLOWERS} followers, is a
 * copy-paste campaign (as the crisis detector's coordination rule weighs low-follower accounts): counted apart
 * ({@link #campaignMentions}) and left out of every other figure.</li>
 * <li>impact = volume x velocity x negativity x reach, where volume = organic mentions, velocity = (last 7 days + 1)
 * / (the 7 days before + 1) bounded to [0.25, 4], negativity = 0.25 + 0.75 x the share of negative evidence
 * (sentiment &lt;= -0.05), reach = log10(10 + the organic authors' followers).</li>
 * <li>confidence = authors / (authors + 3) x (0.5 + 0.5 x cohesion), cohesion being how well the cluster's profile
 * covers its medoid (0..1).</li>
 * </ul>
 */
public record ClusterStats(int mentions, int authors, int campaignMentions, int campaignAuthors, List<String> sources,
        Instant firstSeen, Instant lastSeen, Map<String, Integer> sentiment, Map<String, Integer> emotions, Trend trend,
        double volume, double velocity, double negativity, double reach, double impact, String impactMaths,
        double confidence, List<Quote> quotes) {

    static final Duration WINDOW = Duration.ofDays(7);
    public static final int QUOTES = 5;

    /** One mention of a cluster's evidence, as stored. */
    public record Evidence(UUID mentionId, String authorKey, String source, String quote, Double sentiment,
            String emotion, String dupGroup, Long followers, Instant seenAt) {}

    /** A representative quote: observed, verbatim (already redacted) text. */
    public record Quote(UUID mentionId, String text, String source, Instant seenAt) {}

    /** The figures of one cluster's evidence at {@code now}; {@code medoid} is the medoid mention (quoted first). */
    public static ClusterStats of(List<Evidence> evidence, UUID medoid, double cohesion, Instant now) {
        Map<String, Map<String, Boolean>> authorsOfGroup = new HashMap<>(); // group -> author -> few followers
        for (Evidence e : evidence) {
            boolean few = e.followers() != null && e.followers() < Clusterer.CAMPAIGN_FEW_FOLLOWERS;
            authorsOfGroup.computeIfAbsent(group(e), g -> new HashMap<>()).merge(author(e), few, Boolean::logicalAnd);
        }
        Set<String> campaignGroups = new HashSet<>();
        authorsOfGroup.forEach((g, a) -> {
            long few = a.values().stream().filter(Boolean::booleanValue).count();
            if (!g.startsWith("m:") && a.size() >= Clusterer.CAMPAIGN_AUTHORS
                    && few >= Clusterer.CAMPAIGN_FEW_SHARE * a.size()) {
                campaignGroups.add(g);
            }
        });
        Map<String, Evidence> organic = new LinkedHashMap<>(); // once per author and dup group, earliest kept
        Set<String> campaignMentionKeys = new HashSet<>();
        Set<String> campaignAuthors = new HashSet<>();
        List<Evidence> sorted = new ArrayList<>(evidence);
        sorted.sort(Comparator.comparing(Evidence::seenAt).thenComparing(Evidence::mentionId));
        for (Evidence e : sorted) {
            String g = group(e);
            String once = author(e) + '\u001f' + g;
            if (campaignGroups.contains(g)) {
                campaignMentionKeys.add(once);
                campaignAuthors.add(author(e));
            } else {
                organic.putIfAbsent(once, e);
            }
        }
        List<Evidence> counted = List.copyOf(organic.values());
        Set<String> authors = new HashSet<>();
        Set<String> sources = new TreeSet<>();
        Map<String, Long> followersOf = new HashMap<>();
        Map<String, Integer> sentiment = new LinkedHashMap<>();
        sentiment.put("negative", 0);
        sentiment.put("neutral", 0);
        sentiment.put("positive", 0);
        Map<String, Integer> emotions = new TreeMap<>();
        Instant first = null;
        Instant last = null;
        long recent = 0;
        long previous = 0;
        Instant weekAgo = now.minus(WINDOW);
        Instant twoWeeksAgo = weekAgo.minus(WINDOW);
        int negative = 0;
        for (Evidence e : counted) {
            authors.add(author(e));
            if (e.source() != null) {
                sources.add(e.source());
            }
            if (e.followers() != null) {
                followersOf.merge(author(e), e.followers(), Math::max);
            }
            String label = label(e.sentiment());
            sentiment.merge(label, 1, Integer::sum);
            if (label.equals("negative")) {
                negative++;
            }
            if (e.emotion() != null) {
                emotions.merge(e.emotion().toLowerCase(Locale.ROOT), 1, Integer::sum);
            }
            first = first == null || e.seenAt().isBefore(first) ? e.seenAt() : first;
            last = last == null || e.seenAt().isAfter(last) ? e.seenAt() : last;
            if (!e.seenAt().isBefore(weekAgo) && !e.seenAt().isAfter(now)) {
                recent++;
            } else if (!e.seenAt().isBefore(twoWeeksAgo) && e.seenAt().isBefore(weekAgo)) {
                previous++;
            }
        }
        int n = counted.size();
        double volume = n;
        double velocity = Math.max(0.25, Math.min(4.0, (recent + 1.0) / (previous + 1.0)));
        double negativity = 0.25 + 0.75 * (n == 0 ? 0 : (double) negative / n);
        long followers = followersOf.values().stream().mapToLong(Long::longValue).sum();
        double reach = Math.log10(10.0 + followers);
        double impact = volume * velocity * negativity * reach;
        String maths = String.format(Locale.ROOT, "%d mentions x %.2f velocity x %.2f negativity x %.2f reach = %.1f",
                n, velocity, negativity, reach, impact);
        double cohesionShare = Math.max(0, Math.min(1, cohesion));
        double confidence = authors.size() / (authors.size() + 3.0) * (0.5 + 0.5 * cohesionShare);
        return new ClusterStats(n, authors.size(), campaignMentionKeys.size(), campaignAuthors.size(),
                List.copyOf(sources), first, last, sentiment, emotions, Trend.of(recent, previous), volume, velocity,
                negativity, reach, impact, maths, confidence, quotes(counted, medoid));
    }

    /** True when a pending cluster has enough organic evidence to be worth an analyst's look. */
    public boolean reviewable() {
        return authors >= Clusterer.QUEUE_MIN_AUTHORS;
    }

    /**
     * Up to {@link #QUOTES} diverse quotes: the medoid's first, then the most recent of other authors whose text is
     * neither the same near-duplicate group nor the same words as one already chosen.
     */
    static List<Quote> quotes(List<Evidence> counted, UUID medoid) {
        List<Evidence> order = new ArrayList<>(counted);
        order.sort(Comparator.comparing((Evidence e) -> !e.mentionId().equals(medoid))
                .thenComparing(Evidence::seenAt, Comparator.reverseOrder()).thenComparing(Evidence::mentionId));
        List<Quote> out = new ArrayList<>();
        Set<String> groups = new HashSet<>();
        Set<String> texts = new HashSet<>();
        Set<String> authors = new HashSet<>();
        for (Evidence e : order) {
            if (out.size() >= QUOTES) {
                break;
            }
            if (e.quote() == null || e.quote().isBlank()) {
                continue;
            }
            String words = String.join(" ", io.earshot.contracts.text.SimHash.normalisedWords(e.quote()));
            if (!groups.add(group(e)) || !texts.add(words) || !authors.add(author(e))) {
                continue;
            }
            out.add(new Quote(e.mentionId(), e.quote(), e.source(), e.seenAt()));
        }
        return out;
    }

    private static String group(Evidence e) {
        return e.dupGroup() != null ? "d:" + e.dupGroup() : "m:" + e.mentionId();
    }

    private static String author(Evidence e) {
        return e.authorKey() != null ? e.authorKey() : "mention:" + e.mentionId();
    }

    static String label(Double sentiment) {
        if (sentiment == null) {
            return "neutral";
        }
        return sentiment <= -0.05 ? "negative" : sentiment >= 0.05 ? "positive" : "neutral";
    }
}
