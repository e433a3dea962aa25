package io.earshot.map.privacy;

import io.earshot.platform.privacy.Subjects;

/** How authors are keyed: {@code source:authorId}, and {@code source:@handle} (see {@link Subjects}). */
public final class AuthorKeys {
    private AuthorKeys() {}

    public static String author(String source, String authorId) {
        return Subjects.author(source, authorId);
    }

    public static String handle(String source, String handle) {
        return Subjects.handle(source, handle);
    }
}
