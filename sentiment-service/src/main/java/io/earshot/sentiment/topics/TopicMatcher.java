package io.earshot.sentiment.topics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Tags a text with the topics of one brand. A topic has keywords: single words or phrases (several words, quoted or
 * not). Matching is case-insensitive and on whole words: "refund" matches "Refund!" and "#refund" (a hashtag counts as
 * its word) but not "refunded"; a phrase matches its words in sequence ("customer service" in "Customer-service was
 * rude"). URLs and {@code @handles} are not searched. Compiled once per taxonomy, immutable and thread-safe; matching
 * is one pass over the words of the text with a hash lookup per word.
 */
public final class TopicMatcher {
    /** A topic and its keywords as stored. */
    public record Topic(String name, List<String> keywords) {}

    /** A topic found in a text, with the first keyword of it that matched. */
    public record Match(String topic, String keyword) {}

    public static final TopicMatcher EMPTY = compile(List.of());

    private record Pattern(String[] words, int topic, String keyword) {}

    /** Patterns by their first word, longer phrases first. */
    private final Map<String, List<Pattern>> byFirstWord;
    private final List<String> names;

    private TopicMatcher(Map<String, List<Pattern>> byFirstWord, List<String> names) {
        this.byFirstWord = byFirstWord;
        this.names = names;
    }

    public static TopicMatcher compile(Collection<Topic> topics) {
        List<Topic> sorted = topics.stream().sorted(Comparator.comparing(Topic::name, String.CASE_INSENSITIVE_ORDER))
                .toList();
        Map<String, List<Pattern>> byFirst = new HashMap<>();
        List<String> names = new ArrayList<>(sorted.size());
        for (int t = 0; t < sorted.size(); t++) {
            Topic topic = sorted.get(t);
            names.add(topic.name());
            for (String keyword : topic.keywords()) {
                List<String> words = words(keyword);
                if (!words.isEmpty()) {
                    byFirst.computeIfAbsent(words.get(0), k -> new ArrayList<>())
                            .add(new Pattern(words.toArray(String[]::new), t, keyword));
                }
            }
        }
        Map<String, List<Pattern>> frozen = new HashMap<>();
        byFirst.forEach((w, list) -> {
            list.sort(Comparator.comparingInt((Pattern p) -> -p.words().length));
            frozen.put(w, List.copyOf(list));
        });
        return new TopicMatcher(Map.copyOf(frozen), List.copyOf(names));
    }

    public boolean isEmpty() {
        return byFirstWord.isEmpty();
    }

    /** The names of the topics found in {@code text}, in the order of their names. */
    public List<String> topics(String text) {
        return match(text).stream().map(Match::topic).toList();
    }

    /** The topics found in {@code text}, each once with the first keyword that matched, in the order of their names. */
    public List<Match> match(String text) {
        if (byFirstWord.isEmpty() || text == null || text.isEmpty()) {
            return List.of();
        }
        List<String> words = words(text);
        Match[] found = new Match[names.size()];
        int count = 0;
        for (int i = 0; i < words.size() && count < found.length; i++) {
            List<Pattern> candidates = byFirstWord.get(words.get(i));
            if (candidates == null) {
                continue;
            }
            for (Pattern p : candidates) {
                if (found[p.topic()] == null && matchesAt(words, i, p.words())) {
                    found[p.topic()] = new Match(names.get(p.topic()), p.keyword());
                    count++;
                }
            }
        }
        List<Match> out = new ArrayList<>(count);
        for (Match m : found) {
            if (m != null) {
                out.add(m);
            }
        }
        return out;
    }

    private static boolean matchesAt(List<String> words, int at, String[] pattern) {
        if (at + pattern.length > words.size()) {
            return false;
        }
        for (int j = 1; j < pattern.length; j++) {
            if (!words.get(at + j).equals(pattern[j])) {
                return false;
            }
        }
        return true;
    }

    /**
     * The lower-cased words of a text or keyword: runs of letters, digits and underscores, with apostrophes inside a
     * word kept ("don't"). Everything else separates words, so "#refund" is "refund" and "wi-fi" is "wi", "fi".
     * URLs and {@code @handles} are skipped. Quotes around a phrase keyword are simply separators.
     */
    public static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder(16);
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (w.isEmpty() && (c == '@' || text.startsWith("http://", i) || text.startsWith("https://", i)
                    || text.startsWith("www.", i))) {
                while (i < n && !Character.isWhitespace(text.charAt(i))) {
                    i++;
                }
                continue;
            }
            if (Character.isLetterOrDigit(c) || c == '_') {
                w.append(c);
            } else if ((c == '\'' || c == '\u2019') && !w.isEmpty() && i + 1 < n
                    && Character.isLetterOrDigit(text.charAt(i + 1))) {
                w.append('\'');
            } else if (!w.isEmpty()) {
                words.add(w.toString().toLowerCase(Locale.ROOT));
                w.setLength(0);
            }
            i++;
        }
        if (!w.isEmpty()) {
            words.add(w.toString().toLowerCase(Locale.ROOT));
        }
        return words;
    }
}
