package io.earshot.sentiment.review;

import io.earshot.contracts.events.DistressKind;
import io.earshot.contracts.events.SentimentLabel;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A mention in the analyst review queue: why it is there, what the scorer said, and (once reviewed) what the analyst
 * said. {@code agreed} is null while pending, else whether the analyst kept the scorer's label.
 */
public record ReviewItem(UUID mentionId, String brand, String source, String text, List<String> reasons,
        double confidence, Long followers, Scorer scorer, Instant queuedAt, String status, Review review,
        Boolean agreed) {

    /** The scorer's verdict under review. */
    public record Scorer(SentimentLabel label, double sentiment, double sarcasm, DistressKind distressKind,
            String modelVersion) {}

    /** The analyst's correction. */
    public record Review(SentimentLabel label, Boolean sarcastic, DistressKind distressKind, String note,
            String reviewer, Instant reviewedAt) {}
}
