package io.earshot.sentiment.scoring;

import java.util.Arrays;

/**
 * Everything the lexicon knows about one normalised token, so that scoring needs a single hash lookup per token.
 * Mutable only while the lexicon loads; read-only afterwards.
 */
final class Entry {
    static final byte CONTRAST_NONE = 0;
    /** "but": what follows weighs more, what precedes weighs less. */
    static final byte CONTRAST_AFTER = 1;
    /** "although": the clause it opens weighs less, the rest more. */
    static final byte CONTRAST_BEFORE = 2;

    final String key;
    final int hash;
    boolean hasValence;
    double valence;
    boolean booster;
    double boost;
    boolean negator;
    byte contrast;
    /** Emotion weights indexed like {@link Lexicon#EMOTION_NAMES}, or null. */
    double[] emotions;
    boolean stop;
    boolean number;
    boolean kin;
    /** Multi-token phrases starting with this token, by family ordinal, each array longest first; null when none. */
    Phrase[][] phrases;
    /**
     * Per family, the second token's entry of each phrase of {@link #phrases} in the same order (null: a number), so
     * that matching the next token reads no phrase that cannot match.
     */
    Entry[][] seconds;
    /** The one-token cue of each family for this token, by family ordinal; null when none. */
    Phrase[] single;
    /** Bit {@code 1 << family.ordinal()} is set when some phrase of that family starts with this token. */
    int families;
    /** Bit {@code k} is set when this token is in word set {@code k} of the distress patterns; null when in none. */
    long[] distressSets;
    /** Distress patterns whose first element this token matches; null when none. */
    DistressPatterns.Pattern[] distressPatterns;

    Entry(String key) {
        this.key = key;
        this.hash = key.hashCode();
    }

    Phrase[] phrases(Family family) {
        return phrases == null ? null : phrases[family.ordinal()];
    }

    /** The second token's entries of {@link #phrases(Family)}, in the same order. */
    Entry[] seconds(Family family) {
        return seconds == null ? null : seconds[family.ordinal()];
    }

    Phrase single(Family family) {
        return single == null ? null : single[family.ordinal()];
    }

    boolean hasAny(Family family) {
        return (families & (1 << family.ordinal())) != 0;
    }

    boolean inDistressSet(int set) {
        long[] b = distressSets;
        int w = set >>> 6;
        return b != null && w < b.length && (b[w] & (1L << set)) != 0;
    }

    void addDistressSet(int set) {
        int w = set >>> 6;
        if (distressSets == null) {
            distressSets = new long[w + 1];
        } else if (distressSets.length <= w) {
            distressSets = Arrays.copyOf(distressSets, w + 1);
        }
        distressSets[w] |= 1L << set;
    }

    void addDistressPattern(DistressPatterns.Pattern p) {
        if (distressPatterns == null) {
            distressPatterns = new DistressPatterns.Pattern[]{p};
        } else {
            distressPatterns = Arrays.copyOf(distressPatterns, distressPatterns.length + 1);
            distressPatterns[distressPatterns.length - 1] = p;
        }
    }

    void addPhrase(Phrase phrase) {
        int f = phrase.family.ordinal();
        families |= 1 << f;
        if (phrase.length == 1) {
            if (single == null) {
                single = new Phrase[Family.VALUES.length];
            }
            if (single[f] == null) { // first line wins
                single[f] = phrase;
            }
            return;
        }
        if (phrases == null) {
            phrases = new Phrase[Family.VALUES.length][];
            seconds = new Entry[Family.VALUES.length][];
        }
        Phrase[] old = phrases[f];
        if (old == null) {
            phrases[f] = new Phrase[]{phrase};
            seconds[f] = new Entry[]{phrase.entries[1]};
            return;
        }
        for (Phrase p : old) {
            if (p.text.equals(phrase.text) && p.label.equals(phrase.label)) {
                return; // duplicate line
            }
        }
        Phrase[] grown = Arrays.copyOf(old, old.length + 1);
        grown[old.length] = phrase;
        // longest first; stable for equal lengths (file order)
        Arrays.sort(grown, (a, b) -> Integer.compare(b.length, a.length));
        phrases[f] = grown;
        Entry[] second = new Entry[grown.length];
        for (int k = 0; k < grown.length; k++) {
            second[k] = grown[k].entries[1];
        }
        seconds[f] = second;
    }
}
