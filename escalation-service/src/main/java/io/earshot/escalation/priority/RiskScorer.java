package io.earshot.escalation.priority;

import io.earshot.contracts.events.Author;
import io.earshot.contracts.events.CrisisAlert;
import io.earshot.contracts.events.RiskScore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The explainable composite risk: {@code 100 x negativity x velocity x reach (x customer value where known)}, every
 * factor with its input and weight. Reach and customer value are the {@link PriorityScorer}'s own factors (same
 * weights), so a case's risk and its priority never disagree on who matters.
 * <ul>
 * <li>case: negativity = -sentiment of its most negative mention (0..1); velocity = 1 + w_velocity x log10(1 + n), n =
 * the case's and its thread's mentions within {@code earshot.risk.velocity-window} of the newest; reach of the author;
 * customer value when the author is a known customer (left out otherwise);</li>
 * <li>crisis alert: negativity = the window's negative share; velocity = observed / expected volume (at least 1);
 * reach = 1 + w_reach x log10(1 + distinct authors) / 2.</li>
 * </ul>
 */
@ApplicationScoped
public class RiskScorer {
    private final PriorityScorer priority;
    private final double velocityWeight;

    @Inject
    public RiskScorer(PriorityScorer priority, RiskSettings settings) {
        this(priority, settings.velocityWeight());
    }

    public RiskScorer(PriorityScorer priority, double velocityWeight) {
        this.priority = priority;
        this.velocityWeight = velocityWeight;
    }

    /** The risk of a case. */
    public RiskScore forCase(double mostNegativeSentiment, long recentMentions, String window, Author author,
            PriorityScorer.Customer customer) {
        List<RiskScore.Factor> factors = new ArrayList<>();
        double negativity = clamp(-mostNegativeSentiment);
        factors.add(new RiskScore.Factor("negativity", round(negativity), 1.0,
                String.format(Locale.ROOT, "sentiment %.2f of the case's most negative mention",
                        mostNegativeSentiment)));
        long n = Math.max(0, recentMentions);
        factors.add(new RiskScore.Factor("velocity", round(1 + velocityWeight * Math.log10(1 + n)), velocityWeight,
                n + " mentions of the case and its thread within " + window + " of the newest"));
        long followers = PriorityScorer.followers(author);
        factors.add(new RiskScore.Factor("reach", round(priority.reach(author)), priority.reachWeight(),
                followers + " followers" + (author != null && author.verified() ? ", verified" : "")));
        if (customer != null) {
            factors.add(new RiskScore.Factor("customerValue", round(priority.customerValue(customer)), priority
                    .valueWeight(),
                    "tier " + customer.tier() + ", lifetime value " + round(customer.lifetimeValue())));
        }
        return score(factors, customer == null ? " (customer value unknown: left out)" : "");
    }

    /** The risk of a crisis alert's window. */
    public RiskScore forAlert(CrisisAlert a) {
        List<RiskScore.Factor> factors = new ArrayList<>();
        factors.add(new RiskScore.Factor("negativity", round(clamp(a.negativeShare())), 1.0,
                String.format(Locale.ROOT, "%.0f%% of the window's mentions negative", a.negativeShare() * 100)));
        double velocity = Math.max(1, a.volume() / Math.max(a.baseline(), 1.0));
        factors.add(new RiskScore.Factor("velocity", round(velocity), 1.0, String.format(Locale.ROOT,
                "%d mentions in %d min against %.1f expected", a.volume(), a.window().toMinutes(), a.baseline())));
        int authors = a.distinctAuthors() == null ? 0 : a.distinctAuthors();
        factors.add(new RiskScore.Factor("reach", round(1 + priority.reachWeight() * Math.log10(1 + authors) / 2),
                priority.reachWeight(), authors + " distinct authors"));
        return score(factors, " (customer value: not applicable to a crisis)");
    }

    private static RiskScore score(List<RiskScore.Factor> factors, String note) {
        double product = 100;
        for (RiskScore.Factor f : factors) {
            product *= f.value();
        }
        double score = round(product);
        String arithmetic = "100 x " + factors.stream().map(f -> String.format(Locale.ROOT, "%s %.2f (%s%s)", f.name(),
                f.value(), f.input(), f.weight() == 1.0 ? "" : String.format(Locale.ROOT, ", weight %.2f", f.weight())))
                .collect(Collectors.joining(" x ")) + String.format(Locale.ROOT, " = %.2f", score) + note;
        return new RiskScore(score, factors, arithmetic);
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
