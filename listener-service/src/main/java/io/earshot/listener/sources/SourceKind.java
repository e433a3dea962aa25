package io.earshot.listener.sources;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The kinds of polled source; {@link #id()} is the value of {@code kind} in the API and of {@code source} in mentions. */
public enum SourceKind {
    RSS, MASTODON, REDDIT, HACKERNEWS, BLUESKY;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<SourceKind> of(String id) {
        return Arrays.stream(values()).filter(k -> k.id().equals(id)).findFirst();
    }
}
