package io.earshot.sentiment.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.contracts.events.Explanation;
import io.earshot.contracts.events.Scores;
import io.earshot.contracts.events.SentimentLabel;
import io.earshot.sentiment.scoring.Scorer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Language handling of {@link MentionScorer}: given languages, detected languages, undetermined ones. */
class MentionScorerTest {
    static final Scorer SCORER = new Scorer();
    final MentionScorer englishOnly = new MentionScorer(SCORER, List.of("en"));

    @Test
    void aGivenUnsupportedLanguageIsLabelledAsBefore() {
        Scores s = englishOnly.score("Le service est vraiment nul", "fr");
        assertThat(s.label()).isEqualTo(SentimentLabel.unsupported_language);
        assertThat(s.sentiment()).isZero();
        assertThat(s.explanation()).containsExactly(new Explanation("sentiment", "language:fr not supported", 0));
    }

    @Test
    void aGivenSupportedLanguageIsScoredWithoutDetection() {
        Scores s = englishOnly.score("This is terrible, I want a refund", "en-GB");
        assertThat(s.label()).isEqualTo(SentimentLabel.negative);
        assertThat(s.explanation()).noneMatch(e -> e.score().equals("language"));
    }

    @Test
    void anUnknownLanguageIsDetectedAndAnUnsupportedOneLabelled() {
        for (String lang : new String[]{null, "", " ", "und", "UND"}) {
            Scores s = englishOnly.score("Le service est vraiment nul, je veux un remboursement", lang);
            assertThat(s.label()).as("lang %s", lang).isEqualTo(SentimentLabel.unsupported_language);
            assertThat(s.sentiment()).isZero();
            assertThat(s.explanation()).contains(new Explanation("language", "detected:fr", 0));
        }
    }

    @Test
    void aDetectedSupportedLanguageIsScoredAndTheDetectionExplained() {
        Scores s = englishOnly.score("Third time this week the internet is down. Terrible service, I want a refund!",
                null);
        assertThat(s.label()).isEqualTo(SentimentLabel.negative);
        assertThat(s.explanation().get(0)).isEqualTo(new Explanation("language", "detected:en", 0));
        assertThat(s.explanation()).hasSizeGreaterThan(1);
    }

    @Test
    void detectionHonoursTheConfiguredLanguages() {
        MentionScorer enFr = new MentionScorer(SCORER, List.of(" EN", "fr "));
        Scores s = enFr.score("Le service est vraiment nul, je veux un remboursement", null);
        assertThat(s.label()).isNotEqualTo(SentimentLabel.unsupported_language);
        assertThat(s.explanation().get(0)).isEqualTo(new Explanation("language", "detected:fr", 0));
    }

    @Test
    void shortOrEmojiOnlyTextsAreAssumedSupported() {
        for (String text : new String[]{"love it!", "😡😡😡", "nul"}) {
            Scores s = englishOnly.score(text, null);
            assertThat(s.label()).as(text).isNotEqualTo(SentimentLabel.unsupported_language);
            assertThat(s.explanation().get(0).cause()).startsWith("undetermined");
        }
    }
}
