package io.earshot.sentiment.review;

import io.earshot.contracts.events.ScoredMention;
import io.earshot.contracts.events.SentimentLabel;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Which scored mentions an analyst should check: those whose confidence is below {@code threshold} and that matter,
 * for at least one reason: {@code reach} (the author has at least {@code minReach} followers), {@code sarcasm}
 * (sarcasm at least {@code sarcasm}) or {@code distress} (distress detected with a borderline confidence). Mentions in
 * unsupported languages are not scored, so not queued.
 */
@ApplicationScoped
public class ReviewGate {
    private final double threshold;
    private final long minReach;
    private final double sarcasm;

    public ReviewGate(ReviewSettings settings) {
        this.threshold = settings.confidenceThreshold();
        this.minReach = settings.minReach();
        this.sarcasm = settings.sarcasm();
    }

    /** The reasons to review {@code s}; empty when it need not be. */
    public List<String> reasons(ScoredMention s) {
        if (s.confidence() == null || s.confidence().value() >= threshold
                || s.scores().label() == SentimentLabel.unsupported_language) {
            return List.of();
        }
        List<String> reasons = new ArrayList<>(3);
        Long followers = s.mention().author() == null ? null : s.mention().author().followers();
        if (followers != null && followers >= minReach) {
            reasons.add("reach");
        }
        if (s.scores().sarcasm() >= sarcasm) {
            reasons.add("sarcasm");
        }
        if (ConfidenceEstimator.borderlineDistress(s.scores())) {
            reasons.add("distress");
        }
        return reasons;
    }
}
