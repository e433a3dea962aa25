package io.earshot.sentiment.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The lexicon files load, are Earshot's own, and hold sane values. */
class LexiconTest {
    static final Lexicon LEX = Lexicon.shared();

    @Test
    void sizes() {
        assertThat(LEX.valenceWords + LEX.valencePhrases).isGreaterThanOrEqualTo(1000);
        assertThat(LEX.emojiCount).isGreaterThanOrEqualTo(150);
        assertThat(LEX.emoticonCount).isGreaterThanOrEqualTo(30);
        assertThat(LEX.emotionTerms).isGreaterThanOrEqualTo(300);
        assertThat(LEX.cueCount).isGreaterThanOrEqualTo(500);
        assertThat(LEX.insightCount).isGreaterThanOrEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"valence.tsv", "emoji.tsv", "modifiers.tsv", "emotions.tsv", "cues.tsv", "insights.tsv",
            "words.tsv"})
    void everyFileSaysItIsEarshotsOwnAndApacheLicensed(String name) throws Exception {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                Lexicon.class.getResourceAsStream(Lexicon.DIR + name), StandardCharsets.UTF_8))) {
            String header = r.lines().takeWhile(l -> l.startsWith("#")).reduce("", (a, b) -> a + b + "\n");
            assertThat(header).contains("Earshot").contains("Apache License, Version 2.0");
        }
    }

    @Test
    void valencesAreInRangeAndKeysUnique() {
        List<String[]> rows = Lexicon.read("valence.tsv", 2);
        Set<String> keys = new HashSet<>();
        for (String[] r : rows) {
            assertThat(Double.parseDouble(r[1])).as(r[0]).isBetween(-4.0, 4.0);
            assertThat(keys.add(r[0])).as("duplicate " + r[0]).isTrue();
        }
    }

    @Test
    void coversCustomerServiceAndSlang() {
        for (String w : new String[]{"refund", "outage", "broken", "slow", "charged", "scam", "love", "awesome",
                "helpful", "lol", "smh", "wtf", "meh", "fire", "lit", "sucks", "trash", "goat"}) {
            assertThat(LEX.get(w)).as(w).isNotNull();
            assertThat(LEX.get(w).hasValence).as(w).isTrue();
        }
        assertThat(LEX.get("great").valence).isPositive();
        assertThat(LEX.get("terrible").valence).isNegative();
    }

    @Test
    void modifiersLoad() {
        assertThat(LEX.get("very").booster).isTrue();
        assertThat(LEX.get("very").boost).isPositive();
        assertThat(LEX.get("slightly").boost).isNegative();
        assertThat(LEX.get("not").negator).isTrue();
        assertThat(LEX.get("hardly").negator).isTrue();
        assertThat(LEX.get("but").contrast).isEqualTo(Entry.CONTRAST_AFTER);
        assertThat(LEX.get("although").contrast).isEqualTo(Entry.CONTRAST_BEFORE);
    }

    @Test
    void phrasesAreIndexedByTheirFirstToken() {
        assertThat(LEX.get("gas").phrases(Family.DISTRESS)).anyMatch(p -> p.text.equals("gas leak"));
        assertThat(LEX.numEntry.phrases(Family.URGENCY)).anyMatch(p -> p.text.equals("<num> hours"));
        assertThat(LEX.get("mom").phrases(Family.DISTRESS)).anyMatch(p -> p.text.equals("mom passed"));
        assertThat(LEX.get("asap").single(Family.URGENCY)).isNotNull();
    }

    @Test
    void hashtagSegmentation() {
        assertThat(LEX.segment("worstserviceever")).containsExactly("worst", "service", "ever");
        assertThat(LEX.segment("great")).isNull();
        assertThat(LEX.segment("qqqqzzzz")).isNull();
    }

    @Test
    void keysAreTokenisedLikeText() {
        assertThat(LEX.keyTokens("can't log in")).containsExactly("can't", "log", "in");
        assertThat(LEX.keyTokens("self-harm")).containsExactly("self", "harm");
        assertThat(LEX.keyTokens("called <num> times")).containsExactly("called", Lexicon.NUM, "times");
    }
}
