package io.earshot.sentiment.pipeline;

import io.earshot.contracts.events.Distress;
import io.earshot.contracts.events.Emotions;
import io.earshot.contracts.events.Explanation;
import io.earshot.contracts.events.Mention;
import io.earshot.contracts.events.Scores;
import io.earshot.contracts.events.SentimentLabel;
import io.earshot.sentiment.language.LanguageDetector;
import io.earshot.sentiment.language.LanguageDetector.Detection;
import io.earshot.sentiment.scoring.InsightExtractor;
import io.earshot.sentiment.scoring.Scorer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Scores a mention with the lexicon scorer when its language is supported; mentions in other languages are labelled
 * {@code unsupported_language} with neutral values instead of being scored as if they were English. When the source
 * gives no language (null, blank or {@code und}), the {@link LanguageDetector} guesses it and the guess is recorded in
 * the explanation ({@code language: detected:fr}); texts too short or ambiguous to tell are assumed supported
 * ({@code language: undetermined}).
 */
@ApplicationScoped
public class MentionScorer {
    /** The BCP 47 / ISO 639 code for "undetermined", which some sources send. */
    static final String UNDETERMINED = "und";
    static final String LANGUAGE = "language";
    static final String DETECTED = "detected:";
    static final String UNDETERMINED_CAUSE = "undetermined: too short or ambiguous, assumed supported";

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
        if (lang == null || lang.isBlank() || UNDETERMINED.equalsIgnoreCase(lang.trim())) {
            Detection d = LanguageDetector.detect(text);
            if (!d.determined()) {
                return withLanguage(scorer.score(text), UNDETERMINED_CAUSE);
            }
            if (!supported(d.lang())) {
                return unsupported(d.lang(), new Explanation(LANGUAGE, DETECTED + d.lang(), 0));
            }
            return withLanguage(scorer.score(text), DETECTED + d.lang());
        }
        if (!supported(lang)) {
            return unsupported(lang, null);
        }
        return scorer.score(text);
    }

    private static Scores unsupported(String lang, Explanation detected) {
        Explanation reason = new Explanation("sentiment", "language:" + lang + " not supported", 0);
        return new Scores(0, SentimentLabel.unsupported_language, Emotions.NONE, 0, Distress.NONE, 0, List.of(),
                detected == null ? List.of(reason) : List.of(detected, reason));
    }

    private static Scores withLanguage(Scores s, String cause) {
        List<Explanation> explanation = new ArrayList<>(s.explanation().size() + 1);
        explanation.add(new Explanation(LANGUAGE, cause, 0));
        explanation.addAll(s.explanation());
        return new Scores(s.sentiment(), s.label(), s.emotions(), s.urgency(), s.distress(), s.sarcasm(), s.topics(),
                explanation);
    }

    boolean supported(String lang) {
        if (lang == null || lang.isBlank()) {
            return true;
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
