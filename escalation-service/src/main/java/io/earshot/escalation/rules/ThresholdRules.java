package io.earshot.escalation.rules;

import io.earshot.contracts.events.Author;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.contracts.events.Scores;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The built-in escalation rules: distress always goes to the {@code distress} queue and is never auto-answered;
 * otherwise a mention at or below the negative threshold goes to {@code care}, one at or above the urgency threshold
 * to {@code urgent}. Priority = severity (0..1) x reach (1 + log10(1 + followers) / 2, x1.25 when verified) x 100.
 */
@ApplicationScoped
public class ThresholdRules {
    private final double negativeThreshold;
    private final double urgencyThreshold;

    public ThresholdRules(@ConfigProperty(name = "earshot.rules.negative-threshold") double negativeThreshold,
            @ConfigProperty(name = "earshot.rules.urgency-threshold") double urgencyThreshold) {
        this.negativeThreshold = negativeThreshold;
        this.urgencyThreshold = urgencyThreshold;
    }

    public Optional<Decision> decide(ScoredMention scored) {
        Scores s = scored.scores();
        double severity = Math.max(Math.max(-s.sentiment(), s.urgency()), s.distress().confidence());
        double priority = Math.round(Math.max(0, severity) * reach(scored.mention().author()) * 10_000) / 100.0;
        if (s.distress().present()) {
            String kind = s.distress().kind().name();
            return Optional.of(new Decision("distress", "builtin:distress",
                    "distress (" + kind + ", confidence " + fmt(s.distress().confidence()) + ")", priority, true));
        }
        if (s.sentiment() <= negativeThreshold) {
            return Optional.of(new Decision("care", "builtin:negative",
                    "sentiment " + fmt(s.sentiment()) + " <= " + fmt(negativeThreshold), priority, false));
        }
        if (s.urgency() >= urgencyThreshold) {
            return Optional.of(new Decision("urgent", "builtin:urgent",
                    "urgency " + fmt(s.urgency()) + " >= " + fmt(urgencyThreshold), priority, false));
        }
        return Optional.empty();
    }

    static double reach(Author author) {
        if (author == null) {
            return 1;
        }
        long followers = author.followers() == null ? 0 : Math.max(0, author.followers());
        double reach = 1 + Math.log10(1 + followers) / 2;
        return author.verified() ? reach * 1.25 : reach;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
