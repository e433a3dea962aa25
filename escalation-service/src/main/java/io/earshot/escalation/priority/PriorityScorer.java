package io.earshot.escalation.priority;

import io.earshot.contracts.events.Author;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.contracts.events.Scores;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Priority score = 100 x severity x reach x customer value x engagement, each factor explained.
 * <ul>
 * <li>severity (0..1): the strongest of negative sentiment, urgency, distress confidence and anger;</li>
 * <li>reach: 1 + w_reach x log10(1 + followers) / 2, times the verified boost;</li>
 * <li>customer value: 1 + w_value x log10(1 + lifetime value / 100) / 2 + the tier's bonus (CRM profile);</li>
 * <li>engagement: 1 + w_engagement x min(previous cases, 10) / 10 (authors we have dealt with before).</li>
 * </ul>
 */
@ApplicationScoped
public class PriorityScorer {
    /** The customer facts the score uses; null fields when the author is not a known customer. */
    public record Customer(String id, String tier, double lifetimeValue) {}

    public record Breakdown(double score, double severity, double reach, double customerValue, double engagement,
            Map<String, Double> weights, String explanation) {}

    private final double reachWeight;
    private final double verifiedBoost;
    private final double valueWeight;
    private final double engagementWeight;
    private final Map<String, Double> tierBonus;

    @Inject
    public PriorityScorer(PrioritySettings settings) {
        this(settings.reachWeight(), settings.verifiedBoost(), settings.valueWeight(), settings.engagementWeight(),
                settings.tierBonus());
    }

    public PriorityScorer(double reachWeight, double verifiedBoost, double valueWeight, double engagementWeight,
            String tierBonus) {
        this.reachWeight = reachWeight;
        this.verifiedBoost = verifiedBoost;
        this.valueWeight = valueWeight;
        this.engagementWeight = engagementWeight;
        this.tierBonus = parseTiers(tierBonus);
    }

    static Map<String, Double> parseTiers(String spec) {
        Map<String, Double> tiers = new HashMap<>();
        for (String part : spec.split(",")) {
            String[] kv = part.trim().split(":");
            if (kv.length == 2) {
                tiers.put(kv[0].trim().toLowerCase(Locale.ROOT), Double.parseDouble(kv[1].trim()));
            }
        }
        return Map.copyOf(tiers);
    }

    public Breakdown score(ScoredMention scored, Customer customer, long previousCases) {
        Scores s = scored.scores();
        double severity = clamp(Math.max(Math.max(-s.sentiment(), s.urgency()),
                Math.max(s.distress().confidence(), s.emotions().anger())));
        Author a = scored.mention().author();
        long followers = followers(a);
        boolean verified = a != null && a.verified();
        double reach = reach(a);
        double ltv = customer == null ? 0 : Math.max(0, customer.lifetimeValue());
        double value = customerValue(customer);
        long prior = Math.min(Math.max(previousCases, 0), 10);
        double engagement = 1 + engagementWeight * prior / 10.0;
        double score = round(100 * severity * reach * value * engagement);
        String explanation = String.format(Locale.ROOT,
                "100 x severity %.2f x reach %.2f (%d followers%s) x customer value %.2f (%s) x engagement %.2f (%d previous cases) = %.2f",
                severity, reach, followers, verified ? ", verified" : "", value,
                customer == null ? "no CRM profile" : "tier " + customer.tier() + ", lifetime value " + round(ltv),
                engagement, prior, score);
        return new Breakdown(score, round(severity), round(reach), round(value), round(engagement),
                Map.of("reach", reachWeight, "verifiedBoost", verifiedBoost, "value", valueWeight, "engagement",
                        engagementWeight),
                explanation);
    }

    /** The reach factor of an author: 1 + w_reach x log10(1 + followers) / 2, times the verified boost. */
    public double reach(Author a) {
        return (1 + reachWeight * Math.log10(1 + followers(a)) / 2) * (a != null && a.verified() ? verifiedBoost : 1);
    }

    /** The customer-value factor: 1 + w_value x log10(1 + lifetime value / 100) / 2 + the tier's bonus (1 when unknown). */
    public double customerValue(Customer customer) {
        double bonus = customer == null || customer.tier() == null
                ? 0
                : tierBonus.getOrDefault(customer.tier().toLowerCase(Locale.ROOT), 0.0);
        double ltv = customer == null ? 0 : Math.max(0, customer.lifetimeValue());
        return 1 + valueWeight * Math.log10(1 + ltv / 100) / 2 + bonus;
    }

    public double reachWeight() {
        return reachWeight;
    }

    public double valueWeight() {
        return valueWeight;
    }

    static long followers(Author a) {
        return a == null || a.followers() == null ? 0 : Math.max(0, a.followers());
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
