package io.earshot.sentiment.scoring;

import io.earshot.contracts.events.DistressKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Distress patterns from {@code lexicon/distress.tsv}: short token patterns over word classes with small gaps, for
 * distress phrased in many ways ("everyone would be better off without me", "no point in going on", "your driver
 * grabbed my arm"), where a fixed phrase list would need every wording. A pattern is a sequence of elements:
 *
 * <ul>
 *   <li>{@code @name}: any word of the class {@code name} (a {@code class} line);</li>
 *   <li>{@code a|b|c}: any of these words; a plain word is a one-word choice;</li>
 *   <li>{@code *} (or {@code *N}): a gap of 0 to 3 (or N) tokens of the same sentence;</li>
 *   <li>{@code $}: the end of a clause or of the text.</li>
 * </ul>
 *
 * A pattern matches inside one sentence. A pattern of kind {@code none} is a suppressor: a distress cue or pattern
 * whose tokens overlap its match does not count ("die of embarrassment", "don't want to die"); kind {@code earnest}
 * marks "I mean it" (laughter elsewhere then does not make a self-harm cue a joke). Immutable once loaded.
 */
final class DistressPatterns {
    static final int DEFAULT_GAP = 3;
    static final int SUPPRESSOR = -1;
    /** Kind {@code earnest}: the writer says they mean it ("not joking"), so laughter does not discount. */
    static final int EARNEST = -2;
    /** Kind {@code not_<kind>} is stored as {@code NOT_KIND - ordinal}: a suppressor of that kind only. */
    static final int NOT_KIND = -10;
    /** The element {@code $}: the end of a clause or of the text (matches no token). */
    static final int END = -1;
    /** The class {@code laugh}: laughter that discounts self-harm and grief cues ("lol", "😂"). */
    static final String LAUGH = "laugh";

    /** One pattern: element {@code k} is the word set {@code sets[k]}, after a gap of up to {@code gaps[k]} tokens. */
    static final class Pattern {
        final int kind;
        final double weight;
        final int[] sets;
        final int[] gaps;
        final String text;

        Pattern(int kind, double weight, int[] sets, int[] gaps, String text) {
            this.kind = kind;
            this.weight = weight;
            this.sets = sets;
            this.gaps = gaps;
            this.text = text;
        }
    }

    /** A match: the kind's ordinal (or {@link #SUPPRESSOR}), its weight and tokens {@code [start, end)}. */
    record Hit(int kind, double weight, int start, int end, String cue) {
        boolean overlaps(Hit o) {
            return start < o.end && o.start < end;
        }

        /** This suppressor (kind {@code none} or {@code not_<kind>}) cancels {@code h}. */
        boolean suppresses(Hit h) {
            return (kind == SUPPRESSOR || kind == NOT_KIND - h.kind) && overlaps(h);
        }
    }

    private final Map<String, List<String>> classes = new HashMap<>();
    private final Map<String, Integer> setIds = new HashMap<>();
    private int patternCount;
    /** The word set of the class {@link #LAUGH}, or -1. */
    int laughSet = -1;

    int size() {
        return patternCount;
    }

    void addClass(String name, String[] words, Lexicon lex) {
        if (classes.putIfAbsent(name, List.of(words)) != null) {
            throw new IllegalStateException("distress.tsv: class @" + name + " defined twice");
        }
        if (name.equals(LAUGH)) {
            laughSet = setId("@" + LAUGH, List.of(words), lex);
        }
    }

    /** Compiles one pattern line; {@code entry} makes (or finds) the lexicon entry of a normalised token. */
    void addPattern(String kindName, String pattern, double weight, Lexicon lex) {
        int kind = switch (kindName) {
            case "none" -> SUPPRESSOR;
            case "earnest" -> EARNEST;
            default -> kindName.startsWith("not_")
                    ? NOT_KIND - DistressKind.valueOf(kindName.substring(4)).ordinal()
                    : DistressKind.valueOf(kindName).ordinal();
        };
        if (weight < 0 || weight > 1) {
            throw new IllegalStateException("distress.tsv: weight out of range for " + pattern);
        }
        List<Integer> sets = new ArrayList<>();
        List<Integer> gaps = new ArrayList<>();
        int pendingGap = 0;
        for (String el : pattern.trim().split(" +")) {
            if (el.equals("$")) {
                if (sets.isEmpty()) {
                    throw new IllegalStateException("distress.tsv: a pattern cannot start with $: " + pattern);
                }
                gaps.add(pendingGap);
                pendingGap = 0;
                sets.add(END);
                continue;
            }
            if (el.startsWith("*")) {
                pendingGap += el.length() == 1 ? DEFAULT_GAP : Integer.parseInt(el.substring(1));
                continue;
            }
            List<String> words = new ArrayList<>();
            for (String alt : el.split("\\|")) {
                if (alt.startsWith("@")) {
                    List<String> cls = classes.get(alt.substring(1));
                    if (cls == null) {
                        throw new IllegalStateException("distress.tsv: unknown class " + alt + " in " + pattern);
                    }
                    words.addAll(cls);
                } else {
                    words.add(alt);
                }
            }
            if (sets.isEmpty() && pendingGap > 0) {
                throw new IllegalStateException("distress.tsv: a pattern cannot start with a gap: " + pattern);
            }
            gaps.add(pendingGap);
            pendingGap = 0;
            sets.add(setId(el, words, lex));
        }
        if (sets.isEmpty() || pendingGap > 0) {
            throw new IllegalStateException("distress.tsv: empty pattern or trailing gap: " + pattern);
        }
        Pattern p = new Pattern(kind, weight, sets.stream().mapToInt(Integer::intValue).toArray(),
                gaps.stream().mapToInt(Integer::intValue).toArray(), pattern.trim());
        int first = p.sets[0];
        for (Entry e : lex.entries.values()) {
            if (e.inDistressSet(first)) {
                e.addDistressPattern(p);
            }
        }
        patternCount++;
    }

    private int setId(String key, List<String> words, Lexicon lex) {
        Integer id = setIds.get(key);
        if (id != null) {
            return id;
        }
        int nid = setIds.size();
        setIds.put(key, nid);
        for (String w : words) {
            String[] toks = lex.keyTokens(w);
            if (toks.length != 1) {
                throw new IllegalStateException("distress.tsv: '" + w + "' is not one token (" + String.join(" ", toks)
                        + "); write it as separate elements");
            }
            lex.entryOf(toks[0]).addDistressSet(nid);
            if (toks[0].length() > 2 && Character.isLetter(toks[0].charAt(toks[0].length() - 1))) {
                lex.entryOf(toks[0] + "'s").addDistressSet(nid); // "mum's", "driver's"
            }
        }
        return nid;
    }

    /** Every match in {@code t}, suppressors included (the shortest match of each pattern at each start). */
    List<Hit> match(Tokens t) {
        List<Hit> hits = null;
        final int n = t.count;
        for (int i = 0; i < n; i++) {
            Entry e = t.entry[i];
            if (e == null || e.distressPatterns == null) {
                continue;
            }
            for (Pattern p : e.distressPatterns) {
                int end = matchFrom(p, 1, i + 1, t, t.sentence[i]);
                if (end > 0) {
                    if (hits == null) {
                        hits = new ArrayList<>(4);
                    }
                    hits.add(new Hit(p.kind, p.weight, i, end, p.text));
                }
            }
        }
        return hits == null ? List.of() : hits;
    }

    /** Matches {@code p.sets[k..]} from token {@code j}; the end (exclusive) of the shortest match, or -1. */
    private static int matchFrom(Pattern p, int k, int j, Tokens t, int sentence) {
        if (k == p.sets.length) {
            return j;
        }
        int maxGap = p.gaps[k];
        if (p.sets[k] == END) {
            for (int g = 0; g <= maxGap; g++) {
                int last = j + g - 1;
                if (last >= t.count) {
                    return -1;
                }
                if (last == t.count - 1 || (t.flags[last] & Tokenizer.CLAUSE_END) != 0) {
                    return matchFrom(p, k + 1, last + 1, t, sentence);
                }
            }
            return -1;
        }
        for (int g = 0; g <= maxGap; g++) {
            int idx = j + g;
            if (idx >= t.count || t.sentence[idx] != sentence) {
                return -1;
            }
            Entry e = t.entry[idx];
            if (e != null && e.inDistressSet(p.sets[k])) {
                int end = matchFrom(p, k + 1, idx + 1, t, sentence);
                if (end > 0) {
                    return end;
                }
            }
        }
        return -1;
    }
}
