package io.earshot.sentiment.pipeline;

import io.earshot.contracts.events.Distress;
import io.earshot.contracts.events.Emotions;
import io.earshot.contracts.events.Explanation;
import io.earshot.contracts.events.Mention;
import io.earshot.contracts.events.Scores;
import io.earshot.contracts.events.SentimentLabel;
import io.earshot.sentiment.scoring.InsightExtractor;
import io.earshot.sentiment.scoring.Scorer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Scores a mention with the lexicon scorer when its language is supported; mentions in other languages are labelled
 * {@code unsupported_language} with neutral values instead of being scored as if they were English.
 */
@ApplicationScoped
public class MentionScorer {
    private final Scorer scorer;
    private final Set<String> languages;

    public MentionScorer(Scorer scorer, @ConfigProperty(name = "earshot.scoring.languages") List<String> languages) {
        this.scorer = scorer;
        this.languages = Set.copyOf(languages.stream().map(l -> l.trim().toLowerCase(Locale.ROOT)).toList());
    }

    public Scores score(Mention mention) {
        return score(mention.text(), mention.lang());
    }

    public Scores score(String text, String lang) {
        if (!supported(lang)) {
            return new Scores(0, SentimentLabel.unsupported_language, Emotions.NONE, 0, Distress.NONE, 0, List.of(),
                    List.of(new Explanation("sentiment", "language:" + lang + " not supported", 0)));
        }
        return scorer.score(text);
    }

    boolean supported(String lang) {
        if (lang == null || lang.isBlank()) {
            return true; // sources that do not say are assumed to be English until language detection lands
        }
        String primary = lang.toLowerCase(Locale.ROOT).split("-", 2)[0];
        return languages.contains(primary);
    }

    /** The lexicon scorer is immutable and thread-safe: one instance serves the service. */
    static class Producers {
        @Produces
        @ApplicationScoped
        Scorer scorer() {
            return new Scorer();
        }

        @Produces
        @ApplicationScoped
        InsightExtractor extractor() {
            return new InsightExtractor();
        }
    }
}
