package io.earshot.contracts.events;

import java.util.List;

/** The scorer's verdict on one mention. {@code sentiment} is a compound polarity in [-1, 1]. */
public record Scores(
        double sentiment,
        SentimentLabel label,
        Emotions emotions,
        double urgency,
        Distress distress,
        double sarcasm,
        List<String> topics,
        List<Explanation> explanation) {

    public Scores {
        emotions = emotions == null ? Emotions.NONE : emotions;
        distress = distress == null ? Distress.NONE : distress;
        topics = topics == null ? List.of() : List.copyOf(topics);
        explanation = explanation == null ? List.of() : List.copyOf(explanation);
    }
}
