package io.earshot.sentiment.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.contracts.events.DistressKind;
import io.earshot.contracts.events.Emotions;
import io.earshot.contracts.events.Explanation;
import io.earshot.contracts.events.Scores;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Ranges, determinism, robustness on garbage and huge input, thread safety. */
class ScorerInvariantsTest {
    static final Scorer SCORER = new Scorer();

    static final String[] PIECES = {"great", "not", "never", "very", "but", "although", "GREAT", "sooooo", "loooove",
            "terrible", "😡", "❤️", "🙄", "👍🏽", "🏳️‍🌈", ":)", ":-(", "<3", "/s", "#EpicFail", "#", "@", "@user",
            "#123",
            "http://x.y/z", "www.", "!!!", "???", "...", ",", "\"", "'", "“great”", "don't", "n't", "'s", "gas leak",
            "kill myself", "lawyer", "again", "asap", "called 5 times", "3", "0", "1,000.5", "\n", "\t", "\u0000",
            "\uD83D",
            "\uDE00", "\u200D", "\uFE0F", "ツ", "¯\\_(ツ)_/¯", "İ", "ß", "σ", "日本語", "العربية", "-_-", "T_T", "hahaha",
            "yeah right", "thanks for nothing", "i wish", "I think", "cancelled", "#worstserviceever", "#a_b_c", "x"
                    .repeat(200)};

    static List<String> garbage(int count, long seed) {
        Random r = new Random(seed);
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            StringBuilder b = new StringBuilder();
            int parts = r.nextInt(40);
            for (int k = 0; k < parts; k++) {
                switch (r.nextInt(5)) {
                    case 0 -> b.append(PIECES[r.nextInt(PIECES.length)]);
                    case 1 -> b.append((char) r.nextInt(0x10000)); // any UTF-16 unit, lone surrogates included
                    case 2 -> b.appendCodePoint(0x1F300 + r.nextInt(0x700));
                    case 3 -> b.append((char) (32 + r.nextInt(95)));
                    default -> b.append(' ');
                }
                if (r.nextBoolean()) {
                    b.append(' ');
                }
            }
            out.add(b.toString());
        }
        return out;
    }

    static void assertInRange(String text, Scores sc) {
        assertThat(sc.sentiment()).as(text).isBetween(-1.0, 1.0);
        assertThat(sc.label()).as(text).isNotNull();
        Emotions e = sc.emotions();
        for (double v : new double[]{e.anger(), e.joy(), e.confusion(), e.sadness(), e.fear(), e.gratitude()}) {
            assertThat(v).as(text).isBetween(0.0, 1.0);
        }
        assertThat(sc.urgency()).as(text).isBetween(0.0, 1.0);
        assertThat(sc.sarcasm()).as(text).isBetween(0.0, 1.0);
        assertThat(sc.distress().confidence()).as(text).isBetween(0.0, 1.0);
        assertThat(sc.distress().kind() == DistressKind.none).as(text).isEqualTo(sc.distress().confidence() == 0.0);
        assertThat(sc.topics()).isEmpty();
        for (Explanation x : sc.explanation()) {
            assertThat(x.score()).isNotBlank();
            assertThat(x.cause()).isNotBlank();
            assertThat(Double.isFinite(x.delta())).as(text + " " + x).isTrue();
        }
    }

    @Test
    void scoresStayInRangeOnGarbage() {
        for (String text : garbage(500, 7)) {
            assertInRange(text, SCORER.score(text));
        }
    }

    @Test
    void scoresStayInRangeOnExtremeOpinion() {
        assertInRange("max", SCORER.score("GREAT ".repeat(500) + "love!!!!!!!! " + "😍".repeat(300) + " lol"));
        assertInRange("min", SCORER.score("TERRIBLE ".repeat(500) + "hate!!!!!! " + "🤬".repeat(300) + " smh"));
        assertThat(SCORER.score("great ".repeat(2000)).sentiment()).isLessThanOrEqualTo(1.0).isGreaterThan(0.99);
    }

    @Test
    void deterministic() {
        for (String text : garbage(200, 11)) {
            assertThat(SCORER.score(text)).isEqualTo(SCORER.score(text));
        }
        String text = "great, another outage. thanks for nothing 🙄 I've called 5 times, my lawyer will sue";
        assertThat(new Scorer().score(text)).isEqualTo(SCORER.score(text));
    }

    @Test
    void hugeTextIsCappedAndFast() {
        StringBuilder b = new StringBuilder(1_100_000);
        while (b.length() < 1_000_000) {
            b.append("the app is great but support is awful, called 5 times 😡 #EpicFail ");
        }
        String huge = b.toString();
        long t0 = System.nanoTime();
        Scores sc = SCORER.score(huge);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertInRange("huge", sc);
        assertThat(sc.explanation().size()).isLessThan(200);

        assertInRange("one long word", SCORER.score("a".repeat(1_000_000)));
        assertInRange("one long hashtag", SCORER.score("#" + "ab".repeat(500_000)));
        assertInRange("punctuation", SCORER.score("!?.,".repeat(250_000)));
        assertInRange("emoji", SCORER.score("😡".repeat(500_000)));
        assertInRange("spaces", SCORER.score(" ".repeat(1_000_000)));
    }

    @Test
    void threadSafe() throws Exception {
        List<String> texts = garbage(300, 3);
        List<Scores> expected = texts.stream().map(SCORER::score).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Scores>>> futures = new ArrayList<>();
            for (int k = 0; k < 4; k++) {
                futures.add(pool.submit(() -> texts.stream().map(SCORER::score).toList()));
            }
            for (Future<List<Scores>> f : futures) {
                assertThat(f.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
