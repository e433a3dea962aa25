package io.earshot.escalation.rules;

import io.earshot.contracts.events.ScoredMention;
import io.earshot.contracts.events.Scores;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides for one mention with a list of rules, severity first: of the enabled rules that match, the one with the most
 * urgent priority band wins (P1 before P2 ...), and rule order (position, then name) only breaks ties, so an angry and
 * urgent post is not left at P3 because a milder rule comes first. The reason names every other rule that matched.
 * Distress overrides the rules: a distressed mention always goes to a human queue, P1, never auto-answered; only a
 * rule that names distress kinds explicitly may pick which human queue (e.g. legal), otherwise it is {@code distress}.
 * A rule on personal data ({@code piiKindsAny}, the disclosure lane) is never auto-answered either, and its reason
 * names the kinds that were redacted.
 */
public final class RuleEngine {
    public static final String DISTRESS_QUEUE = "distress";

    private RuleEngine() {}

    public static List<Rule> ordered(List<Rule> rules) {
        return rules.stream().filter(Rule::enabled)
                .sorted(Comparator.comparingInt(Rule::position).thenComparing(Rule::name)).toList();
    }

    /** {@code rules} must already be {@link #ordered(List)}. */
    public static Optional<Decision> decide(ScoredMention scored, List<Rule> rules) {
        Scores s = scored.scores();
        if (s.distress().present()) {
            String kind = s.distress().kind().name();
            String why = "distress (" + kind + ", confidence " + fmt(s.distress().confidence()) + ")";
            for (Rule r : rules) {
                if (r.definition().conditions().distressKinds() != null && r.definition().matches(scored)) {
                    return Optional.of(new Decision(r.definition().action().queue(), r.name(), r.version(), "P1",
                            why + " routed by rule " + r.name(), true));
                }
            }
            return Optional.of(new Decision(DISTRESS_QUEUE, "builtin:distress", null, "P1", why, true));
        }
        List<Rule> matched = rules.stream().filter(r -> r.definition().matches(scored)).toList();
        if (matched.isEmpty()) {
            return Optional.empty();
        }
        // Bands are P1..P4, so their natural order is their urgency; min keeps the first of equals (rule order).
        Rule winner = matched.stream().min(Comparator.comparing((Rule r) -> r.definition().action().priority()))
                .orElseThrow();
        String others = matched.stream().filter(r -> r != winner)
                .map(r -> r.name() + " (" + r.definition().action().priority() + ")").collect(Collectors.joining(", "));
        // A rule about personal data routes a private follow-up: a human answers, in private, never an automatic reply.
        boolean disclosure = winner.definition().conditions().piiKindsAny() != null;
        String kinds = disclosure
                ? "; personal data redacted: " + String.join(", ", scored.mention().pii().kinds())
                : "";
        return Optional.of(new Decision(winner.definition().action().queue(), winner.name(), winner.version(),
                winner.definition().action().priority(), reason(winner, scored) + kinds
                        + (others.isEmpty() ? "" : "; also matched: " + others),
                disclosure));
    }

    private static String reason(Rule r, ScoredMention scored) {
        Scores s = scored.scores();
        return "rule " + r.name() + " v" + r.version() + ": sentiment " + fmt(s.sentiment()) + ", urgency " + fmt(s
                .urgency())
                + ", sarcasm " + fmt(s.sarcasm()) + (s.topics().isEmpty() ? "" : ", topics " + s.topics());
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
