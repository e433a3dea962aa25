package io.earshot.map.privacy;

import java.util.Locale;

/** How authors are keyed: {@code source:authorId}, and {@code source:@handle} (handle lower-cased, one leading @). */
public final class AuthorKeys {
    private AuthorKeys() {
    }

    public static String author(String source, String authorId) {
        return blank(source) || blank(authorId) ? null : source.trim().toLowerCase(Locale.ROOT) + ":" + authorId.trim();
    }

    public static String handle(String source, String handle) {
        if (blank(source) || blank(handle)) {
            return null;
        }
        String h = handle.trim();
        while (h.startsWith("@")) {
            h = h.substring(1);
        }
        return h.isEmpty() ? null : source.trim().toLowerCase(Locale.ROOT) + ":@" + h.toLowerCase(Locale.ROOT);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
