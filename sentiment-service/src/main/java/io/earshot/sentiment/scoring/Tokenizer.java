package io.earshot.sentiment.scoring;

import java.util.ArrayList;
import java.util.List;

/**
 * One-pass tokenizer for social-media text. Produces lower-cased word tokens (elongations such as "sooooo" collapsed,
 * with a flag), emoji and emoticon tokens, hashtags split into words, and clause/sentence boundaries. URLs and
 * {@code @handles} are skipped. No regular expressions; at most {@link #MAX_TOKENS} tokens are produced.
 */
final class Tokenizer {
    static final int MAX_TOKENS = 10_000;
    static final int MAX_WORD = 48;

    static final int CAPS = 1;
    static final int ELONG = 1 << 1;
    static final int HASHTAG = 1 << 2;
    static final int EMOJI = 1 << 3;
    static final int NUM = 1 << 4;
    static final int CLAUSE_END = 1 << 5;
    static final int SENT_END = 1 << 6;
    static final int QUOTE_OPEN = 1 << 7;
    static final int QUOTE_CLOSE = 1 << 8;
    static final int HAS_LOWER = 1 << 9;
    /** A contraction ending in n't ("shouldn't"), which negates. */
    static final int NT = 1 << 10;

    private final Lexicon lex;

    Tokenizer(Lexicon lex) {
        this.lex = lex;
    }

    Tokens tokenize(String text) {
        return tokenize(text, false);
    }

    /** {@code keyMode}: tokenising a lexicon key (no lookups, no elongation repair). */
    Tokens tokenize(String text, boolean keyMode) {
        final int n = text.length();
        Tokens t = new Tokens(Math.min(MAX_TOKENS, (n >> 2) + 8));
        char[] buf = new char[MAX_WORD + 2];
        WordScan scan = new WordScan(buf);
        boolean quoteOpen = false;
        int i = 0;
        while (i < n && t.count < MAX_TOKENS) {
            char c = text.charAt(i);
            if (Character.isLetterOrDigit(c) || c == '_') {
                i = word(text, i, false, t, scan, quoteOpen, keyMode);
                quoteOpen = false;
                continue;
            }
            if (c <= ' ' || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                if (c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029') {
                    t.endSentence(i, false);
                }
                quoteOpen = false;
                i++;
                continue;
            }
            if (c == '#' && i + 1 < n && isWordChar(text.charAt(i + 1))) {
                i = word(text, i + 1, true, t, scan, quoteOpen, keyMode);
                quoteOpen = false;
                continue;
            }
            if (c == '@' && i + 1 < n && isWordChar(text.charAt(i + 1))) {
                i = skipHandle(text, i + 1);
                quoteOpen = false;
                continue;
            }
            if (c == '&') {
                int end = entity(text, i, t, keyMode);
                if (end > i) {
                    i = end;
                    quoteOpen = false;
                    continue;
                }
            }
            if (c < 256 && lex.emoticonStart[c]) {
                int k = matchEmoticon(text, i);
                if (k >= 0) {
                    String e = lex.emoticons[k];
                    int end = repeatEnd(text, i + e.length(), e.charAt(e.length() - 1));
                    int flags = end > i + e.length() ? EMOJI | ELONG : EMOJI; // ":(((" and ":DDD" say it louder
                    t.add(e, flags, i, end, keyMode ? null : lex.entries.get(e));
                    i = end;
                    quoteOpen = false;
                    continue;
                }
            }
            if (Character.isSurrogate(c) || c >= 0x2000) {
                int cp = text.codePointAt(i);
                int len = Character.charCount(cp);
                if (isIgnorable(cp)) {
                    i += len;
                    continue;
                }
                if (isEmoji(cp)) {
                    buf[0] = c;
                    int hash = c;
                    if (len == 2) {
                        buf[1] = text.charAt(i + 1);
                        hash = 31 * hash + buf[1];
                    }
                    t.add(buf, len, EMOJI, i, i + len, keyMode ? null : lex.lookup(buf, len, hash));
                    i += len;
                    quoteOpen = false;
                    continue;
                }
                if (len == 2) { // some other astral symbol
                    i += 2;
                    continue;
                }
            }
            if (punctuation(text, i, c, t)) {
                quoteOpen = true;
                i++;
                continue;
            }
            quoteOpen = false;
            i++;
        }
        return t;
    }

    /**
     * Punctuation at {@code i}: sentence and clause ends, exclamation and question counts, closing quotes. True when
     * it opens a quotation (a quote mark before a word).
     */
    private static boolean punctuation(String text, int i, char c, Tokens t) {
        final int n = text.length();
        switch (c) {
            case '!' :
                t.exclamations++;
                t.endSentence(i + 1, true);
                break;
            case '?' :
                t.questions++;
                t.endSentence(i + 1, true);
                break;
            case '.' :
                if (!(i > 0 && i + 1 < n && isWordChar(text.charAt(i - 1)) && isWordChar(text.charAt(i + 1)))) {
                    t.endSentence(i + 1, true);
                }
                break;
            case '\u2026' : // ellipsis
            case '\u3002' :
                t.endSentence(i + 1, true);
                break;
            case ',' :
            case ';' :
            case ':' :
            case '(' :
            case ')' :
            case '[' :
            case ']' :
            case '{' :
            case '}' :
            case '|' :
            case '\u2014' :
            case '\u2013' :
            case '*' :
            case '~' :
                t.clauseEnd();
                break;
            case '-' :
                if ((i + 1 < n && text.charAt(i + 1) == '-')
                        || (i > 0 && text.charAt(i - 1) == ' ' && i + 1 < n && text.charAt(i + 1) == ' ')) {
                    t.clauseEnd();
                }
                break;
            case '"' :
            case '\'' :
            case '`' :
            case '\u201C' :
            case '\u201D' :
            case '\u2018' :
            case '\u2019' :
            case '\u00AB' :
            case '\u00BB' : {
                boolean prevWord = i > 0 && isWordChar(text.charAt(i - 1));
                boolean nextWord = i + 1 < n && isWordChar(text.charAt(i + 1));
                if (prevWord && t.count > 0 && t.end[t.count - 1] == i) {
                    t.flags[t.count - 1] |= QUOTE_CLOSE;
                } else if (nextWord) {
                    return true; // opens a quotation
                }
                break;
            }
            default :
                break;
        }
        return false;
    }

    static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /** What {@link #scan} found of one word: its lower-cased characters in {@code buf} and their counts. */
    private static final class WordScan {
        final char[] buf;
        int len;
        int hash;
        int upper;
        int lower;
        int digits;
        /** The positions after which {@link #scan} dropped an elongation's extra letters. */
        long elongMask;
        boolean elong;

        WordScan(char[] buf) {
            this.buf = buf;
        }
    }

    private int word(String text, int i, boolean hashtag, Tokens t, WordScan w, boolean quoteOpen,
            boolean keyMode) {
        final int start = hashtag ? i - 1 : i;
        if (!hashtag && isUrlStart(text, i)) {
            final int n = text.length();
            while (i < n && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            return i;
        }
        i = scan(text, i, w);
        if (w.len == 0) {
            return Math.max(i, start + 1);
        }
        if (hashtag) {
            emitHashtag(text, start + 1, i, new String(w.buf, 0, w.len), t, quoteOpen, keyMode);
            return i;
        }
        Entry e = keyMode ? null : lookup(w);
        t.add(w.buf, w.len, flags(w, quoteOpen, keyMode), start, i, e);
        return i;
    }

    /**
     * Reads the word at {@code i} into {@code w}: lower-cased, runs of three or more equal letters cut to two (and
     * flagged), apostrophes inside and decimal points between digits kept, at most {@link #MAX_WORD} characters.
     * Returns the index after it.
     */
    private static int scan(String text, int i, WordScan w) {
        final int n = text.length();
        final char[] buf = w.buf;
        int len = 0;
        int hash = 0;
        int upper = 0;
        int lower = 0;
        int digits = 0;
        long elongMask = 0L;
        char prev = 0;
        int run = 0;
        boolean elong = false;
        while (i < n) {
            char ch = text.charAt(i);
            char lc;
            boolean letter = false;
            if (ch >= 'a' && ch <= 'z') {
                lower++;
                lc = ch;
                letter = true;
            } else if (ch >= 'A' && ch <= 'Z') {
                upper++;
                lc = (char) (ch + 32);
                letter = true;
            } else if (ch >= '0' && ch <= '9') {
                digits++;
                lc = ch;
            } else if (ch == '_') {
                lc = ch;
            } else if (ch > 127 && Character.isLetterOrDigit(ch)) {
                letter = Character.isLetter(ch);
                if (Character.isUpperCase(ch)) {
                    upper++;
                    lc = Character.toLowerCase(ch);
                } else {
                    if (Character.isLowerCase(ch)) {
                        lower++;
                    } else if (!letter) {
                        digits++;
                    }
                    lc = ch;
                }
            } else if ((ch == '\'' || ch == '\u2019') && len > 0 && i + 1 < n && Character.isLetter(text.charAt(i
                    + 1))) {
                lc = '\'';
            } else if ((ch == '.' || ch == ',') && digits > 0 && upper + lower == 0 && i + 1 < n
                    && Character.isDigit(text.charAt(i + 1))) {
                lc = ch; // 1.5, 10,000
            } else {
                break;
            }
            if (letter) {
                if (lc == prev) {
                    run++;
                } else {
                    prev = lc;
                    run = 1;
                }
            } else {
                prev = 0;
                run = 0;
            }
            if (run >= 3) {
                elong = true;
                if (run == 3 && len > 0) {
                    elongMask |= 1L << (len - 1);
                }
            } else if (len < MAX_WORD) {
                buf[len++] = lc;
                hash = 31 * hash + lc;
            }
            i++;
        }
        w.len = len;
        w.hash = hash;
        w.upper = upper;
        w.lower = lower;
        w.digits = digits;
        w.elongMask = elongMask;
        w.elong = elong;
        return i;
    }

    /**
     * The lexicon's entry for the scanned word, or null; an elongated word the lexicon does not know is tried with each
     * collapsed run cut to one letter ("loove" from "looooove" -> "love"), and {@code w} becomes that form when found;
     * a laugh ("hahahaha") is the entry "haha", and {@code w} becomes "haha".
     */
    private Entry lookup(WordScan w) {
        final char[] buf = w.buf;
        Entry e = lex.lookup(buf, w.len, w.hash);
        if (e == null && w.elong) {
            int len = w.len;
            int altLen = 0;
            int altHash = 0;
            char[] alt = new char[len];
            for (int k = 0; k < len; k++) {
                if ((w.elongMask & (1L << k)) == 0) {
                    alt[altLen++] = buf[k];
                    altHash = 31 * altHash + buf[k];
                }
            }
            Entry e2 = lex.lookup(alt, altLen, altHash);
            if (e2 != null) {
                e = e2;
                System.arraycopy(alt, 0, buf, 0, altLen);
                w.len = altLen;
            }
        }
        if (e == null && w.upper + w.lower >= 4 && isLaugh(buf, w.len)) {
            e = lex.get("haha");
            if (e != null) { // the token is the entry's key: its characters too
                e.key.getChars(0, e.key.length(), buf, 0);
                w.len = e.key.length();
            }
        }
        return e;
    }

    /** The token flags of the scanned word (a lexicon key is never flagged elongated). */
    private static int flags(WordScan w, boolean quoteOpen, boolean keyMode) {
        final char[] buf = w.buf;
        final int len = w.len;
        int flags = w.elong && !keyMode ? ELONG : 0;
        if (w.upper >= 2 && w.lower == 0) {
            flags |= CAPS;
        }
        if (w.lower > 0) {
            flags |= HAS_LOWER;
        }
        if (w.digits > 0 && w.upper + w.lower == 0) {
            flags |= NUM;
        }
        if (quoteOpen) {
            flags |= QUOTE_OPEN;
        }
        if (len > 3 && buf[len - 1] == 't' && buf[len - 2] == '\'' && buf[len - 3] == 'n') {
            flags |= NT;
        }
        return flags;
    }

    private void emitHashtag(String text, int from, int to, String body, Tokens t, boolean quoteOpen,
            boolean keyMode) {
        List<String> parts = camelSplit(text, from, to);
        if (parts == null) {
            String[] seg = keyMode ? null : lex.segment(body);
            parts = seg == null ? List.of(body) : List.of(seg);
        }
        boolean first = true;
        for (String p : parts) {
            if (t.count >= MAX_TOKENS) {
                return;
            }
            int flags = HASHTAG;
            boolean allDigits = true;
            for (int k = 0; k < p.length(); k++) {
                if (!Character.isDigit(p.charAt(k))) {
                    allDigits = false;
                    break;
                }
            }
            if (allDigits) {
                flags |= NUM;
            }
            if (first && quoteOpen) {
                flags |= QUOTE_OPEN;
            }
            first = false;
            t.add(p, flags, from - 1, to, keyMode ? null : lex.entries.get(p));
        }
    }

    /** Splits "EpicFail", "iPhone15", "HTTPServer", "epic_fail" at case, digit and underscore boundaries. */
    static List<String> camelSplit(String text, int from, int to) {
        if (to - from > 64) {
            return null;
        }
        List<String> parts = null;
        int segStart = from;
        for (int k = from + 1; k <= to; k++) {
            boolean boundary;
            if (k == to) {
                boundary = parts != null;
            } else {
                char a = text.charAt(k - 1);
                char b = text.charAt(k);
                boundary = b == '_' || a == '_'
                        || (Character.isLowerCase(a) && Character.isUpperCase(b))
                        || (Character.isLetter(a) && Character.isDigit(b))
                        || (Character.isDigit(a) && Character.isLetter(b))
                        || (Character.isUpperCase(a) && Character.isUpperCase(b) && k + 1 < to
                                && Character.isLowerCase(text.charAt(k + 1)));
            }
            if (boundary) {
                if (parts == null) {
                    parts = new ArrayList<>(4);
                }
                addPart(parts, text, segStart, k);
                segStart = k;
            }
        }
        return parts == null || parts.size() < 2 ? null : parts;
    }

    private static void addPart(List<String> parts, String text, int from, int to) {
        StringBuilder b = new StringBuilder(to - from);
        for (int k = from; k < to; k++) {
            char c = text.charAt(k);
            if (c == '_') {
                continue;
            }
            b.append(c == '\u2019' ? '\'' : Character.toLowerCase(c));
        }
        if (b.length() > 0) {
            parts.add(b.toString());
        }
    }

    /** "hahaha", "ahahah", "hahah": letters h and a only, at least two of each. */
    static boolean isLaugh(char[] s, int len) {
        int h = 0;
        int a = 0;
        for (int k = 0; k < len; k++) {
            char c = s[k];
            if (c == 'h') {
                h++;
            } else if (c == 'a') {
                a++;
            } else {
                return false;
            }
        }
        return h >= 2 && a >= 2;
    }

    private static boolean isUrlStart(String text, int i) {
        char c = text.charAt(i);
        if (c == 'h' || c == 'H') {
            int n = text.length();
            if (i + 7 > n || (text.charAt(i + 1) | 0x20) != 't' || (text.charAt(i + 2) | 0x20) != 't'
                    || (text.charAt(i + 3) | 0x20) != 'p') {
                return false;
            }
            int k = i + 4;
            if ((text.charAt(k) | 0x20) == 's') {
                k++;
            }
            return k + 3 <= n && text.charAt(k) == ':' && text.charAt(k + 1) == '/' && text.charAt(k + 2) == '/';
        }
        if (c == 'w' || c == 'W') {
            return i + 4 <= text.length() && (text.charAt(i + 1) | 0x20) == 'w' && (text.charAt(i + 2) | 0x20) == 'w'
                    && text.charAt(i + 3) == '.';
        }
        return false;
    }

    private static int skipHandle(String text, int i) {
        final int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (isWordChar(c) || (c == '.' && i + 1 < n && isWordChar(text.charAt(i + 1)))) {
                i++;
            } else {
                break;
            }
        }
        return i;
    }

    /**
     * An HTML entity as feeds deliver escaped text ({@code &lt;3}, {@code &amp;}, {@code &gt;:(}): an emoticon that
     * starts with the decoded character becomes its token (offsets still into the original text), any other entity is
     * skipped like punctuation. Returns the index after what was consumed, or {@code i} when there is no entity here.
     */
    private int entity(String text, int i, Tokens t, boolean keyMode) {
        char decoded;
        int len;
        if (text.startsWith("&lt;", i)) {
            decoded = '<';
            len = 4;
        } else if (text.startsWith("&gt;", i)) {
            decoded = '>';
            len = 4;
        } else if (text.startsWith("&amp;", i)) {
            decoded = '&';
            len = 5;
        } else if (text.startsWith("&quot;", i)) {
            decoded = '"';
            len = 6;
        } else {
            return i;
        }
        int after = i + len;
        if (decoded < 256 && lex.emoticonStart[decoded]) {
            String rest = decoded + text.substring(after, Math.min(text.length(), after + 8));
            int k = matchEmoticon(rest, 0);
            if (k >= 0) {
                String e = lex.emoticons[k];
                int restEnd = repeatEnd(rest, e.length(), e.charAt(e.length() - 1));
                int end = after + restEnd - 1;
                t.add(e, restEnd > e.length() ? EMOJI | ELONG : EMOJI, i, end, keyMode ? null : lex.entries.get(e));
                return end;
            }
        }
        return after;
    }

    /** The index after the run of {@code last} that starts at {@code from} (the mouth of an emoticon repeated). */
    private static int repeatEnd(String text, int from, char last) {
        int j = from;
        while (j < text.length() && text.charAt(j) == last && (last == '(' || last == ')' || last == 'D'
                || last == '[' || last == ']' || last == '|' || last == 'P' || last == 'p' || last == '3')) {
            j++;
        }
        return j;
    }

    private int matchEmoticon(String text, int i) {
        final int n = text.length();
        String[] emoticons = lex.emoticons;
        for (int k = 0; k < emoticons.length; k++) {
            String e = emoticons[k];
            if (!text.startsWith(e, i)) {
                continue;
            }
            int endIdx = repeatEnd(text, i + e.length(), e.charAt(e.length() - 1));
            if (endIdx < n && Character.isLetterOrDigit(text.charAt(endIdx))) {
                continue;
            }
            if (e.charAt(0) == '/' && i > 0 && !Character.isWhitespace(text.charAt(i - 1))) {
                continue;
            }
            return k;
        }
        return -1;
    }

    static boolean isEmoji(int cp) {
        return (cp >= 0x1F300 && cp <= 0x1FAFF) // pictographs, emoticons, transport, supplemental
                || (cp >= 0x1F000 && cp <= 0x1F2FF) // mahjong, cards, enclosed
                || (cp >= 0x2600 && cp <= 0x27BF) // misc symbols, dingbats
                || (cp >= 0x2300 && cp <= 0x23FF) // technical (watch, hourglass)
                || (cp >= 0x2B00 && cp <= 0x2BFF) // stars, arrows
                || cp == 0x203C || cp == 0x2049 || cp == 0x2122 || cp == 0x2139 || cp == 0x3030 || cp == 0x303D;
    }

    static boolean isIgnorable(int cp) {
        return cp == 0xFE0F || cp == 0xFE0E || cp == 0x200D || cp == 0x20E3 || cp == 0x200B || cp == 0xFEFF
                || (cp >= 0x1F3FB && cp <= 0x1F3FF) || (cp >= 0xE0020 && cp <= 0xE007F);
    }
}
