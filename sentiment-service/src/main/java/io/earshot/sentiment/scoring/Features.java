package io.earshot.sentiment.scoring;

import static io.earshot.sentiment.scoring.Tokenizer.CLAUSE_END;
import static io.earshot.sentiment.scoring.Tokenizer.HASHTAG;

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
    /** The negators the scorer found (what {@link #extract} needs to rebuild the list of hashed features). */
    boolean[] neg;
    /**
     * What {@link LinearModel#gather} found, per token: the cached rows of its word (unigram and character n-grams),
     * and the table offset of the bigram it starts ({@code -1}: none). Null when {@link #extract} built the list.
     */
    LinearModel.WordRows[] words;
    int[] bigram;
    /** Per token, the table row of the bigram it starts, copied ({@code width} bytes from {@code i * width}). */
    byte[] bigramRows;

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
     * Hashes the n-grams of {@code t} into the list of hashed features (what the trainer reads, {@link #hash(int)});
     * {@code neg[i]} marks the negators the scorer found. {@code sources}: also record where each feature came from
     * ({@link #name}, {@link #token}, {@link #kind}). Scoring does not build this list: {@link LinearModel#gather} sums
     * the same features per word from its cache, and a test holds the two to the same sums and explanations.
     */
    void extract(Tokens t, boolean[] neg, boolean sources) {
        tokens = t;
        this.neg = neg;
        size = 0;
        final int n = t.count;
        // an upper bound of the features: per word its unigram, its bigram and at most 3 character n-grams per
        // position of the padded word, so the arrays never grow
        int capacity = 0;
        for (int i = 0; i < n; i++) {
            capacity += 2 + 3 * (t.normLength(i) + 2);
        }
        hash = new int[capacity];
        source = sources ? new long[capacity] : EMPTY_SOURCE;
        int negLeft = 0;
        for (int i = 0; i < n; i++) {
            int wh = wordHash(t, i);
            byte kind = wordKind(t, i, negLeft);
            add(mix(wh, kind), kind, i, 0, 0);
            negLeft = negationLeft(t, neg, i, negLeft);
            if ((t.flags[i] & CLAUSE_END) == 0 && i + 1 < n) {
                add(bigramHash(t, i, wh), BIGRAM, i, 0, 0);
            }
            size = charGrams(t, i, hash, size, sources ? source : null);
        }
        value = value(size);
    }

    /** The FNV hash of token {@code i}'s normalised form (its unigram, before the kind is mixed in). */
    static int wordHash(Tokens t, int i) {
        return t.fnv(i, 0x811c9dc5);
    }

    /** The kind of token {@code i}'s unigram: hashtag word, negated (inside a negation's scope) or plain. */
    static byte wordKind(Tokens t, int i, int negLeft) {
        return (t.flags[i] & HASHTAG) != 0 ? HASHTAG_WORD : negLeft > 0 ? NEGATED : UNIGRAM;
    }

    /** The negation scope after token {@code i}: a negator opens {@link Scorer#WINDOW} tokens, a clause end, none. */
    static int negationLeft(Tokens t, boolean[] neg, int i, int negLeft) {
        int left = negLeft > 0 ? negLeft - 1 : 0;
        if (neg != null && neg[i]) {
            left = Scorer.WINDOW;
        }
        return (t.flags[i] & CLAUSE_END) != 0 ? 0 : left;
    }

    /** The hashed bigram of tokens {@code i} and {@code i + 1}; {@code wh}: {@link #wordHash} of token {@code i}. */
    static int bigramHash(Tokens t, int i, int wh) {
        return mix(t.fnv(i + 1, 0x811c9dc5 ^ wh), BIGRAM);
    }

    /** The value of each hashed feature of a text with {@code size} of them. */
    static float value(int size) {
        return size == 0 ? 0f : (float) (1.0 / Math.sqrt(size));
    }

    /** At most this many character n-grams per word. */
    static final int MAX_CHAR_GRAMS = 3 * (Tokenizer.MAX_WORD + 2);

    /**
     * Hashes the character 3- to 5-grams of token {@code i}'s padded word ({@code <word>}) into {@code out} from
     * {@code at}; returns the new end. {@code src}: where each came from, or null.
     */
    static int charGrams(Tokens t, int i, int[] out, int at, long[] src) {
        int len = t.normLength(i);
        int m = len + 2;
        if (m < MIN_GRAM || len > Tokenizer.MAX_WORD) {
            return at;
        }
        for (int s = 0; s < m; s++) {
            int h = SEEDS[CHARS];
            for (int l = 1; l <= MAX_GRAM && s + l <= m; l++) {
                int p = s + l - 1;
                char c = p == 0 ? '<' : p == m - 1 ? '>' : t.normChar(i, p - 1);
                h = (h ^ c) * 0x01000193;
                if (l >= MIN_GRAM && !(s == 0 && l == m)) { // the whole padded word is the unigram already
                    out[at] = fmix(h);
                    if (src != null) {
                        src[at] = source(CHARS, i, s, l);
                    }
                    at++;
                }
            }
        }
        return at;
    }

    private void add(int h, byte k, int tok, int o, int l) {
        hash[size] = h;
        if (source.length > 0) {
            source[size] = source(k, tok, o, l);
        }
        size++;
    }

    private static long source(byte k, int tok, int o, int l) {
        return (tok & 0xffffffffL) | (long) (o & 0xff) << 32 | (long) (l & 0xff) << 40 | (long) k << 48;
    }

    static int mix(int h, byte k) {
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
