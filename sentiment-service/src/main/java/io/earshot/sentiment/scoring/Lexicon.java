package io.earshot.sentiment.scoring;

import io.earshot.contracts.events.DistressKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;

/**
 * Earshot's own lexicons, loaded once from {@code classpath:/lexicon/*.tsv}. Every normalised token maps to one
 * {@link Entry} (valence, modifier role, emotions, phrases starting with it), so scoring does one lookup per token.
 * Immutable once loaded, hence safe to share between threads.
 */
final class Lexicon {
    static final String[] EMOTION_NAMES = {"anger", "joy", "confusion", "sadness", "fear", "gratitude"};
    static final int ANGER = 0;
    static final int JOY = 1;
    static final int CONFUSION = 2;
    static final int SADNESS = 3;
    static final int FEAR = 4;
    static final int GRATITUDE = 5;

    /** Wildcard for any number token (digits or a number word). */
    static final String NUM = "<num>";
    /** Wildcard for a family member, expanded at load time. */
    static final String KIN = "<kin>";

    static final String DIR = "/lexicon/";

    final HashMap<String, Entry> entries = new HashMap<>(8192);
    /** Open-addressing copy of {@link #entries}, looked up straight from a character buffer. */
    private Entry[] table;
    /**
     * Per slot of {@link #table}: its key's hash (low 32 bits), length + 1 (12 bits, 0: empty slot) and offset in
     * {@link #keyChars} (20 bits), so that a probe reads no entry, nor its key String, before it has found it.
     */
    private long[] tableKeys;
    /** The keys of {@link #table}'s entries, one after the other. */
    private char[] keyChars;
    /** Known single words, for splitting hashtags such as #worstserviceever. */
    final HashSet<String> knownWords = new HashSet<>(8192);
    /** Holds phrases whose first token is {@link #NUM}. */
    final Entry numEntry = new Entry(NUM);
    final List<String> kinWords = new ArrayList<>();
    final List<String> numberWords = new ArrayList<>();
    /** Emoticons, longest first. */
    String[] emoticons = new String[0];
    final boolean[] emoticonStart = new boolean[256];

    // sizes, for tests and reports
    int valenceWords;
    int valencePhrases;
    int emojiCount;
    int emoticonCount;
    int emotionTerms;
    int modifierCount;
    int cueCount;
    int insightCount;
    /** Distress patterns over word classes ({@code distress.tsv}). */
    final DistressPatterns distress = new DistressPatterns();

    private final Tokenizer keyTokenizer = new Tokenizer(this);

    private static final class Holder {
        static final Lexicon DEFAULT = load();
    }

    /** The classpath lexicon, loaded once per class loader. */
    static Lexicon shared() {
        return Holder.DEFAULT;
    }

    static Lexicon load() {
        Lexicon lex = new Lexicon();
        lex.loadWords(read("words.tsv", 2));
        lex.loadEmoji(read("emoji.tsv", 3));
        lex.loadModifiers(read("modifiers.tsv", 3));
        lex.loadValence(read("valence.tsv", 2));
        lex.loadEmotions(read("emotions.tsv", 2));
        lex.loadCues(read("cues.tsv", 4));
        lex.loadInsights(read("insights.tsv", 3));
        lex.loadDistress(read("distress.tsv", 3));
        lex.finish();
        return lex;
    }

    // ------------------------------------------------------------------ lookups

    Entry get(String token) {
        return entries.get(token);
    }

    /** Looks up the token held in {@code buf[0..len)} whose {@link String#hashCode()} is {@code hash}. */
    Entry lookup(char[] buf, int len, int hash) {
        final long[] keys = tableKeys;
        if (keys == null) {
            return null;
        }
        final char[] chars = keyChars;
        final int mask = keys.length - 1;
        int idx = (hash ^ (hash >>> 16)) & mask;
        while (true) {
            long k = keys[idx];
            if (k == 0) {
                return null;
            }
            if ((int) k == hash && (int) ((k >>> 32) & 0xfff) == len + 1
                    && Arrays.equals(chars, (int) (k >>> 44), (int) (k >>> 44) + len, buf, 0, len)) {
                return table[idx];
            }
            idx = (idx + 1) & mask;
        }
    }

    /** The longest phrase of {@code family} that starts at token {@code i}, or null. */
    Phrase longest(Tokens t, int i, Family family) {
        Entry e = t.entry[i];
        boolean num = (t.flags[i] & Tokenizer.NUM) != 0;
        if (e != null && !e.hasAny(family)) {
            e = null;
        }
        if (e == null && !(num && numEntry.hasAny(family))) {
            return null;
        }
        // the next token, if the phrase may continue into it
        Entry next = null;
        boolean nextNum = false;
        if (i + 1 < t.count && (t.flags[i] & Tokenizer.SENT_END) == 0) {
            next = t.entry[i + 1];
            nextNum = t.isNumber(i + 1);
        }
        Phrase best = null;
        if (e != null) {
            best = match(e, family, next, nextNum, t, i);
            if (best == null) {
                best = e.single(family);
            }
        }
        if (num) {
            Phrase q = match(numEntry, family, next, nextNum, t, i);
            if (q == null) {
                q = numEntry.single(family);
            }
            if (q != null && (best == null || q.length > best.length)) {
                best = q;
            }
        }
        return best;
    }

    /** The first (longest) of {@code e}'s phrases of {@code family} that matches from token {@code i}, or null. */
    private static Phrase match(Entry e, Family family, Entry next, boolean nextNum, Tokens t, int i) {
        Entry[] seconds = e.seconds(family);
        if (seconds == null || (next == null && !nextNum)) {
            return null;
        }
        for (int k = 0; k < seconds.length; k++) {
            Entry second = seconds[k];
            if (second == null ? !nextNum : second != next) {
                continue;
            }
            Phrase p = e.phrases(family)[k];
            if (p.length == 2 || matchesRest(p, t, i)) {
                return p;
            }
        }
        return null;
    }

    private static boolean matchesRest(Phrase p, Tokens t, int i) {
        if (i + p.length > t.count) {
            return false;
        }
        for (int k = 2; k < p.length; k++) {
            int idx = i + k;
            if ((t.flags[idx - 1] & Tokenizer.SENT_END) != 0) {
                return false;
            }
            Entry pe = p.entries[k];
            if (pe == null) {
                if (!t.isNumber(idx)) {
                    return false;
                }
            } else if (pe != t.entry[idx]) {
                return false;
            }
        }
        return true;
    }

    /** Splits a lower-case run-together hashtag into known words with as few words as possible, or null. */
    String[] segment(String s) {
        int n = s.length();
        if (n < 4 || n > 40 || knownWords.contains(s)) {
            return null;
        }
        int[] best = new int[n + 1];
        int[] back = new int[n + 1];
        Arrays.fill(best, Integer.MAX_VALUE);
        best[0] = 0;
        for (int j = 1; j <= n; j++) {
            for (int k = Math.max(0, j - 16); k < j; k++) {
                if (best[k] == Integer.MAX_VALUE || best[k] + 1 >= best[j]) {
                    continue;
                }
                if (j - k == 1 && s.charAt(k) != 'a' && s.charAt(k) != 'i') {
                    continue;
                }
                if (knownWords.contains(s.substring(k, j))) {
                    best[j] = best[k] + 1;
                    back[j] = k;
                }
            }
        }
        if (best[n] == Integer.MAX_VALUE || best[n] < 2) {
            return null;
        }
        String[] out = new String[best[n]];
        int j = n;
        for (int w = out.length - 1; w >= 0; w--) {
            out[w] = s.substring(back[j], j);
            j = back[j];
        }
        return out;
    }

    // ------------------------------------------------------------------ loading

    private Entry entry(String token) {
        return entries.computeIfAbsent(token, Entry::new);
    }

    /** The entry of a normalised token, made when missing (only while loading). */
    Entry entryOf(String token) {
        return entry(token);
    }

    /** Tokenises a lexicon key the same way texts are tokenised; wildcards pass through. */
    String[] keyTokens(String key) {
        List<String> out = new ArrayList<>(4);
        for (String part : key.trim().split(" +")) {
            if (part.isEmpty()) {
                continue;
            }
            if (part.equals(NUM)) {
                out.add(NUM);
            } else if (part.equals(KIN)) {
                out.add(KIN);
            } else {
                Tokens t = keyTokenizer.tokenize(part, true);
                for (int k = 0; k < t.count; k++) {
                    out.add(t.norm(k));
                }
            }
        }
        return out.toArray(new String[0]);
    }

    private void addPhrase(Family family, String[] tokens, String label, double weight, byte kind, double[] emotions,
            int category) {
        for (int k = 0; k < tokens.length; k++) {
            if (tokens[k].equals(KIN)) {
                for (String kin : kinWords) {
                    String[] copy = tokens.clone();
                    copy[k] = kin;
                    addPhrase(family, copy, label, weight, kind, emotions, category);
                }
                return;
            }
        }
        Entry[] es = new Entry[tokens.length];
        for (int k = 0; k < tokens.length; k++) {
            es[k] = tokens[k] == NUM ? null : entry(tokens[k]);
        }
        Phrase p = new Phrase(family, tokens, es, label, weight, kind, emotions, category);
        String first = tokens[0];
        if (first == NUM) {
            numEntry.addPhrase(p);
            for (String w : numberWords) {
                entry(w).addPhrase(p);
            }
        } else {
            entry(first).addPhrase(p);
        }
    }

    private void loadWords(List<String[]> rows) {
        for (String[] r : rows) {
            String w = r[0].toLowerCase(Locale.ROOT);
            switch (r[1]) {
                case "stop" -> entry(w).stop = true;
                case "common" -> entry(w);
                case "number" -> {
                    entry(w).number = true;
                    numberWords.add(w);
                }
                case "kin" -> {
                    entry(w).kin = true;
                    kinWords.add(w);
                }
                default -> throw new IllegalStateException("words.tsv: unknown kind " + r[1]);
            }
        }
    }

    private void loadEmoji(List<String[]> rows) {
        List<String> emo = new ArrayList<>();
        List<String[]> deferred = new ArrayList<>();
        for (String[] r : rows) {
            String key = r[0];
            int cp = key.codePointAt(0);
            if (Tokenizer.isEmoji(cp)) {
                String token = Character.toString(cp);
                Entry e = entry(token);
                e.hasValence = true;
                e.valence = valence(r[1], "emoji.tsv");
                e.emotions = emotions(r[2]);
                emojiCount++;
            } else if (Character.isLetterOrDigit(key.charAt(0))) {
                deferred.add(r); // T_T, o_O: word-like, tokenised once emoticons are known
            } else {
                emo.add(key);
                Entry e = entry(key);
                e.hasValence = true;
                e.valence = valence(r[1], "emoji.tsv");
                e.emotions = emotions(r[2]);
                emoticonCount++;
            }
        }
        emo.sort((a, b) -> Integer.compare(b.length(), a.length()));
        emoticons = emo.toArray(new String[0]);
        for (String e : emoticons) {
            char c = e.charAt(0);
            if (c < 256) {
                emoticonStart[c] = true;
            }
        }
        for (String[] r : deferred) {
            String[] toks = keyTokens(r[0]);
            if (toks.length != 1) {
                throw new IllegalStateException("emoji.tsv: " + r[0] + " is not one token");
            }
            Entry e = entry(toks[0]);
            e.hasValence = true;
            e.valence = valence(r[1], "emoji.tsv");
            e.emotions = emotions(r[2]);
            emoticonCount++;
        }
    }

    private void loadModifiers(List<String[]> rows) {
        for (String[] r : rows) {
            String[] toks = keyTokens(r[0]);
            double v = Double.parseDouble(r[2]);
            modifierCount++;
            switch (r[1]) {
                case "booster" -> {
                    if (toks.length == 1) {
                        Entry e = entry(toks[0]);
                        e.booster = true;
                        e.boost = v;
                    } else {
                        addPhrase(Family.VALENCE, toks, "booster", v, Phrase.BOOSTER, null, -1);
                    }
                }
                case "negator" -> {
                    if (toks.length == 1) {
                        entry(toks[0]).negator = true;
                    } else {
                        addPhrase(Family.VALENCE, toks, "negator", 0, Phrase.NEGATOR, null, -1);
                    }
                }
                case "contrast_after" -> entry(single(toks, r[0])).contrast = Entry.CONTRAST_AFTER;
                case "contrast_before" -> entry(single(toks, r[0])).contrast = Entry.CONTRAST_BEFORE;
                default -> throw new IllegalStateException("modifiers.tsv: unknown role " + r[1]);
            }
        }
    }

    private void loadValence(List<String[]> rows) {
        for (String[] r : rows) {
            String[] toks = keyTokens(r[0]);
            double v = valence(r[1], "valence.tsv");
            if (toks.length == 1) {
                Entry e = entry(toks[0]);
                e.hasValence = true;
                e.valence = v;
                valenceWords++;
            } else if (toks.length > 1) {
                addPhrase(Family.VALENCE, toks, "-", v, Phrase.PLAIN, null, -1);
                valencePhrases++;
            }
        }
    }

    private void loadEmotions(List<String[]> rows) {
        for (String[] r : rows) {
            String[] toks = keyTokens(r[0]);
            double[] emo = emotions(r[1]);
            if (emo == null) {
                throw new IllegalStateException("emotions.tsv: no emotion for " + r[0]);
            }
            emotionTerms++;
            if (toks.length == 1) {
                entry(toks[0]).emotions = emo;
            } else {
                addPhrase(Family.EMOTION, toks, "-", 0, Phrase.PLAIN, emo, -1);
            }
        }
    }

    private void loadCues(List<String[]> rows) {
        for (String[] r : rows) {
            Family family = Family.valueOf(r[0].toUpperCase(Locale.ROOT));
            String[] toks = keyTokens(r[2]);
            double w = Double.parseDouble(r[3]);
            int category = -1;
            if (family == Family.DISTRESS) {
                category = DistressKind.valueOf(r[1]).ordinal();
            }
            if (w > 1 || w < -1) {
                throw new IllegalStateException("cues.tsv: weight out of range for " + r[2]);
            }
            addPhrase(family, toks, r[1], w, Phrase.PLAIN, null, category);
            cueCount++;
        }
    }

    /** {@code class <TAB> name <TAB> words...} and {@code <kind> <TAB> pattern <TAB> weight} lines. */
    private void loadDistress(List<String[]> rows) {
        for (String[] r : rows) {
            if (r[0].equals("class")) {
                distress.addClass(r[1], r[2].trim().split(" +"), this);
            } else {
                distress.addPattern(r[0], r[1], Double.parseDouble(r[2]), this);
            }
        }
    }

    private void loadInsights(List<String[]> rows) {
        for (String[] r : rows) {
            Family family = Family.valueOf(r[0].toUpperCase(Locale.ROOT));
            addPhrase(family, keyTokens(r[2]), r[1], 1, Phrase.PLAIN, null, -1);
            insightCount++;
        }
    }

    private void finish() {
        int cap = Integer.highestOneBit(Math.max(16, entries.size() * 4) - 1) << 1;
        Entry[] tab = new Entry[cap];
        long[] keys = new long[cap];
        StringBuilder chars = new StringBuilder(entries.size() * 8);
        for (Entry e : entries.values()) {
            if (e.key.length() >= 0xfff) {
                continue; // longer than any token (Tokenizer.MAX_WORD): lookup never asks for it
            }
            if (chars.length() + e.key.length() >= 1 << 20) {
                throw new IllegalStateException("the lexicon's keys exceed 2^20 characters");
            }
            int idx = (e.hash ^ (e.hash >>> 16)) & (cap - 1);
            while (tab[idx] != null) {
                idx = (idx + 1) & (cap - 1);
            }
            tab[idx] = e;
            keys[idx] = (e.hash & 0xffffffffL) | (long) (e.key.length() + 1) << 32 | (long) chars.length() << 44;
            chars.append(e.key);
        }
        keyChars = chars.toString().toCharArray();
        tableKeys = keys;
        table = tab;
        for (Entry e : entries.values()) {
            if (e.key.indexOf(' ') < 0 && isWordLike(e.key)) {
                knownWords.add(e.key);
            }
            // every phrase token has an entry (see addPhrase), so the loop above already saw it
        }
    }

    private static boolean isWordLike(String s) {
        if (s.length() < 2 && !(s.equals("a") || s.equals("i"))) {
            return false;
        }
        for (int k = 0; k < s.length(); k++) {
            if (!Character.isLetter(s.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    private static String single(String[] toks, String key) {
        if (toks.length != 1) {
            throw new IllegalStateException("modifiers.tsv: contrast word must be one token: " + key);
        }
        return toks[0];
    }

    private static double valence(String s, String file) {
        double v = Double.parseDouble(s);
        if (v < -4 || v > 4) {
            throw new IllegalStateException(file + ": valence out of [-4, 4]: " + s);
        }
        return v;
    }

    /** "anger:0.9,sadness:0.2" to weights indexed like {@link #EMOTION_NAMES}; "-" to null. */
    static double[] emotions(String spec) {
        if (spec == null || spec.isEmpty() || spec.equals("-")) {
            return null;
        }
        double[] out = new double[EMOTION_NAMES.length];
        for (String part : spec.split(",")) {
            int colon = part.indexOf(':');
            String name = part.substring(0, colon).trim();
            int idx = Arrays.asList(EMOTION_NAMES).indexOf(name);
            if (idx < 0) {
                throw new IllegalStateException("unknown emotion " + name);
            }
            out[idx] = Double.parseDouble(part.substring(colon + 1).trim());
        }
        return out;
    }

    /** Reads a TSV resource: '#' comments and blank lines skipped; every row must have {@code columns} fields. */
    static List<String[]> read(String name, int columns) {
        List<String[]> rows = new ArrayList<>(1024);
        try (InputStream in = Lexicon.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("lexicon resource missing: " + DIR + name);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int no = 0;
            while ((line = r.readLine()) != null) {
                no++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f.length != columns) {
                    throw new IllegalStateException(name + ":" + no + ": expected " + columns + " columns: " + line);
                }
                rows.add(f);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read lexicon " + name, e);
        }
        return rows;
    }
}
