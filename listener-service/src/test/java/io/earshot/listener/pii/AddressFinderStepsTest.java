package io.earshot.listener.pii;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.listener.text.CountingChars;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every address pattern runs in time linear in the text (#26 finding 4), counted as characters read through
 * {@link CountingChars}: hostile texts of 10,000 characters (the mention cap) may cost at most a fixed number of reads
 * per character.
 */
class AddressFinderStepsTest {
    static final int N = 10_000;
    /** Reads per character allowed: name words are at most 41 characters, tried against a handful of street words. */
    static final long READS_PER_CHAR = 2_000;

    static Map<String, String> hostile() {
        Map<String, String> in = new LinkedHashMap<>();
        in.put("A-A-A-", "A-".repeat(N / 2));
        in.put("one long capitalised word", "A" + "a".repeat(N - 1));
        in.put("Aa Aa Aa", "Aa ".repeat(N / 3));
        in.put("1 Aa 1 Aa", "1 Aa ".repeat(N / 5));
        in.put("number then long name", "1 A" + "a-".repeat(N / 2));
        in.put("blank runs after a number", ("1" + " ".repeat(99)).repeat(N / 100));
        in.put("rue without a name", "1 rue ".repeat(N / 6));
        in.put("Strasse without a number", "Hauptstraße ".repeat(N / 12));
        in.put("PO Box without digits", "PO Box ".repeat(N / 7));
        in.put("street word without name", "1 elm ".repeat(N / 6));
        return in;
    }

    static long reads(Pattern p, String text) {
        CountingChars counted = new CountingChars(text);
        Matcher m = p.matcher(counted);
        while (m.find()) {
            // count every attempt, matches included
        }
        return counted.reads();
    }

    @Test
    void everyPatternReadsAFixedNumberOfCharactersPerCharacter() {
        hostile().forEach((name, text) -> {
            for (Pattern p : AddressFinder.patterns()) {
                assertThat(reads(p, text)).as(name + " / " + p.pattern()).isLessThanOrEqualTo(READS_PER_CHAR * text
                        .length());
            }
        });
    }

    @Test
    void theCounterSeesTheQuadraticCostOfTheOldGermanPattern() {
        // The German pattern before the fix: an unbounded [\p{L}-]* before the street word
        Pattern old = Pattern.compile(
                "(?<![\\p{L}\\d])(?:[A-ZÄÖÜ][\\p{L}-]*(?:straße|strasse|str\\.|weg|gasse|platz|allee)"
                        + "|[A-ZÄÖÜ][\\p{L}-]+\\s(?:Straße|Strasse|Str\\.|Weg|Gasse|Platz|Allee))"
                        + "\\s?\\d{1,4}\\s?[a-z]?(?![\\p{L}\\d])(?:,?\\s+\\d{5}\\s+[A-ZÄÖÜ][\\p{L}-]+)?");
        String text = "A-".repeat(N / 2);
        assertThat(reads(old, text)).isGreaterThan(READS_PER_CHAR * text.length());
        Pattern now = AddressFinder.patterns().stream().filter(p -> p.pattern().contains("straße")).findFirst()
                .orElseThrow();
        assertThat(reads(now, text)).isLessThanOrEqualTo(READS_PER_CHAR * text.length());
    }

    @Test
    void addressesAreStillFound() {
        for (String text : new String[]{"Send it to Hauptstraße 5, 10115 Berlin please", "I live at 221B Baker Street",
                "Write to 10 rue de la Paix, 75002 Paris", "Donaudampfschifffahrtsgesellschaftsstraße 12",
                "PO Box 1234"}) {
            HashSet<String> kinds = new HashSet<>();
            assertThat(AddressFinder.redact(text, kinds)).as(text).contains("[ADDRESS]");
            assertThat(kinds).containsExactly("address");
        }
    }
}
