package io.earshot.sentiment.scoring;

import static io.earshot.sentiment.scoring.Tokenizer.CLAUSE_END;
import static io.earshot.sentiment.scoring.Tokenizer.HASHTAG;

import java.util.Arrays;

/**
 * The features the trained {@link LinearModel} sees for one text: hashed word unigrams and bigrams (unigrams inside a
 * negation's three-token scope are marked as negated), hashed character 3- to 5-grams of each word (with word
 * boundaries, fastText style, so typos and inflections share evidence), and the lexicon scorer's own figures as dense
 * features ({@link #DENSE_NAMES}: its compound, its positive and negative sums, negations, intensifiers, emoji,
 * sarcasm cues, emotions, ...). Hashed features have value {@code 1/sqrt(count)} so that long and short texts weigh
 * alike; a feature repeated in a text is listed once per occurrence (the model sums them).
 *
 * <p>Each hashed feature remembers where it came from (kind, token, character offset), so an explanation can name
 * the few that decided without building a string for the hundreds that did not.
 */
public final class Features {
    /** The dense (lexicon) features, in the order of {@link #dense()}. */
    public static final String[] DENSE_NAMES = {
        "lexicon:compound", "lexicon:positive", "lexicon:negative", "lexicon:mixed", "lexicon:negations",
        "lexicon:intensifiers", "lexicon:emoji+", "lexicon:emoji-", "lexicon:exclamations", "lexicon:questions",
        "lexicon:caps", "lexicon:elongation", "lexicon:sarcasm", "lexicon:sarcasm_hashtag", "lexicon:contrast",
        "lexicon:anger", "lexicon:joy", "lexicon:confusion", "lexicon:sadness", "lexicon:fear", "lexicon:gratitude",
        "lexicon:distress", "lexicon:no_opinion_word", "bias"};
    static final int D_COMPOUND = 0;
    static final int D_POS = 1;
    static final int D_NEG = 2;
    static final int D_MIXED = 3;
    static final int D_NEGATIONS = 4;
    static final int D_INTENSIFIERS = 5;
    static final int D_EMOJI_POS = 6;
    static final int D_EMOJI_NEG = 7;
    static final int D_EXCLAMATIONS = 8;
    static final int D_QUESTIONS = 9;
    static final int D_CAPS = 10;
    static final int D_ELONGATION = 11;
    static final int D_SARCASM = 12;
    static final int D_SARCASM_HASHTAG = 13;
    static final int D_CONTRAST = 14;
    static final int D_EMOTIONS = 15;
    static final int D_DISTRESS = 21;
    static final int D_NO_OPINION = 22;
    static final int D_BIAS = 23;

    static final byte UNIGRAM = 0;
    static final byte NEGATED = 1;
    static final byte BIGRAM = 2;
    static final byte CHARS = 3;
    static final byte HASHTAG_WORD = 4;
    static final String[] KIND_LABELS = {"word", "negated", "bigram", "chars", "hashtag"};
    private static final int[] SEEDS = {0x2b1f3c5d, 0x51ed2701, 0x1b873593, 0x68e31da4, 0x7f4a7c15};

    static final int MIN_GRAM = 3;
    static final int MAX_GRAM = 5;

    int size;
    int[] hash = EMPTY;
    /**
     * Where each hashed feature came from, packed in one long (token, then for character n-grams their offset in the
     * padded word ({@code <word>}) and length, then the kind); only recorded for an explanation ({@link #extract}).
     */
    long[] source = EMPTY_SOURCE;
    float value;
    final double[] dense = new double[DENSE_NAMES.length];
    Tokens tokens;
    private boolean withSources;

    private static final int[] EMPTY = new int[0];
    private static final long[] EMPTY_SOURCE = new long[0];

    Features() {
        dense[D_BIAS] = 1.0;
    }

    /** The number of hashed features (with repeats). */
    public int size() {
        return size;
    }

    /** The 32-bit hash of hashed feature {@code k}; a model keeps its low bits. */
    public int hash(int k) {
        return hash[k];
    }

    /** The value of every hashed feature of this text. */
    public float value() {
        return value;
    }

    /** The dense features, named by {@link #DENSE_NAMES}; do not modify. */
    public double[] dense() {
        return dense;
    }

    /** The token hashed feature {@code k} starts at (features extracted with sources only). */
    int token(int k) {
        return (int) source[k];
    }

    /** The kind of hashed feature {@code k} ({@link #UNIGRAM}, ...; features extracted with sources only). */
    byte kind(int k) {
        return (byte) (source[k] >>> 48);
    }

    /** The readable name of hashed feature {@code k} ({@code word:refund}, {@code bigram:not worth}, ...). */
    String name(int k) {
        int i = token(k);
        int off = (int) (source[k] >>> 32) & 0xff;
        int len = (int) (source[k] >>> 40) & 0xff;
        String s = switch (kind(k)) {
            case BIGRAM -> tokens.norm(i) + " " + tokens.norm(i + 1);
            case CHARS -> padded(tokens.norm(i)).substring(off, off + len);
            default -> tokens.norm(i);
        };
        return KIND_LABELS[kind(k)] + ":" + s;
    }

    private static String padded(String w) {
        return "<" + w + ">";
    }

    /**
     * Hashes the n-grams of {@code t}; {@code neg[i]} marks the negators the scorer found. {@code sources}: also record
     * where each feature came from, which only an explanation needs ({@link #name}, {@link #token}, {@link #kind}).
     */
    void extract(Tokens t, boolean[] neg, boolean sources) {
        tokens = t;
        size = 0;
        withSources = sources;
        final int n = t.count;
        // an upper bound of the features: per word its unigram, its bigram and at most 3 character n-grams per
        // position of the padded word, so the arrays never grow
        int capacity = 0;
        for (int i = 0; i < n; i++) {
            capacity += 2 + 3 * (t.norm(i).length() + 2);
        }
        hash = new int[capacity];
        source = sources ? new long[capacity] : EMPTY_SOURCE;
        int negLeft = 0;
        for (int i = 0; i < n; i++) {
            String w = t.norm(i);
            int wh = hash(w, 0, w.length(), 0);
            boolean tag = (t.flags[i] & HASHTAG) != 0;
            add(mix(wh, tag ? HASHTAG_WORD : negLeft > 0 ? NEGATED : UNIGRAM), tag ? HASHTAG_WORD
                    : negLeft > 0 ? NEGATED : UNIGRAM, i, 0, 0);
            if (negLeft > 0) {
                negLeft--;
            }
            if (neg != null && neg[i]) {
                negLeft = Scorer.WINDOW;
            }
            if ((t.flags[i] & CLAUSE_END) != 0) {
                negLeft = 0;
            } else if (i + 1 < n) {
                String v = t.norm(i + 1);
                add(mix(hash(v, 0, v.length(), wh), BIGRAM), BIGRAM, i, 0, 0);
            }
            chars(w, i);
        }
        value = size == 0 ? 0f : (float) (1.0 / Math.sqrt(size));
    }

    private void chars(String w, int i) {
        int m = w.length() + 2;
        if (m < MIN_GRAM || w.length() > Tokenizer.MAX_WORD) {
            return;
        }
        for (int s = 0; s < m; s++) {
            int h = SEEDS[CHARS];
            for (int l = 1; l <= MAX_GRAM && s + l <= m; l++) {
                int p = s + l - 1;
                char c = p == 0 ? '<' : p == m - 1 ? '>' : w.charAt(p - 1);
                h = (h ^ c) * 0x01000193;
                if (l >= MIN_GRAM && !(s == 0 && l == m)) { // the whole padded word is the unigram already
                    add(fmix(h), CHARS, i, s, l);
                }
            }
        }
    }

    private void add(int h, byte k, int tok, int o, int l) {
        if (size == hash.length) {
            int c = Math.max(16, size * 2);
            hash = Arrays.copyOf(hash, c);
            if (withSources) {
                source = Arrays.copyOf(source, c);
            }
        }
        hash[size] = h;
        if (withSources) {
            source[size] = (tok & 0xffffffffL) | (long) (o & 0xff) << 32 | (long) (l & 0xff) << 40 | (long) k << 48;
        }
        size++;
    }

    private static int hash(String s, int from, int to, int seed) {
        int h = 0x811c9dc5 ^ seed;
        for (int i = from; i < to; i++) {
            h = (h ^ s.charAt(i)) * 0x01000193;
        }
        return h;
    }

    private static int mix(int h, byte k) {
        return fmix(h ^ SEEDS[k]);
    }

    /** MurmurHash3's finaliser: spreads the FNV hash over the low bits a model keeps. */
    private static int fmix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
