package io.earshot.sentiment.scoring;

import io.earshot.contracts.Ids;
import io.earshot.contracts.events.Emotions;
import io.earshot.contracts.events.InsightCandidate;
import io.earshot.contracts.events.Mention;
import io.earshot.contracts.events.Scores;
import io.earshot.contracts.events.SentimentLabel;
import io.earshot.contracts.events.Zone;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Rule-based extraction of empathy-map candidates from one scored mention:
 * <ul>
 * <li>SAYS: the sentence most loaded with sentiment, verbatim (the mention text is already redacted);</li>
 * <li>THINKS: "I think", "is it worth", "I feel like", ...;</li>
 * <li>DOES: cancelled, switched to, called support, returned, ... (theme = the behaviour);</li>
 * <li>FEELS: the dominant emotion when it reaches {@link #EMOTION_THRESHOLD};</li>
 * <li>PAINS: a negative sentence about a product aspect (billing, outage, app, support, price, ...);</li>
 * <li>GAINS: "I wish", "would love", "love that", ....</li>
 * </ul>
 * Themes are normalised aspect keywords, else the sentence's main noun, else "general". Candidate ids are
 * deterministic ({@link Ids#candidateId}); one candidate per zone and theme. Deterministic and thread-safe.
 */
public final class InsightExtractor {
    public static final String PERSONA = "default";
    static final String GENERAL = "general";
    static final double EMOTION_THRESHOLD = 0.4;
    static final double PAIN_THRESHOLD = -0.25;
    static final double STRONG_PAIN_THRESHOLD = -0.5;
    static final double SAYS_THRESHOLD = 0.05;
    /** Below this |compound| a positive/negative label alone ("ok", "good morning") is chit-chat, not an opinion. */
    static final double OPINION_THRESHOLD = 0.2;
    static final int MAX_TEXT = 280;

    private static final Set<String> DETERMINERS = Set.of("the", "my", "our", "your", "their", "this", "that",
            "these", "those", "his", "her", "its", "a", "an", "new");
    private static final String[] FEELINGS = {"angry", "happy", "confused", "sad", "afraid", "grateful"};

    private final Scorer scorer;
    private final Lexicon lex;

    public InsightExtractor() {
        this(new Scorer());
    }

    public InsightExtractor(Scorer scorer) {
        this.scorer = Objects.requireNonNull(scorer, "scorer");
        this.lex = scorer.lexicon();
    }

    /**
     * Candidates for {@code mention}; {@code scores} is the scorer's verdict on it (scored here when null). Empty for
     * empty text and neutral chit-chat; at least one candidate for an opinionated mention.
     */
    public List<InsightCandidate> extract(Mention mention, Scores scores) {
        if (mention == null || mention.text() == null || mention.text().isBlank() || mention.fromBot()) {
            return List.of(); // a bot's turn in a live conversation is not the customer's voice
        }
        final String text = mention.text();
        final Analysis a = scorer.analyze(text, false);
        final Scores s = scores != null ? scores : a.scores;
        final Tokens t = a.tokens;
        if (t == null || t.count == 0 || t.sentences == 0) {
            return List.of();
        }
        Sentences ss = sentences(text, a, brandTerms(mention));

        Emotions em = s.emotions();
        double[] emo = {em.anger(), em.joy(), em.confusion(), em.sadness(), em.fear(), em.gratitude()};
        int dominant = 0;
        for (int k = 1; k < emo.length; k++) {
            if (emo[k] > emo[dominant]) {
                dominant = k;
            }
        }
        boolean opinionatedLabel = s.label() == SentimentLabel.mixed
                || ((s.label() == SentimentLabel.positive || s.label() == SentimentLabel.negative)
                        && Math.abs(s.sentiment()) >= OPINION_THRESHOLD);
        boolean opinionated = opinionatedLabel || ss.anyCue || emo[dominant] >= EMOTION_THRESHOLD
                || s.distress().present() || s.sarcasm() >= Scorer.SARCASM_FLIP || s.urgency() >= 0.3;
        if (!opinionated) {
            return List.of();
        }

        // One candidate per zone and sentence, in this order: SAYS, THINKS, DOES, FEELS, PAINS, GAINS.
        final Builder out = new Builder(mention, text);
        int loaded = says(out, ss, opinionatedLabel);
        cues(out, ss);
        if (emo[dominant] >= EMOTION_THRESHOLD) {
            feels(out, ss, dominant);
        }
        pains(out, ss);
        gains(out, ss);
        if (out.isEmpty()) {
            int si = loaded >= 0 ? loaded : 0;
            out.add(Zone.SAYS, ss.text(si), ss.theme(si, -1, -1));
        }
        return out.list();
    }

    /** Per-sentence sentiment, token ranges, aspects and cues of one mention's text. */
    private final class Sentences {
        final String text;
        final Tokens t;
        final Set<String> ignore;
        final int count;
        final double[] raw;
        final int[] first;
        final int[] last;
        final String[] aspect;
        final Phrase[] thinks;
        final int[] thinksAt;
        final Phrase[] does;
        final Phrase[] gains;
        final int[] gainsAt;
        boolean anyCue;

        Sentences(String text, Tokens t, Set<String> ignore) {
            this.text = text;
            this.t = t;
            this.ignore = ignore;
            this.count = t.sentences;
            raw = new double[count];
            first = new int[count];
            last = new int[count];
            Arrays.fill(first, -1);
            aspect = new String[count];
            thinks = new Phrase[count];
            thinksAt = new int[count];
            does = new Phrase[count];
            gains = new Phrase[count];
            gainsAt = new int[count];
        }

        boolean empty(int si) {
            return first[si] < 0;
        }

        String text(int si) {
            return sentenceText(text, t, si);
        }

        String theme(int si, int cueFrom, int cueTo) {
            return InsightExtractor.this.theme(t, si, first, last, aspect, cueFrom, cueTo, ignore);
        }
    }

    private Sentences sentences(String text, Analysis a, Set<String> ignore) {
        final Tokens t = a.tokens;
        Sentences ss = new Sentences(text, t, ignore);
        for (int i = 0; i < t.count; i++) {
            int si = t.sentence[i];
            if (ss.first[si] < 0) {
                ss.first[si] = i;
            }
            ss.last[si] = i;
            if (a.unit[i]) {
                ss.raw[si] += a.contribution[i];
            }
            if (t.entry[i] == null && (t.flags[i] & Tokenizer.NUM) == 0) {
                continue;
            }
            if (ss.aspect[si] == null) {
                Phrase p = lex.longest(t, i, Family.ASPECT);
                if (p != null) {
                    ss.aspect[si] = p.label;
                }
            }
            if (ss.thinks[si] == null) {
                Phrase p = lex.longest(t, i, Family.THINKS);
                if (p != null) {
                    ss.thinks[si] = p;
                    ss.thinksAt[si] = i;
                    ss.anyCue = true;
                }
            }
            if (ss.does[si] == null) {
                Phrase p = lex.longest(t, i, Family.DOES);
                if (p != null) {
                    ss.does[si] = p;
                    ss.anyCue = true;
                }
            }
            if (ss.gains[si] == null) {
                Phrase p = lex.longest(t, i, Family.GAINS);
                if (p != null) {
                    ss.gains[si] = p;
                    ss.gainsAt[si] = i;
                    ss.anyCue = true;
                }
            }
        }
        return ss;
    }

    /** SAYS: the sentence most loaded with sentiment; returns it (-1: none). */
    private static int says(Builder out, Sentences ss, boolean opinionatedLabel) {
        int loaded = -1;
        double loadedAbs = -1;
        for (int si = 0; si < ss.count; si++) {
            if (ss.empty(si)) {
                continue;
            }
            double c = Math.abs(compound(ss.raw[si]));
            if (c > loadedAbs) {
                loadedAbs = c;
                loaded = si;
            }
        }
        if (loaded >= 0 && (loadedAbs >= SAYS_THRESHOLD || opinionatedLabel)) {
            out.add(Zone.SAYS, ss.text(loaded), ss.theme(loaded, -1, -1));
        }
        return loaded;
    }

    /** THINKS (themed around the cue), then DOES (the theme is the behaviour). */
    private static void cues(Builder out, Sentences ss) {
        for (int si = 0; si < ss.count; si++) {
            if (ss.thinks[si] != null) {
                int at = ss.thinksAt[si];
                out.add(Zone.THINKS, ss.text(si), ss.theme(si, at, at + ss.thinks[si].length));
            }
        }
        for (int si = 0; si < ss.count; si++) {
            if (ss.does[si] != null) {
                out.add(Zone.DOES, ss.text(si), ss.does[si].label);
            }
        }
    }

    /** FEELS: the dominant emotion, on the sentence that leans most its way. */
    private static void feels(Builder out, Sentences ss, int dominant) {
        boolean positiveEmotion = dominant == Lexicon.JOY || dominant == Lexicon.GRATITUDE;
        int pick = -1;
        for (int si = 0; si < ss.count; si++) {
            if (ss.empty(si)) {
                continue;
            }
            if (pick < 0 || (positiveEmotion ? ss.raw[si] > ss.raw[pick] : ss.raw[si] < ss.raw[pick])) {
                pick = si;
            }
        }
        if (pick >= 0) {
            String theme = ss.aspect[pick] != null ? ss.aspect[pick] : Lexicon.EMOTION_NAMES[dominant];
            out.add(Zone.FEELS, "Feels " + FEELINGS[dominant] + ": " + ss.text(pick), theme);
        }
    }

    /** PAINS: negative sentences about an aspect (or strongly negative ones). */
    private static void pains(Builder out, Sentences ss) {
        for (int si = 0; si < ss.count; si++) {
            if (ss.empty(si)) {
                continue;
            }
            double c = compound(ss.raw[si]);
            if (c <= PAIN_THRESHOLD && (ss.aspect[si] != null || c <= STRONG_PAIN_THRESHOLD)) {
                String theme = ss.theme(si, -1, -1);
                if (ss.aspect[si] != null || !theme.equals(GENERAL)) {
                    out.add(Zone.PAINS, ss.text(si), theme);
                }
            }
        }
    }

    /** GAINS, themed around the cue. */
    private static void gains(Builder out, Sentences ss) {
        for (int si = 0; si < ss.count; si++) {
            if (ss.gains[si] != null) {
                int at = ss.gainsAt[si];
                out.add(Zone.GAINS, ss.text(si), ss.theme(si, at, at + ss.gains[si].length));
            }
        }
    }

    // -------------------------------------------------------------------- helpers

    private static double compound(double x) {
        return x / Math.sqrt(x * x + Scorer.ALPHA);
    }

    private static Set<String> brandTerms(Mention m) {
        Set<String> out = new HashSet<>();
        if (m.brand() != null) {
            for (String w : m.brand().toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}']+")) {
                if (!w.isEmpty()) {
                    out.add(w);
                }
            }
        }
        for (String term : m.matchedTerms()) {
            if (term != null) {
                out.add(term.toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    /** The aspect of the sentence, else its main noun (skipping the cue's tokens), else "general". */
    private String theme(Tokens t, int si, int[] first, int[] last, String[] aspect, int skipFrom, int skipTo,
            Set<String> ignore) {
        if (aspect[si] != null) {
            return aspect[si];
        }
        if (first[si] < 0) {
            return GENERAL;
        }
        boolean afterDeterminer = false;
        String firstContent = null;
        for (int i = first[si]; i <= last[si]; i++) {
            if (i >= skipFrom && i < skipTo) {
                afterDeterminer = false;
                continue;
            }
            String w = t.norm(i);
            if (DETERMINERS.contains(w)) {
                afterDeterminer = true;
                continue;
            }
            if (isContent(t, i) && !ignore.contains(w)) {
                String noun = w.endsWith("'s") ? w.substring(0, w.length() - 2) : w;
                if (afterDeterminer) {
                    return noun;
                }
                if (firstContent == null) {
                    firstContent = noun;
                }
            }
            if ((t.flags[i] & Tokenizer.CLAUSE_END) != 0) {
                afterDeterminer = false;
            }
        }
        return firstContent != null ? firstContent : GENERAL;
    }

    private static boolean isContent(Tokens t, int i) {
        if ((t.flags[i] & (Tokenizer.EMOJI | Tokenizer.NUM)) != 0) {
            return false;
        }
        String w = t.norm(i);
        if (w.length() < 3) {
            return false;
        }
        for (int k = 0; k < w.length(); k++) {
            char c = w.charAt(k);
            if (!Character.isLetter(c) && c != '\'') {
                return false;
            }
        }
        Entry e = t.entry[i];
        return e == null || (!e.stop && !e.hasValence && !e.booster && !e.negator && !e.number
                && e.contrast == Entry.CONTRAST_NONE && e.emotions == null);
    }

    private static String sentenceText(String text, Tokens t, int si) {
        int from = Math.max(0, Math.min(t.sentStart[si], text.length()));
        int to = Math.max(from, Math.min(t.sentEnd[si], text.length()));
        StringBuilder b = new StringBuilder(Math.min(to - from, MAX_TEXT + 1));
        boolean space = false;
        for (int k = from; k < to; k++) {
            char c = text.charAt(k);
            if (Character.isWhitespace(c)) {
                space = b.length() > 0;
                continue;
            }
            if (space) {
                b.append(' ');
                space = false;
            }
            b.append(c);
            if (b.length() >= MAX_TEXT) {
                if (Character.isHighSurrogate(c) && k + 1 < to) {
                    b.append(text.charAt(k + 1));
                }
                dropOpenPlaceholder(b);
                b.append('\u2026');
                break;
            }
        }
        return b.toString();
    }

    /**
     * Drops a redaction placeholder the cut went through ("email me at [EMAI"): a reader would take the fragment
     * for text, so the excerpt ends before it.
     */
    static void dropOpenPlaceholder(StringBuilder b) {
        int open = b.lastIndexOf("[");
        if (open < 0 || b.indexOf("]", open) >= 0) {
            return;
        }
        for (int k = open + 1; k < b.length(); k++) {
            char c = b.charAt(k);
            if (!(c >= 'A' && c <= 'Z') && c != '_') {
                return;
            }
        }
        int end = open;
        while (end > 0 && b.charAt(end - 1) == ' ') {
            end--;
        }
        b.setLength(end);
    }

    /** Accumulates candidates, one per (zone, theme), in insertion order. */
    private static final class Builder {
        private final Map<String, InsightCandidate> byKey = new LinkedHashMap<>();
        private final Mention mention;
        private final UUID basis;
        private final List<UUID> evidence;
        private final Instant seen;

        Builder(Mention mention, String text) {
            this.mention = mention;
            this.basis = mention.id() != null ? mention.id() : Ids.v5(Ids.NAMESPACE, "text\u0000" + text);
            this.evidence = mention.id() != null ? List.of(mention.id()) : List.of();
            this.seen = mention.createdAt();
        }

        void add(Zone zone, String text, String theme) {
            String key = zone.name() + "\u0000" + theme;
            if (byKey.containsKey(key) || text.isEmpty()) {
                return;
            }
            byKey.put(key, new InsightCandidate(InsightCandidate.SCHEMA_VERSION,
                    Ids.candidateId(basis, zone.name(), theme), mention.brand(), PERSONA, zone, text, theme,
                    evidence, 1, seen, seen));
        }

        boolean isEmpty() {
            return byKey.isEmpty();
        }

        List<InsightCandidate> list() {
            return List.copyOf(new ArrayList<>(byKey.values()));
        }
    }
}
