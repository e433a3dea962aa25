package io.earshot.map.personas;

import io.earshot.map.personas.PersonaStore.Rules;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Which personas a candidate belongs to, from the facts of its source mentions. Pure and deterministic.
 *
 * <p>A persona matches a mention when every rule kind it uses is satisfied (all-of across kinds), and a kind is
 * satisfied by any one of its entries (any-of within a kind). An empty kind constrains nothing; a persona without any
 * rule matches nothing (it only receives candidates that name it). Kinds, all case-insensitive:
 * <ul>
 * <li>topics: one of the mention's scored topics equals an entry;</li>
 * <li>sources: the mention's source equals an entry;</li>
 * <li>keywords: an entry (a word or a phrase) occurs in the mention text as whole words, in order ("refund" matches
 * "Refund!" and "#refund", not "refunded"); URLs and @handles are not searched;</li>
 * <li>tiers: the author's CRM tier is known and equals an entry (an unknown tier never satisfies a tier rule).</li>
 * </ul>
 * A candidate belongs to every persona that matches at least one of its mentions; to the default persona when none
 * does.
 */
public final class PersonaMatcher {
    private static final Pattern URLS_AND_HANDLES = Pattern.compile(
            "(?i)\\b(?:https?://|www\\.)\\S+|(?<![\\p{L}\\p{N}])@[\\w.-]+");
    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    private PersonaMatcher() {}

    /** What is known about a source mention: from mentions.scored, plus the author's CRM tier when known. */
    public record MentionFacts(UUID mentionId, String source, List<String> topics, String text, String tier) {
        public MentionFacts {
            topics = topics == null ? List.of() : List.copyOf(topics);
        }
    }

    /** A persona's name and rules. */
    public record Candidate(String name, Rules rules) {}

    /** Names of the personas matching any of the mentions, sorted; empty when none matches. */
    public static List<String> match(Collection<Candidate> personas, Collection<MentionFacts> mentions) {
        Set<String> names = new TreeSet<>();
        for (Candidate p : personas) {
            if (mentions.stream().anyMatch(m -> matches(p.rules(), m))) {
                names.add(p.name());
            }
        }
        return List.copyOf(names);
    }

    public static boolean matches(Rules rules, MentionFacts m) {
        if (rules.topics().isEmpty() && rules.sources().isEmpty() && rules.keywords().isEmpty() && rules.tiers()
                .isEmpty()) {
            return false;
        }
        return (rules.topics().isEmpty() || anyEqual(rules.topics(), m.topics()))
                && (rules.sources().isEmpty() || (m.source() != null && anyEqual(rules.sources(), List.of(m.source()))))
                && (rules.tiers().isEmpty() || (m.tier() != null && anyEqual(rules.tiers(), List.of(m.tier()))))
                && (rules.keywords().isEmpty() || anyKeyword(rules.keywords(), m.text()));
    }

    private static boolean anyEqual(List<String> wanted, List<String> actual) {
        for (String a : actual) {
            if (a == null) {
                continue;
            }
            String value = a.strip();
            if (wanted.stream().anyMatch(w -> w.strip().equalsIgnoreCase(value))) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyKeyword(List<String> keywords, String text) {
        if (text == null || text.isBlank()) {
            return false;
        }
        List<String> words = words(URLS_AND_HANDLES.matcher(text).replaceAll(" "));
        for (String keyword : keywords) {
            List<String> phrase = words(keyword);
            if (!phrase.isEmpty() && contains(words, phrase)) {
                return true;
            }
        }
        return false;
    }

    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (String w : NON_WORD.split(text.toLowerCase(Locale.ROOT))) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }

    private static boolean contains(List<String> words, List<String> phrase) {
        for (int i = 0; i + phrase.size() <= words.size(); i++) {
            if (words.subList(i, i + phrase.size()).equals(phrase)) {
                return true;
            }
        }
        return false;
    }
}
