package io.earshot.listener.query;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A parsed topic query (see {@link QueryParser}). Evaluated on plain text, case-insensitively, on word boundaries, so
 * that every source behaves alike.
 */
public sealed interface Query permits Query.Term, Query.And, Query.Or, Query.Not {

    /** Evaluates the query: the matched terms (in query order, as written, lower-cased) or null when it does not match. */
    default List<String> match(String text) {
        String t = text == null ? "" : text;
        Set<String> found = new LinkedHashSet<>();
        return matches(t, found) ? List.copyOf(found) : null;
    }

    /** Whether the text matches; collects the positive (not negated) terms that occur in it. */
    boolean matches(String text, Set<String> found);

    /** A word or a quoted phrase; a trailing {@code *} matches any word ending ("refund*" matches "refunds"). */
    record Term(String text, boolean prefix, Pattern pattern) implements Query {
        static Term of(String text, boolean prefix) {
            String[] words = text.trim().split("\\s+");
            StringBuilder re = new StringBuilder("(?<![\\p{L}\\p{N}_])");
            for (int i = 0; i < words.length; i++) {
                if (i > 0) {
                    re.append("[\\s\\p{Z}]+");
                }
                re.append(Pattern.quote(words[i]));
            }
            re.append(prefix ? "" : "(?![\\p{L}\\p{N}_])");
            String normalized = String.join(" ", words).toLowerCase(java.util.Locale.ROOT);
            return new Term(prefix ? normalized + "*" : normalized, prefix,
                    Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
        }

        @Override
        public boolean matches(String text, Set<String> found) {
            boolean hit = pattern.matcher(text).find();
            if (hit) {
                found.add(this.text);
            }
            return hit;
        }

        @Override
        public String toString() {
            return text.contains(" ") ? "\"" + text + "\"" : text;
        }
    }

    record And(List<Query> parts) implements Query {
        @Override
        public boolean matches(String text, Set<String> found) {
            Set<String> local = new LinkedHashSet<>();
            for (Query q : parts) {
                if (!q.matches(text, local)) {
                    return false;
                }
            }
            found.addAll(local);
            return true;
        }

        @Override
        public String toString() {
            return "(" + String.join(" AND ", parts.stream().map(Object::toString).toList()) + ")";
        }
    }

    record Or(List<Query> parts) implements Query {
        @Override
        public boolean matches(String text, Set<String> found) {
            boolean any = false;
            // Evaluate every branch so that all matched terms are recorded, not only the first.
            for (Query q : parts) {
                any |= q.matches(text, found);
            }
            return any;
        }

        @Override
        public String toString() {
            return "(" + String.join(" OR ", parts.stream().map(Object::toString).toList()) + ")";
        }
    }

    /** Negation: terms under it are never recorded as matched. */
    record Not(Query inner) implements Query {
        @Override
        public boolean matches(String text, Set<String> found) {
            return !inner.matches(text, new LinkedHashSet<>());
        }

        @Override
        public String toString() {
            return "NOT " + inner;
        }
    }
}
