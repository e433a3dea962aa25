package io.earshot.benchmarks;

import io.earshot.contracts.Ids;
import io.earshot.contracts.events.Author;
import io.earshot.contracts.events.InsightCandidate;
import io.earshot.contracts.events.Mention;
import io.earshot.contracts.events.Scores;
import io.earshot.contracts.text.SimHash;
import io.earshot.map.clusters.ClusterStats;
import io.earshot.map.clusters.Clusterer;
import io.earshot.map.clusters.Clusterer.Key;
import io.earshot.map.clusters.Clusterer.Profile;
import io.earshot.sentiment.scoring.InsightExtractor;
import io.earshot.sentiment.scoring.Scorer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * The clusters benchmark ({@code benchmarks/run.sh clusters}): replays a seeded stream of mentions drawn from the
 * hand-labelled set (benchmarks/clusters/labelled.tsv) - skewed authors and patterns, 3% re-sends, link-free hashtag
 * noise, and a copy-paste campaign - through the scorer's {@link InsightExtractor} and map-service's
 * {@link Clusterer} and {@link ClusterStats} (the classes the service runs), and prints review items per 1,000
 * mentions, coverage and purity.
 */
public final class ClusterReport {
    private static final String BRAND = "acme";
    private static final String CAMPAIGN = "BREAKING: acme leaked customer passwords, delete your account before it is too late";

    private ClusterReport() {}

    record Labelled(String pattern, String text) {}

    /** What the replay of the synthetic stream left: each cluster's evidence and labels, and the mentions' clusters. */
    record Replay(Map<UUID, List<ClusterStats.Evidence>> evidence, Map<UUID, Map<String, Integer>> labelsOf,
            Map<UUID, Profile> profileOf, Set<UUID> candidateMentions, Map<UUID, Set<UUID>> clustersOfMention,
            int candidates) {}

    static List<Labelled> labelled(Path file) throws IOException {
        List<Labelled> set = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                String[] p = line.split("\t", 2);
                set.add(new Labelled(p[0], p[1]));
            }
        }
        return set;
    }

    /**
     * Replays {@code mentions} posts over 14 days up to {@code end}: skewed picks of the labelled texts, 3% reposts and
     * a coordinated campaign, extracted and clustered as map-service does.
     */
    static Replay replay(List<Labelled> set, int mentions, long seed, Instant end) {
        Scorer scorer = new Scorer();
        InsightExtractor extractor = new InsightExtractor(scorer);
        Random random = new Random(seed);
        Instant start = end.minus(Duration.ofDays(14));
        Map<String, List<Profile>> profiles = new HashMap<>();
        Map<UUID, List<ClusterStats.Evidence>> evidence = new LinkedHashMap<>();
        Map<UUID, Map<String, Integer>> labelsOf = new HashMap<>();
        Map<UUID, Profile> profileOf = new HashMap<>();
        Set<UUID> candidateMentions = new HashSet<>();
        Map<UUID, Set<UUID>> clustersOfMention = new HashMap<>();
        List<Object[]> sent = new ArrayList<>(); // earlier posts: {text, author, followers, pattern}
        int candidates = 0;
        int campaignFrom = mentions * 45 / 100;
        int campaignTo = campaignFrom + mentions / 50;
        for (int i = 0; i < mentions; i++) {
            String text;
            String author;
            long followers;
            String pattern;
            if (i >= campaignFrom && i < campaignTo) {
                text = CAMPAIGN;
                author = "fresh-" + i;
                followers = random.nextInt(20);
                pattern = "campaign";
            } else if (!sent.isEmpty() && random.nextInt(100) < 3) {
                Object[] earlier = sent.get(random.nextInt(sent.size()));
                text = (String) earlier[0];
                author = (String) earlier[1];
                followers = (Long) earlier[2];
                pattern = (String) earlier[3];
            } else {
                // patterns are skewed: a few loud ones, a long tail
                int pick = (int) Math.floor(Math.pow(random.nextDouble(), 1.6) * set.size());
                Labelled l = set.get(pick);
                text = l.text();
                if (random.nextInt(100) < 30) {
                    text = "@" + BRAND + " " + text;
                }
                if (random.nextInt(100) < 40) {
                    text = text + " #" + (i % 97);
                }
                author = "a" + (int) Math.floor(Math.pow(random.nextDouble(), 2) * 3_000);
                followers = (long) Math.floor(Math.pow(random.nextDouble(), 4) * 200_000);
                pattern = l.pattern();
                sent.add(new Object[]{text, author, followers, pattern});
            }
            UUID id = Ids.mentionId("bench", "m-" + i);
            Instant at = start.plusMillis((long) ((double) i / mentions * Duration.ofDays(14).toMillis()));
            Mention m = new Mention(Mention.SCHEMA_VERSION, id, "bench", "m-" + i, null, BRAND, List.of(BRAND),
                    new Author(author, null, null, followers, false, null), text, "en", at, at, null, null);
            Scores scores = scorer.score(text);
            List<InsightCandidate> found = extractor.extract(m, scores);
            for (InsightCandidate c : found) {
                candidates++;
                candidateMentions.add(id);
                Key key = new Key(BRAND, "default", c.zone(), c.theme());
                Profile p = Clusterer.assign(key, profiles.computeIfAbsent(key.encoded(), k -> new ArrayList<>()), c
                        .id(),
                        id, c.text());
                profileOf.put(p.id, p);
                long fp = SimHash.fingerprint(text);
                evidence.computeIfAbsent(p.id, k -> new ArrayList<>()).add(new ClusterStats.Evidence(id, "bench:"
                        + author,
                        "bench", c.text(), scores.sentiment(), null, fp == 0 ? null : SimHash.hex(fp),
                        followers, at));
                labelsOf.computeIfAbsent(p.id, k -> new HashMap<>()).merge(pattern, 1, Integer::sum);
                clustersOfMention.computeIfAbsent(id, k -> new HashSet<>()).add(p.id);
            }
        }

        return new Replay(evidence, labelsOf, profileOf, candidateMentions, clustersOfMention, candidates);
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of("benchmarks/clusters/labelled.tsv");
        int mentions = 4_000;
        long seed = 20261207L;
        for (int i = 0; i < args.length - 1; i++) {
            switch (args[i]) {
                case "--labelled" -> file = Path.of(args[++i]);
                case "--mentions" -> mentions = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        List<Labelled> set = labelled(file);
        Set<String> patterns = new HashSet<>();
        set.forEach(l -> patterns.add(l.pattern()));

        Instant end = Instant.parse("2026-12-07T00:00:00Z");
        Replay r = replay(set, mentions, seed, end);
        Map<UUID, List<ClusterStats.Evidence>> evidence = r.evidence();
        Map<UUID, Map<String, Integer>> labelsOf = r.labelsOf();
        Map<UUID, Profile> profileOf = r.profileOf();
        Set<UUID> candidateMentions = r.candidateMentions();
        Map<UUID, Set<UUID>> clustersOfMention = r.clustersOfMention();
        int candidates = r.candidates();

        int reviewable = 0;
        int waiting = 0;
        int campaignClusters = 0;
        Set<UUID> reviewableIds = new HashSet<>();
        long pureMembers = 0;
        long labelledMembers = 0;
        for (Map.Entry<UUID, List<ClusterStats.Evidence>> e : evidence.entrySet()) {
            Profile p = profileOf.get(e.getKey());
            ClusterStats s = ClusterStats.of(e.getValue(), p.medoidMention(), p.medoidScore(), end);
            if (s.reviewable()) {
                reviewable++;
                reviewableIds.add(e.getKey());
            } else if (s.campaignMentions() == 0) {
                waiting++;
            }
            if (s.campaignMentions() > 0) {
                campaignClusters++;
            }
            Map<String, Integer> labels = new HashMap<>(labelsOf.get(e.getKey()));
            labels.remove("campaign");
            int total = labels.values().stream().mapToInt(Integer::intValue).sum();
            int majority = labels.values().stream().mapToInt(Integer::intValue).max().orElse(0);
            if (s.reviewable()) { // purity of what an analyst reviews
                pureMembers += majority;
                labelledMembers += total;
            }
        }
        long covered = clustersOfMention.values().stream().filter(cs -> cs.stream().anyMatch(reviewableIds::contains))
                .count();
        // Facets (SAYS/FEELS clusters restating a PAINS/GAINS/... cluster's posts) are reviewed with their root.
        Map<UUID, Set<UUID>> mentionsOf = new HashMap<>();
        clustersOfMention.forEach((m, cs) -> cs.forEach(c -> mentionsOf.computeIfAbsent(c, k -> new HashSet<>()).add(
                m)));
        List<UUID> queued = reviewableIds.stream().sorted().toList();
        int facets = Clusterer.facets(queued, id -> profileOf.get(id).key, mentionsOf::get).size();
        int items = reviewable - facets;
        String now = DateTimeFormatter.ISO_INSTANT.format(Instant.now().atOffset(ZoneOffset.UTC).withNano(0));
        System.out.println("Insight clusters benchmark");
        System.out.println("date:    " + now);
        System.out.println("machine: " + Machine.describe() + ", load " + Machine.loadAverage());
        System.out.println("command: benchmarks/run.sh clusters" + (args.length == 0
                ? ""
                : " " + String.join(" ", args)));
        System.out.printf(Locale.ROOT, "data:    %s (%d labelled texts, %d patterns), %d mentions replayed, seed %d%n",
                file,
                set.size(), patterns.size(), mentions, seed);
        System.out.printf(Locale.ROOT, "candidates (review items before clusters): %d = %.1f per 1,000 mentions%n",
                candidates, candidates * 1000.0 / mentions);
        System.out.printf(Locale.ROOT,
                "clusters: %d (%d reviewable, of which %d facets reviewed with their root; %d waiting "
                        + "below %d authors; %d with campaign posts)%n", evidence.size(), reviewable, facets, waiting,
                Clusterer.QUEUE_MIN_AUTHORS, campaignClusters);
        System.out.printf(Locale.ROOT, "review items per 1,000 mentions: %.1f (%d queue items)%n", items * 1000.0
                / mentions,
                items);
        System.out.printf(Locale.ROOT,
                "coverage: %.1f%% of %d candidate mentions attached to a cluster in the review queue "
                        + "(100%% attached to some cluster)%n", covered * 100.0 / candidateMentions.size(),
                candidateMentions.size());
        System.out.printf(Locale.ROOT,
                "purity: %.3f (queue clusters' mentions whose labelled pattern is their cluster's majority; "
                        + "campaign posts left out)%n", labelledMembers == 0
                                ? 0
                                : (double) pureMembers / labelledMembers);
    }
}
