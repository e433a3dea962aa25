package io.earshot.listener.sources;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the HTML that sources send (Mastodon content, feed summaries) into plain text for matching and scoring, in
 * time linear in its length (#26 finding 4): the input is cut to {@link #MAX_INPUT} characters first, then one
 * left-to-right scan drops tags, drops script and style contents, and turns block tags (an opening or closing
 * {@code <p>}, {@code <br>}, {@code <div>}, {@code <li>}, headings ...) into a line break, so "below&lt;p&gt;Acme"
 * reads "below", "Acme". Every character is looked at a bounded number of times: a {@code <} with no {@code >} after
 * it is text, and once no {@code >} is left the scan never looks for one again.
 */
public final class Html {
    /** Characters of HTML read at most: mentions keep 10,000 characters of text, markup takes the rest. */
    public static final int MAX_INPUT = 100_000;
    /** Entities are at most ten characters long, so each attempt looks at a bounded number of characters. */
    private static final Pattern ENTITY = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});");
    private static final Map<String, String> NAMED = Map.of("amp", "&", "lt", "<", "gt", ">", "quot", "\"", "apos", "'",
            "nbsp", " ", "hellip", "…", "mdash", "—", "ndash", "–");
    private static final Set<String> BLOCK = Set.of("br", "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "tr", "td",
            "th", "table", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "section", "article",
            "header",
            "footer", "aside", "nav", "figure", "figcaption", "main");
    private static final int MAX_NAME = 12;

    private Html() {}

    public static String toText(String html) {
        return toText((CharSequence) html);
    }

    /** As {@link #toText(String)}, over any character sequence (tests count the characters it reads). */
    static String toText(CharSequence html) {
        if (html == null) {
            return "";
        }
        CharSequence s = html.length() > MAX_INPUT ? html.subSequence(0, MAX_INPUT) : html;
        return normalize(unescape(strip(s)));
    }

    /** Decodes entities of plain text (Reddit's escaped titles); null becomes "". */
    public static String unescapeText(String s) {
        return s == null ? "" : unescape(s.length() > MAX_INPUT ? s.substring(0, MAX_INPUT) : s).strip();
    }

    /** Tags out, script/style contents out, block tags as line breaks; one pass. */
    static String strip(CharSequence s) {
        int n = s.length();
        StringBuilder out = new StringBuilder(Math.min(n, 16_384));
        boolean noMoreGt = false; // no '>' after the last search: every later '<' is text
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c != '<' || noMoreGt || i + 1 >= n || !tagStart(s.charAt(i + 1))) {
                out.append(c);
                i++;
                continue;
            }
            int end = indexOf(s, '>', i + 1);
            if (end < 0) {
                noMoreGt = true;
                out.append(c);
                i++;
                continue;
            }
            boolean closing = s.charAt(i + 1) == '/';
            String name = name(s, closing ? i + 2 : i + 1, end);
            i = end + 1;
            if (!closing && (name.equals("script") || name.equals("style"))) {
                i = afterClosing(s, i, name);
                out.append(' ');
            } else if (BLOCK.contains(name)) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static boolean tagStart(char c) {
        return c == '/' || c == '!' || c == '?' || (c < 128 && Character.isLetter(c));
    }

    private static int indexOf(CharSequence s, char c, int from) {
        for (int j = from; j < s.length(); j++) {
            if (s.charAt(j) == c) {
                return j;
            }
        }
        return -1;
    }

    /** The lower-case tag name from {@code from} (letters and digits, at most MAX_NAME read). */
    private static String name(CharSequence s, int from, int end) {
        StringBuilder b = new StringBuilder();
        for (int j = from; j < end && b.length() < MAX_NAME; j++) {
            char c = s.charAt(j);
            if (c >= 128 || !Character.isLetterOrDigit(c)) {
                break;
            }
            b.append(Character.toLowerCase(c));
        }
        return b.toString();
    }

    /** The index after {@code </name ...>} from {@code from}, or the end when it never closes; one pass. */
    private static int afterClosing(CharSequence s, int from, String name) {
        int n = s.length();
        int j = from;
        while (j < n) {
            if (s.charAt(j) == '<' && j + 1 < n && s.charAt(j + 1) == '/' && nameAt(s, j + 2, name)) {
                int gt = indexOf(s, '>', j + 2 + name.length());
                return gt < 0 ? n : gt + 1;
            }
            j++;
        }
        return n;
    }

    private static boolean nameAt(CharSequence s, int at, String name) {
        if (at + name.length() > s.length()) {
            return false;
        }
        for (int k = 0; k < name.length(); k++) {
            if (Character.toLowerCase(s.charAt(at + k)) != name.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** Runs of blanks become one space; blanks around line breaks and repeated breaks go; one pass, then strip. */
    static String normalize(CharSequence s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean blank = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n') {
                int len = out.length();
                if (len > 0 && out.charAt(len - 1) == ' ') {
                    out.setLength(len - 1);
                }
                if (out.length() == 0 || out.charAt(out.length() - 1) != '\n') {
                    out.append('\n');
                }
                blank = false;
            } else if (c == ' ' || c == '\t' || c == '\u000B' || c == '\f' || c == '\r' || c == '\u00A0') {
                blank = true;
            } else {
                if (blank && out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
                    out.append(' ');
                }
                blank = false;
                out.append(c);
            }
        }
        return out.toString().strip();
    }

    static String unescape(CharSequence s) {
        Matcher m = ENTITY.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String e = m.group(1);
            String r;
            if (e.startsWith("#x") || e.startsWith("#X")) {
                r = codePoint(Integer.parseInt(e.substring(2), 16));
            } else if (e.startsWith("#")) {
                r = codePoint(Integer.parseInt(e.substring(1)));
            } else {
                r = NAMED.get(e.toLowerCase(Locale.ROOT));
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(r == null ? m.group() : r));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static String codePoint(int cp) {
        return Character.isValidCodePoint(cp) && cp != 0 ? new String(Character.toChars(cp)) : "\uFFFD";
    }
}
