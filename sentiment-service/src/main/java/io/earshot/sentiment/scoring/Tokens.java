package io.earshot.sentiment.scoring;

import java.util.Arrays;

/**
 * The result of tokenising one text: parallel arrays, one slot per token, plus sentence boundaries. Every token keeps
 * its normalised characters in a shared buffer, which hashing and comparing read; its String is the lexicon's own
 * key when the lexicon knows it, else built only when someone asks ({@link #norm(int)}), so scoring allocates nothing
 * per token.
 */
final class Tokens {
    int count;
    private String[] norm;
    private char[] chars;
    private int charsLen;
    private int[] normOff;
    private int[] normLen;
    int[] flags;
    int[] start;
    int[] end;
    int[] sentence;
    Entry[] entry;

    int exclamations;
    int questions;
    /** Some (non-hashtag) word is written in all caps. */
    boolean anyCaps;
    /** Some (non-hashtag) word contains a lower-case letter. */
    boolean anyLower;
    /** Some token comes from a hashtag. */
    boolean anyHashtag;
    /** Some token follows an opening quotation mark. */
    boolean anyQuote;

    int sentences;
    int[] sentStart;
    int[] sentEnd;
    private boolean sentenceOpen;

    Tokens(int capacity) {
        int c = Math.max(4, capacity);
        norm = new String[c];
        normOff = new int[c];
        normLen = new int[c];
        chars = new char[c * 6];
        flags = new int[c];
        start = new int[c];
        end = new int[c];
        sentence = new int[c];
        entry = new Entry[c];
        sentStart = new int[Math.max(2, c / 8)];
        sentEnd = new int[sentStart.length];
    }

    /** The normalised token (lower case, elongation collapsed): the lexicon's key when it knows the token. */
    String norm(int i) {
        String s = norm[i];
        if (s == null) {
            Entry e = entry[i];
            s = e != null ? e.key : new String(chars, normOff[i], normLen[i]);
            norm[i] = s;
        }
        return s;
    }

    /** The length of the normalised token {@code i}, without building its String. */
    int normLength(int i) {
        return normLen[i];
    }

    /** Character {@code p} of the normalised token {@code i}, without building its String. */
    char normChar(int i, int p) {
        return chars[normOff[i] + p];
    }

    /** FNV-1a of the normalised token {@code i} from {@code h} (what {@link Features} hashes words with). */
    int fnv(int i, int h) {
        final char[] c = chars;
        for (int p = normOff[i], end = p + normLen[i]; p < end; p++) {
            h = (h ^ c[p]) * 0x01000193;
        }
        return h;
    }

    /** The normalised token {@code i} equals {@code key}. */
    boolean normEquals(int i, char[] key) {
        return normLen[i] == key.length
                && Arrays.equals(chars, normOff[i], normOff[i] + key.length, key, 0, key.length);
    }

    /** A token the lexicon knows ({@code e != null}, its key is {@code token}) or a plain string. */
    void add(String token, int tokenFlags, int from, int to, Entry e) {
        int i = slot(tokenFlags, from, to, e);
        norm[i] = token;
        int len = token.length();
        reserve(len);
        token.getChars(0, len, chars, charsLen);
        keep(i, len);
    }

    /**
     * A token given as characters, {@code buf[0, len)}: its normalised form, the lexicon's key when {@code e} is not
     * null. They are copied, so the stages that read a token's characters (hashing, comparing) never read its String.
     */
    void add(char[] buf, int len, int tokenFlags, int from, int to, Entry e) {
        int i = slot(tokenFlags, from, to, e);
        reserve(len);
        System.arraycopy(buf, 0, chars, charsLen, len);
        keep(i, len);
    }

    private void reserve(int len) {
        if (charsLen + len > chars.length) {
            chars = Arrays.copyOf(chars, Math.max(chars.length * 2, charsLen + len));
        }
    }

    private void keep(int i, int len) {
        normOff[i] = charsLen;
        normLen[i] = len;
        charsLen += len;
    }

    private int slot(int tokenFlags, int from, int to, Entry e) {
        if (count == flags.length) {
            int c = count * 2;
            norm = Arrays.copyOf(norm, c);
            normOff = Arrays.copyOf(normOff, c);
            normLen = Arrays.copyOf(normLen, c);
            flags = Arrays.copyOf(flags, c);
            start = Arrays.copyOf(start, c);
            end = Arrays.copyOf(end, c);
            sentence = Arrays.copyOf(sentence, c);
            entry = Arrays.copyOf(entry, c);
        }
        if (!sentenceOpen) {
            if (sentences == sentStart.length) {
                sentStart = Arrays.copyOf(sentStart, sentences * 2);
                sentEnd = Arrays.copyOf(sentEnd, sentences * 2);
            }
            sentStart[sentences] = from;
            sentences++;
            sentenceOpen = true;
        }
        sentEnd[sentences - 1] = to;
        int i = count++;
        flags[i] = tokenFlags;
        start[i] = from;
        end[i] = to;
        sentence[i] = sentences - 1;
        entry[i] = e;
        if ((tokenFlags & Tokenizer.HASHTAG) != 0) {
            anyHashtag = true;
        }
        if ((tokenFlags & Tokenizer.QUOTE_OPEN) != 0) {
            anyQuote = true;
        }
        if ((tokenFlags & (Tokenizer.HASHTAG | Tokenizer.EMOJI)) == 0) {
            if ((tokenFlags & Tokenizer.CAPS) != 0) {
                anyCaps = true;
            }
            if ((tokenFlags & Tokenizer.HAS_LOWER) != 0) {
                anyLower = true;
            }
        }
        return i;
    }

    /** Sentence-ending punctuation ({@code punctuation}) or a line break at char offset {@code charEnd - 1}. */
    void endSentence(int charEnd, boolean punctuation) {
        if (count == 0) {
            return;
        }
        if (sentenceOpen) {
            flags[count - 1] |= Tokenizer.SENT_END | Tokenizer.CLAUSE_END;
            if (punctuation) {
                sentEnd[sentences - 1] = charEnd;
            }
            sentenceOpen = false;
        } else if (punctuation && charEnd == sentEnd[sentences - 1] + 1) {
            sentEnd[sentences - 1] = charEnd; // "!!!", "?!"
        }
    }

    void clauseEnd() {
        if (count > 0) {
            flags[count - 1] |= Tokenizer.CLAUSE_END;
        }
    }

    /** The normalised tokens {@code [from, to)} joined by spaces. */
    String text(int from, int to) {
        StringBuilder b = new StringBuilder();
        for (int i = from; i < to; i++) {
            if (i > from) {
                b.append(' ');
            }
            b.append(norm(i));
        }
        return b.toString();
    }

    boolean isNumber(int i) {
        return (flags[i] & Tokenizer.NUM) != 0 || (entry[i] != null && entry[i].number);
    }
}
