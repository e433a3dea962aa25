package io.earshot.listener.sources;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns the HTML that sources send (Mastodon content, feed summaries) into plain text for matching and scoring. */
public final class Html {
    private static final Pattern BREAK = Pattern.compile("(?i)<br\\s*/?>|</p\\s*>|</div\\s*>|</li\\s*>");
    private static final Pattern DROP = Pattern.compile("(?is)<(script|style)[^>]*>.*?</\\1\\s*>");
    private static final Pattern TAG = Pattern.compile("(?s)<[^>]*>");
    private static final Pattern ENTITY = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});");
    private static final Map<String, String> NAMED = Map.of("amp", "&", "lt", "<", "gt", ">", "quot", "\"", "apos", "'",
            "nbsp", " ", "hellip", "…", "mdash", "—", "ndash", "–");

    private Html() {
    }

    public static String toText(String html) {
        if (html == null) {
            return "";
        }
        String s = DROP.matcher(html).replaceAll(" ");
        s = BREAK.matcher(s).replaceAll("\n");
        s = TAG.matcher(s).replaceAll("");
        s = unescape(s);
        return s.replaceAll("[ \\t\\x0B\\f\\r\\u00A0]+", " ").replaceAll(" *\\n[ \\n]*", "\n").strip();
    }

    /** Decodes entities of plain text (Reddit's escaped titles); null becomes "". */
    public static String unescapeText(String s) {
        return s == null ? "" : unescape(s).strip();
    }

    static String unescape(String s) {
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
                r = NAMED.get(e.toLowerCase(java.util.Locale.ROOT));
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
