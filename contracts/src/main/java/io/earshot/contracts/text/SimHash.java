package io.earshot.contracts.text;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * 64-bit SimHash (Charikar) of a text's normalised word shingles, for recognising reposts and copy-paste campaigns.
 * Two texts are near-duplicates when their fingerprints differ in at most {@link #NEAR_DUPLICATE_BITS} bits.
 *
 * <p>Normalisation folds case and accents, replaces URLs by their host (so a campaign that varies its tracking
 * parameters still matches), drops @handles, punctuation and redaction markers' brackets, and collapses white space.
 * Features are overlapping word 3-shingles (single words for texts shorter than three words), hashed with 64-bit
 * FNV-1a. Pure and deterministic: the listener and the crisis detector compute the same fingerprint for the same text.
 */
public final class SimHash {
    /** Largest Hamming distance at which two fingerprints count as near-duplicates. */
    public static final int NEAR_DUPLICATE_BITS = 3;
    /** Fewest words a text needs before it is fingerprinted at all (shorter texts collide too easily). */
    public static final int MIN_WORDS = 4;

    private static final Pattern URL = Pattern.compile("https?://([^/\\s?#]+)[^\\s]*", Pattern.CASE_INSENSITIVE);
    private static final Pattern HANDLE = Pattern.compile(
            "(?<![\\p{L}\\p{N}])@[\\p{L}\\p{N}_.]+(@[\\p{L}\\p{N}_.-]+)?");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private SimHash() {}

    /** The words a fingerprint is built from, after normalisation. */
    public static List<String> normalisedWords(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        String s = URL.matcher(text).replaceAll(m -> " " + m.group(1).toLowerCase(Locale.ROOT).replace('.', '_') + " ");
        s = HANDLE.matcher(s).replaceAll(" ");
        s = MARKS.matcher(Normalizer.normalize(s, Normalizer.Form.NFD)).replaceAll("");
        s = s.toLowerCase(Locale.ROOT);
        List<String> words = new ArrayList<>();
        for (String w : NON_WORD.split(s.replace('_', '.'))) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }

    /**
     * The fingerprint of {@code text}, or {@code 0} when it has fewer than {@link #MIN_WORDS} words (too short to
     * tell a repost from a coincidence; callers treat 0 as "no fingerprint").
     */
    public static long fingerprint(String text) {
        List<String> words = normalisedWords(text);
        if (words.size() < MIN_WORDS) {
            return 0L;
        }
        int[] weights = new int[64];
        int n = words.size() - 2;
        for (int i = 0; i < n; i++) {
            add(weights, fnv1a(words.get(i) + ' ' + words.get(i + 1) + ' ' + words.get(i + 2)));
        }
        long fp = 0L;
        for (int bit = 0; bit < 64; bit++) {
            if (weights[bit] > 0) {
                fp |= 1L << bit;
            }
        }
        return fp == 0L ? 1L : fp; // 0 is reserved for "no fingerprint"
    }

    /** Number of differing bits. */
    public static int distance(long a, long b) {
        return Long.bitCount(a ^ b);
    }

    /** True when both are fingerprints (non-zero) within {@link #NEAR_DUPLICATE_BITS} bits of each other. */
    public static boolean nearDuplicates(long a, long b) {
        return a != 0L && b != 0L && distance(a, b) <= NEAR_DUPLICATE_BITS;
    }

    /** The fingerprint as 16 lower-case hex digits (how it travels in events and is stored). */
    public static String hex(long fingerprint) {
        return String.format("%016x", fingerprint);
    }

    /** The inverse of {@link #hex(long)}. */
    public static long parseHex(String hex) {
        return Long.parseUnsignedLong(hex, 16);
    }

    /**
     * The four 16-bit bands of a fingerprint, each tagged with its position. Two fingerprints within 3 bits of each
     * other share at least one band exactly (pigeonhole), so an index keyed on bands finds every near-duplicate
     * candidate with four exact look-ups.
     */
    public static int[] bands(long fingerprint) {
        int[] bands = new int[4];
        for (int i = 0; i < 4; i++) {
            bands[i] = (i << 16) | (int) ((fingerprint >>> (16 * i)) & 0xffff);
        }
        return bands;
    }

    static long fnv1a(String s) {
        long h = FNV_OFFSET;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= FNV_PRIME;
        }
        // Final avalanche (SplitMix64) so that similar shingles do not share high bits.
        h ^= h >>> 30;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 27;
        h *= 0x94d049bb133111ebL;
        h ^= h >>> 31;
        return h;
    }

    private static void add(int[] weights, long hash) {
        for (int bit = 0; bit < 64; bit++) {
            weights[bit] += ((hash >>> bit) & 1L) != 0 ? 1 : -1;
        }
    }
}
