package io.earshot.map.clusters;

import io.earshot.contracts.Ids;
import io.earshot.contracts.events.Zone;
import io.earshot.contracts.text.SimHash;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Groups insight candidates into clusters, continuously: a candidate joins the cluster of its brand, persona, zone
 * and theme whose term profile contains most of its keyphrases (at least {@link #JOIN_THRESHOLD} of them), else it
 * starts a new cluster. Keyphrases are the content words of the candidate's redacted text, normalised as
 * {@link SimHash#normalisedWords} does (so reposts that differ in links, handles or accents share them), without the
 * brand and the theme (which every member shares). A cluster keeps the counts of its most frequent terms (its
 * profile, at most {@link #PROFILE_TERMS}) and its medoid: the member whose keyphrases the profile covers best.
 *
 * <p>Pure and deterministic: map-service's {@code ClusterStore} and the clusters benchmark use this one class. Near
 * duplicates are not this class' concern: they count once per author when evidence is counted (dup groups).
 */
public final class Clusterer {
    /** Share of a candidate's keyphrases a cluster's profile must hold for the candidate to join it. */
    public static final double JOIN_THRESHOLD = 0.25;
    /** Terms a cluster profile keeps. */
    public static final int PROFILE_TERMS = 32;
    /** Organic unique authors a pending cluster needs before it enters the review queue; smaller ones wait. */
    public static final int QUEUE_MIN_AUTHORS = 3;
    /** Distinct authors posting one near-duplicate text that may make it a copy-paste campaign... */
    public static final int CAMPAIGN_AUTHORS = 5;
    /** ...when at least this share of them have fewer than {@link #CAMPAIGN_FEW_FOLLOWERS} followers. */
    public static final double CAMPAIGN_FEW_SHARE = 0.6;
    public static final long CAMPAIGN_FEW_FOLLOWERS = 50;
    /** Longest gist of a statement, in characters. */
    static final int GIST = 90;

    private static final Set<String> STOP = Set.copyOf(java.util.Arrays.asList(
            ("a an and are as at be been but by can could did do does for from "
                    + "had has have he her him his how i if in into is it its just me more my no not now of on or our out so "
                    + "than that the their them then there these they this to too up us was we were what when where which who "
                    + "why will with would you your am im ive id dont cant wont isnt its ill youre thats theres via get got "
                    + "one all any also about after again very really still even only much many some every been being feels "
                    + "angry happy confused sad afraid grateful amp rt").split(" ")));
    private static final Pattern HASHTAG_NUMBER = Pattern.compile("#\\d+");
    private static final Pattern HANDLE = Pattern.compile("(?<![\\p{L}\\p{N}])@[\\p{L}\\p{N}_.]+");
    private static final Pattern URL = Pattern.compile("https?://\\S+");
    private static final Pattern FEELS = Pattern.compile("^Feels (\\p{L}+): ");

    private Clusterer() {}

    /** A cluster's key: candidates of different keys never share a cluster. */
    public record Key(String brand, String persona, Zone zone, String theme) {
        /** The key as one string (stored in {@code insight_clusters.cluster_key}). */
        public String encoded() {
            return brand + '\u001f' + persona + '\u001f' + zone.name() + '\u001f' + theme;
        }
    }

    /** A cluster as the clusterer sees it: key, term profile, size and medoid. Mutable; not thread-safe. */
    public static final class Profile {
        public final UUID id;
        public final Key key;
        /** True when this profile was created by {@link #assign} (not loaded). */
        public final boolean fresh;
        final LinkedHashMap<String, Integer> terms = new LinkedHashMap<>();
        int members;
        String medoidText;
        UUID medoidMention;
        double medoidScore;
        boolean changed;

        public Profile(UUID id, Key key, boolean fresh) {
            this.id = id;
            this.key = key;
            this.fresh = fresh;
        }

        /** A stored cluster: its profile as {@link #encodedTerms} wrote it, its size and medoid. */
        public static Profile stored(UUID id, Key key, String encodedTerms, int members, String medoidText,
                UUID medoidMention, double medoidScore) {
            Profile p = new Profile(id, key, false);
            if (encodedTerms != null) {
                for (String line : encodedTerms.split("\n")) {
                    int space = line.lastIndexOf(' ');
                    if (space > 0) {
                        p.terms.put(line.substring(0, space), Integer.parseInt(line.substring(space + 1)));
                    }
                }
            }
            p.members = members;
            p.medoidText = medoidText;
            p.medoidMention = medoidMention;
            p.medoidScore = medoidScore;
            return p;
        }

        public String encodedTerms() {
            StringBuilder b = new StringBuilder();
            terms.forEach((t, n) -> b.append(b.length() == 0 ? "" : "\n").append(t).append(' ').append(n));
            return b.toString();
        }

        public int members() {
            return members;
        }

        public String medoidText() {
            return medoidText;
        }

        public UUID medoidMention() {
            return medoidMention;
        }

        public double medoidScore() {
            return medoidScore;
        }

        /** True when {@link #assign} changed it (a new member). */
        public boolean changed() {
            return changed;
        }

        /** The profile's terms, most frequent first. */
        public List<String> topTerms(int n) {
            return terms.keySet().stream().limit(n).toList();
        }

        void add(Set<String> keyphrases) {
            for (String k : keyphrases) {
                terms.merge(k, 1, Integer::sum);
            }
            List<Map.Entry<String, Integer>> sorted = new ArrayList<>(terms.entrySet());
            sorted.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry
                    .comparingByKey()));
            terms.clear();
            sorted.stream().limit(PROFILE_TERMS).forEach(e -> terms.put(e.getKey(), e.getValue()));
            members++;
            changed = true;
        }

        /**
         * Share of the keyphrases the profile holds, each weighted by the share of the cluster's members that used it
         * (at most 1): a candidate joins when its words are what the cluster's posts commonly say, not when it shares
         * one word that a single member of a large cluster happened to use (which chained unrelated posts into one
         * cluster: until 2026-12-07 every held term weighed at least 0.5).
         */
        double coverage(Set<String> keyphrases) {
            if (keyphrases.isEmpty() || members == 0) {
                return 0;
            }
            double held = 0;
            for (String k : keyphrases) {
                Integer n = terms.get(k);
                if (n != null) {
                    held += Math.min(1.0, (double) n / members);
                }
            }
            return held / keyphrases.size();
        }
    }

    /**
     * The keyphrases of a candidate text: its content words (three letters or more, not stop words, not the brand's
     * or the theme's words), in order, once each.
     */
    public static Set<String> keyphrases(String text, String brand, String theme) {
        Set<String> ignore = new LinkedHashSet<>();
        ignore.addAll(SimHash.normalisedWords(brand));
        ignore.addAll(SimHash.normalisedWords(theme));
        Set<String> out = new LinkedHashSet<>();
        for (String w : SimHash.normalisedWords(clean(text))) {
            String word = stem(w);
            if (word.length() >= 3 && !STOP.contains(w) && !ignore.contains(w) && !ignore.contains(word)
                    && !word.chars().allMatch(Character::isDigit)) {
                out.add(word);
            }
        }
        return out;
    }

    /**
     * Places a candidate: the best-covering profile of its key when it reaches {@link #JOIN_THRESHOLD} (a candidate
     * without keyphrases joins the largest one), else a new profile added to {@code profiles}. The chosen profile
     * learns the keyphrases and may take the candidate as its medoid. {@code candidateId} seeds a new cluster's id,
     * so a replay creates the same cluster.
     */
    public static Profile assign(Key key, List<Profile> profiles, UUID candidateId, UUID mentionId, String text) {
        Set<String> kp = keyphrases(text, key.brand(), key.theme());
        Profile best = null;
        double bestScore = -1;
        for (Profile p : profiles) {
            double score = kp.isEmpty() ? p.members : p.coverage(kp);
            if (score > bestScore) {
                best = p;
                bestScore = score;
            }
        }
        if (best == null || (!kp.isEmpty() && bestScore < JOIN_THRESHOLD)) {
            best = new Profile(Ids.v5(candidateId, "cluster"), key, true);
            profiles.add(best);
        }
        best.add(kp);
        double fit = best.coverage(kp);
        double medoidFit = best.medoidText == null
                ? -1
                : best.coverage(keyphrases(best.medoidText, key.brand(), key.theme()));
        if (best.medoidText == null || fit > medoidFit + 1e-9) {
            best.medoidText = text;
            best.medoidMention = mentionId;
            best.medoidScore = fit;
        } else {
            best.medoidScore = medoidFit;
        }
        return best;
    }

    /** A profile built from these member texts in order (a split's two halves), with the given id. */
    public static Profile rebuild(UUID id, Key key, List<UUID> mentions, List<String> texts) {
        Profile p = new Profile(id, key, false);
        for (int i = 0; i < texts.size(); i++) {
            p.add(keyphrases(texts.get(i), key.brand(), key.theme()));
        }
        double best = -1;
        for (int i = 0; i < texts.size(); i++) {
            double fit = p.coverage(keyphrases(texts.get(i), key.brand(), key.theme()));
            if (fit > best + 1e-9) {
                best = fit;
                p.medoidText = texts.get(i);
                p.medoidMention = mentions.get(i);
            }
        }
        p.medoidScore = Math.max(0, best);
        return p;
    }

    /**
     * The statement of a cluster, in its zone's voice, from its medoid post and its most distinctive keyphrases, e.g.
     * PAINS: "Struggles with outage: can't work from home when the internet drops (wifi, router)". Inferred: an
     * analyst may edit it.
     */
    public static String statement(Key key, String medoidText, List<String> topTerms) {
        String feeling = null;
        String text = medoidText == null ? "" : medoidText;
        var feels = FEELS.matcher(text);
        if (feels.find()) {
            feeling = feels.group(1).toLowerCase(Locale.ROOT);
            text = text.substring(feels.end());
        }
        String gist = gist(text);
        String theme = key.theme();
        String lead = switch (key.zone()) {
            case PAINS -> "Struggles with " + theme;
            case GAINS -> "Wants better " + theme;
            case FEELS -> "Feels " + (feeling != null ? feeling : "strongly") + " about " + theme;
            case THINKS -> "Wonders about " + theme;
            case DOES -> capitalise(theme);
            case SEES -> "Sees " + theme;
            case HEARS -> "Hears about " + theme;
            case SAYS -> "Talks about " + theme;
        };
        String lowerGist = gist.toLowerCase(Locale.ROOT);
        List<String> extra = topTerms.stream().filter(t -> !lowerGist.contains(t)).limit(2).toList();
        return lead + (gist.isEmpty() ? "" : ": " + gist) + (extra.isEmpty()
                ? ""
                : " (" + String.join(", ", extra) + ")");
    }

    /** The medoid's first clause without handles, links, hashtag numbers and closing punctuation, at most GIST long. */
    public static String gist(String text) {
        String s = URL.matcher(text).replaceAll(" ");
        s = HANDLE.matcher(s).replaceAll(" ");
        s = HASHTAG_NUMBER.matcher(s).replaceAll(" ");
        s = s.replaceAll("\\s+", " ").strip();
        int end = s.length();
        for (String stop : new String[]{". ", "! ", "? ", "; "}) {
            int at = s.indexOf(stop);
            if (at > 20 && at < end) {
                end = at;
            }
        }
        s = s.substring(0, end);
        if (s.length() > GIST) {
            int cut = s.lastIndexOf(' ', GIST);
            s = s.substring(0, cut > 40 ? cut : GIST) + "\u2026";
        }
        s = s.replaceAll("[\\s.!?,;:]+$", "");
        if (!s.isEmpty() && Character.isUpperCase(s.charAt(0)) && (s.length() < 2 || !Character.isUpperCase(s.charAt(
                1)))) {
            s = Character.toLowerCase(s.charAt(0)) + s.substring(1);
        }
        return s;
    }

    private static String clean(String text) {
        if (text == null) {
            return "";
        }
        String s = FEELS.matcher(text).replaceFirst("");
        return HASHTAG_NUMBER.matcher(s).replaceAll(" ");
    }

    /** A light plural/tense fold so "crashes", "crashing" and "crash" meet. */
    static String stem(String w) {
        if (w.length() > 5 && w.endsWith("ing")) {
            return w.substring(0, w.length() - 3);
        }
        if (w.length() > 4 && w.endsWith("ed")) {
            return w.substring(0, w.length() - 2);
        }
        if (w.length() > 4 && w.endsWith("es")) {
            return w.substring(0, w.length() - 2);
        }
        if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss")) {
            return w.substring(0, w.length() - 1);
        }
        return w;
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** Share of a restating cluster's mentions another cluster must hold for the first to be a facet of it. */
    public static final double FACET_OVERLAP = 0.6;

    /**
     * How much a zone states a pattern on its own: PAINS, GAINS, DOES, THINKS, SEES and HEARS name it; FEELS and SAYS
     * mostly restate the same posts (the extractor draws a SAYS and a FEELS candidate from the sentence that also made
     * the PAINS one).
     */
    static int rank(Zone zone) {
        return switch (zone) {
            case SAYS -> 0;
            case FEELS -> 1;
            default -> 2;
        };
    }

    /**
     * Facets: a cluster whose mentions are mostly ({@link #FACET_OVERLAP}) those of a cluster of the same brand and
     * persona in a higher-ranked zone is shown and reviewed as a facet of it ("also says", "also feels") instead of as
     * an item of its own. The result maps each facet to its root (a chain SAYS -> FEELS -> PAINS ends at PAINS).
     */
    public static <T> Map<T, T> facets(List<T> clusters, java.util.function.Function<T, Key> keyOf,
            java.util.function.Function<T, Set<UUID>> mentionsOf) {
        Map<T, T> parent = new LinkedHashMap<>();
        for (T x : clusters) {
            Key kx = keyOf.apply(x);
            Set<UUID> mx = mentionsOf.apply(x);
            if (mx.isEmpty()) {
                continue;
            }
            T best = null;
            double bestShare = FACET_OVERLAP;
            for (T y : clusters) {
                Key ky = keyOf.apply(y);
                if (y == x || rank(ky.zone()) <= rank(kx.zone()) || !ky.brand().equals(kx.brand())
                        || !ky.persona().equals(kx.persona())) {
                    continue;
                }
                Set<UUID> my = mentionsOf.apply(y);
                long shared = mx.stream().filter(my::contains).count();
                double share = (double) shared / mx.size();
                if (share >= bestShare) {
                    best = y;
                    bestShare = share;
                }
            }
            if (best != null) {
                parent.put(x, best);
            }
        }
        Map<T, T> root = new LinkedHashMap<>();
        for (T x : parent.keySet()) {
            T r = parent.get(x);
            while (parent.containsKey(r)) {
                r = parent.get(r);
            }
            root.put(x, r);
        }
        return root;
    }

    /** Orders profiles largest first (for reports). */
    public static final Comparator<Profile> LARGEST_FIRST = Comparator.comparingInt(Profile::members).reversed()
            .thenComparing(p -> p.id);
}
