package io.earshot.listener.pii;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Street addresses where they are recognisable, replaced by {@code [ADDRESS]} (kind {@code address}):
 * <ul>
 * <li>English: house number, one to four capitalised name words, a street word ("123 Main Street", "10 Downing St",
 * "4B Baker Street"), or a single lower-case name word before a spelled-out street word ("12 elm street"); a city,
 * US state + ZIP or UK postcode right after it is taken along;</li>
 * <li>German: a capitalised name ending in -straße/-strasse/-str./-weg/-gasse/-platz/-allee, or followed by one of
 * these as a word, then a house number ("Hauptstraße 5", "Berliner Allee 12a"), with a following "10115 Berlin";</li>
 * <li>French: number, street word, capitalised name ("10 rue de la Paix", "3 bis avenue Foch"), with "75002 Paris";</li>
 * <li>post office boxes ("PO Box 1234", "P.O. Box 77", "Postfach 12 34").</li>
 * </ul>
 * A number before ordinary words ("3 main reasons", "version 2 street fighter", "2 kids on elm street") is not an
 * address: name words must be capitalised, or a single word right before a street word that is not a stop word.
 * <p>
 * Every repetition is bounded (a name word at most 41 characters, at most four blanks between words), so each
 * pattern looks at a bounded number of characters from each start and runs in time linear in the text (#26 finding
 * 4: an unbounded {@code [\p{L}-]*} before the street word made "A-A-A-..." quadratic); AddressFinderStepsTest
 * counts the characters read.
 */
final class AddressFinder {
    private static final String NAME = "[A-Z][\\p{L}'.-]{0,40}";
    private static final String EN_STREET = "(?:Street|St\\.?|Avenue|Ave\\.?|Road|Rd\\.?|Boulevard|Blvd\\.?|Lane|Ln\\.?|Drive|Dr\\.?"
            + "|Court|Ct\\.?|Place|Pl\\.?|Square|Sq\\.?|Terrace|Way|Close|Crescent|Highway|Hwy\\.?|Parkway|Pkwy\\.?)";
    /** A city (optional) and a US state + ZIP or a UK postcode, taken along only when the postcode is there. */
    private static final String EN_TAIL = "(?:,?\\s{1,4}(?:[A-Z][\\p{L}'-]{1,40},?\\s){0,3}?"
            + "(?:(?:[A-Z]{2}\\s+)?\\d{5}(?:-\\d{4})?(?![\\d-])|[A-Z]{1,2}\\d[A-Z\\d]?\\s?\\d[A-Z]{2}\\b))?";
    private static final Pattern ENGLISH = Pattern.compile(
            "(?<![\\w.,-])\\d{1,5}[A-Za-z]?\\s{1,4}(?:" + NAME + "\\s{1,4}){1,4}" + EN_STREET + "(?![\\p{L}])"
                    + EN_TAIL);
    private static final Pattern ENGLISH_LOWER = Pattern.compile(
            "(?<![\\w.,-])\\d{1,5}\\s{1,4}(?!(?:on|in|at|of|the|and|to|for|my|our|your|his|her|their|a|an|from|by|per|new|old|main)\\s)"
                    + "[a-z]{3,40}\\s{1,4}(?:street|avenue|road|boulevard|lane|drive)\\b" + EN_TAIL,
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final String DE_TAIL = "(?:,?\\s{1,4}\\d{5}\\s{1,4}[A-ZÄÖÜ][\\p{L}-]{1,40})?";
    private static final Pattern GERMAN = Pattern.compile(
            "(?<![\\p{L}\\d])(?:[A-ZÄÖÜ][\\p{L}-]{0,40}(?:straße|strasse|str\\.|weg|gasse|platz|allee)"
                    + "|[A-ZÄÖÜ][\\p{L}-]{1,40}\\s(?:Straße|Strasse|Str\\.|Weg|Gasse|Platz|Allee))"
                    + "\\s?\\d{1,4}\\s?[a-z]?(?![\\p{L}\\d])" + DE_TAIL);
    private static final Pattern FRENCH = Pattern.compile(
            "(?<![\\w.,-])\\d{1,4}(?:\\s?(?:bis|ter))?,?\\s{1,4}(?:rue|avenue|av\\.|boulevard|bd|place|allée|impasse|chemin|quai|cours)\\s{1,4}"
                    + "(?:(?:de la|de l'|du|des|de|d'|la|le|l')\\s?)?[A-ZÉÈÀÂ][\\p{L}'-]{1,40}"
                    + "(?:\\s(?:(?:de la|du|des|de|la|le)\\s)?[A-ZÉÈÀÂ][\\p{L}'-]{1,40}){0,2}"
                    + "(?:,?\\s{1,4}\\d{5}\\s{1,4}[A-ZÉ][\\p{L}-]{1,40})?");
    private static final Pattern PO_BOX = Pattern.compile(
            "(?<![\\p{L}])(?:P\\.?\\s?O\\.?\\s?Box|Post\\s{1,4}Office\\s{1,4}Box|Postfach)\\s{1,4}\\d(?:\\s?\\d){0,7}(?!\\d)",
            Pattern.CASE_INSENSITIVE);
    private static final List<Pattern> ALL = List.of(PO_BOX, GERMAN, FRENCH, ENGLISH, ENGLISH_LOWER);

    private AddressFinder() {}

    /** The patterns, in the order they run (for tests). */
    static List<Pattern> patterns() {
        return ALL;
    }

    static String redact(String text, Set<String> kinds) {
        String out = text;
        for (Pattern p : ALL) {
            Matcher m = p.matcher(out);
            if (m.find()) {
                out = m.replaceAll("[ADDRESS]");
                kinds.add("address");
            }
        }
        return out;
    }
}
