package io.earshot.sentiment.topics;

import io.earshot.platform.http.ProblemException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The body of a topic create or replace: a name (1..64 characters, unique per brand regardless of case), 1..200
 * keywords of 1..100 characters each (a word, or a phrase, quoted or not, with at least one letter or digit), and
 * for a replace optionally the {@code version} last read, so that a concurrent edit is a 409 instead of being lost.
 */
public record TopicInput(String name, List<String> keywords, Long version) {
    public static final int MAX_NAME = 64;
    public static final int MAX_KEYWORDS = 200;
    public static final int MAX_KEYWORD = 100;
    public static final int MAX_BRAND = 64;

    /** The validated input: name trimmed, keywords trimmed and without case-insensitive duplicates. */
    public TopicInput normalised() {
        if (name == null || name.isBlank()) {
            throw ProblemException.badRequest("name", "must not be blank");
        }
        String n = name.strip();
        if (n.length() > MAX_NAME) {
            throw ProblemException.badRequest("name", "must be at most " + MAX_NAME + " characters");
        }
        if (hasControl(n)) {
            throw ProblemException.badRequest("name", "must not contain control characters");
        }
        if (keywords == null || keywords.isEmpty() || keywords.size() > MAX_KEYWORDS) {
            throw ProblemException.badRequest("keywords", "must have 1 to " + MAX_KEYWORDS + " keywords");
        }
        List<String> out = new ArrayList<>(keywords.size());
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < keywords.size(); i++) {
            String k = keywords.get(i);
            String field = "keywords[" + i + "]";
            if (k == null || k.isBlank()) {
                throw ProblemException.badRequest(field, "must not be blank");
            }
            k = k.strip();
            if (k.length() > MAX_KEYWORD) {
                throw ProblemException.badRequest(field, "must be at most " + MAX_KEYWORD + " characters");
            }
            if (hasControl(k)) {
                throw ProblemException.badRequest(field, "must not contain control characters");
            }
            List<String> words = TopicMatcher.words(k);
            if (words.isEmpty()) {
                throw ProblemException.badRequest(field, "must contain a letter or digit");
            }
            if (seen.add(String.join(" ", words).toLowerCase(Locale.ROOT))) {
                out.add(k);
            }
        }
        return new TopicInput(n, List.copyOf(out), version);
    }

    /** Checks a brand from the path. */
    public static String brand(String brand) {
        if (brand == null || brand.isBlank() || brand.length() > MAX_BRAND || hasControl(brand)) {
            throw ProblemException.badRequest("brand", "must be 1 to " + MAX_BRAND + " characters");
        }
        return brand;
    }

    private static boolean hasControl(String s) {
        return s.chars().anyMatch(Character::isISOControl);
    }
}
