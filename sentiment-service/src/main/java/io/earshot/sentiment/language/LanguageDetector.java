package io.earshot.sentiment.language;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A small, fast, dependency-free language guesser for en, es, fr, de, pt, it and nl. It counts hits of each
 * language's most frequent function words (articles, pronouns, prepositions, auxiliaries) and adds a few
 * language-specific character cues (ñ and ¿ for Spanish, ß for German, ã/õ for Portuguese, ...). A language wins when
 * it has at least {@link #MIN_SCORE} points and clearly more than the runner-up.
 *
 * <p>Texts with fewer than {@link #MIN_LETTERS} letters (greetings, emoji-only posts, hashtags alone) and texts where
 * no language clearly wins are {@link Detection#UNDETERMINED}: the caller treats them as supported rather than
 * discarding them. URLs, {@code @handles} and {@code #hashtags} are ignored. Thread-safe and allocation-light: one
 * pass over the text, no regular expressions.
 */
public final class LanguageDetector {
    /** Below this many letters a text is too short to tell. */
    public static final int MIN_LETTERS = 20;
    /** The winner needs at least this many points... */
    static final double MIN_SCORE = 2.0;
    /** ...and this many times the runner-up's points. */
    static final double MARGIN = 1.5;
    /** Only the first characters are looked at: enough to tell, bounded cost. */
    static final int MAX_CHARS = 2_000;

    /** The result: an ISO 639-1 code with a confidence in 0..1, or {@link #UNDETERMINED}. */
    public record Detection(String lang, double confidence) {
        public static final Detection UNDETERMINED = new Detection(null, 0);

        public boolean determined() {
            return lang != null;
        }
    }

    public static final List<String> LANGUAGES = List.of("en", "es", "fr", "de", "pt", "it", "nl");

    private static final Map<String, String[]> STOP_WORDS = Map.of(
            "en", words("the and is are was were you your this that with have has not for but what they it's i'm don't "
                    + "can't my of to be just been will would could should there their from about very why how when "
                    + "all so it me we our"),
            "es", words("el la los las que es y en un una por para con pero muy qué porque está están esto eso del "
                    + "al mi mis su sus le les ya yo tu no nada también cuando donde hay sin sobre como más"),
            "fr", words("le la les des est et un une je tu il elle nous vous ils pas que qui pour avec dans sur ce "
                    + "cette mais très ne c'est j'ai du au aux mon ma mes son sa ses plus tout rien aussi quand"),
            "de", words("der die das und ist nicht ich du er sie wir ihr ein eine einen mit für auf den dem des auch "
                    + "aber sehr noch schon wie was wenn kein keine mein mich mir dich bei ist's nur hat haben sind war"),
            "pt", words("o a os as que é e em um uma não com para por mas muito meu minha seu sua isso este esta "
                    + "está estão do da dos das no na nos nas ao eu você vocês também quando onde nada mais"),
            "it", words("il lo la gli le che è e un una non per con ma molto sono questo questa del della dei delle "
                    + "nel nella al alla mi ti ci io tu lui lei noi voi anche quando dove niente più ho hai"),
            "nl", words("de het een en is niet ik je jij hij zij wij we ze van op met voor maar ook zijn was dat die "
                    + "deze dit er heb heeft hebben mijn niets nog al wel geen naar bij te"));

    private static final Map<String, Map<String, Double>> WEIGHTS = weights();

    private LanguageDetector() {}

    /** Detects the language of {@code text}; never null. */
    public static Detection detect(String text) {
        if (text == null || text.isEmpty()) {
            return Detection.UNDETERMINED;
        }
        double[] score = new double[LANGUAGES.size()];
        int letters = 0;
        int n = Math.min(text.length(), MAX_CHARS);
        StringBuilder word = new StringBuilder(24);
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (c == '@' || c == '#' || startsWithUrl(text, i)) {
                while (i < n && !Character.isWhitespace(text.charAt(i))) {
                    i++;
                }
                continue;
            }
            if (Character.isLetter(c) || (c == '\'' || c == '\u2019') && !word.isEmpty()) {
                if (Character.isLetter(c)) {
                    letters++;
                    cue(Character.toLowerCase(c), score);
                }
                word.append(c == '\u2019' ? '\'' : Character.toLowerCase(c));
            } else {
                countWord(word, score);
            }
            i++;
        }
        countWord(word, score);
        if (letters < MIN_LETTERS) {
            return Detection.UNDETERMINED;
        }
        int best = -1;
        int second = -1;
        for (int l = 0; l < score.length; l++) {
            if (best < 0 || score[l] > score[best]) {
                second = best;
                best = l;
            } else if (second < 0 || score[l] > score[second]) {
                second = l;
            }
        }
        double top = score[best];
        double runnerUp = second < 0 ? 0 : score[second];
        if (top < MIN_SCORE || top < MARGIN * runnerUp) {
            return Detection.UNDETERMINED;
        }
        double confidence = Math.round(1000 * (top - runnerUp) / top) / 1000.0;
        return new Detection(LANGUAGES.get(best), confidence);
    }

    private static void countWord(StringBuilder word, double[] score) {
        if (word.isEmpty()) {
            return;
        }
        int end = word.length();
        while (end > 0 && word.charAt(end - 1) == '\'') {
            end--;
        }
        Map<String, Double> perLanguage = WEIGHTS.get(word.substring(0, end));
        if (perLanguage != null) {
            for (int l = 0; l < LANGUAGES.size(); l++) {
                Double w = perLanguage.get(LANGUAGES.get(l));
                if (w != null) {
                    score[l] += w;
                }
            }
        } else if (end >= 3) {
            suffixCue(word, end, score);
        }
        word.setLength(0);
    }

    /** Characters that (almost) only one or two of the languages use. */
    private static void cue(char c, double[] score) {
        switch (c) {
            case 'ñ', '¿', '¡' -> score[1] += 1.0;
            case 'ß' -> score[3] += 1.0;
            case 'ä', 'ö', 'ü' -> score[3] += 0.5;
            case 'ã', 'õ' -> score[4] += 1.0;
            case 'ç' -> {
                score[2] += 0.3;
                score[4] += 0.3;
            }
            case 'ê', 'â', 'î', 'û', 'œ' -> score[2] += 0.3;
            case 'è' -> {
                score[2] += 0.3;
                score[5] += 0.3;
            }
            case 'ì', 'ò' -> score[5] += 0.5;
            default -> {
                // no cue
            }
        }
    }

    /** Word endings typical of one language, for words that are not function words. */
    private static void suffixCue(CharSequence w, int end, double[] score) {
        if (endsWith(w, end, "ción") || endsWith(w, end, "mente") && end > 6) {
            score[1] += 0.5; // also Italian "-mente", balanced below
        }
        if (endsWith(w, end, "mente") && end > 6) {
            score[5] += 0.5;
        }
        if (endsWith(w, end, "ção") || endsWith(w, end, "ções")) {
            score[4] += 1.0;
        }
        if (endsWith(w, end, "zione") || endsWith(w, end, "zioni")) {
            score[5] += 1.0;
        }
        if (endsWith(w, end, "ung") || endsWith(w, end, "keit") || endsWith(w, end, "lich")) {
            score[3] += 0.5;
        }
        if (endsWith(w, end, "ij") || endsWith(w, end, "lijk") || w.toString().contains("ij")) {
            score[6] += 0.5;
        }
        if (endsWith(w, end, "ing") && end > 4) {
            score[0] += 0.3;
        }
        if (endsWith(w, end, "eux") || endsWith(w, end, "aux") || endsWith(w, end, "ée")) {
            score[2] += 0.5;
        }
    }

    private static boolean endsWith(CharSequence w, int end, String suffix) {
        int k = suffix.length();
        if (end < k) {
            return false;
        }
        for (int j = 0; j < k; j++) {
            if (w.charAt(end - k + j) != suffix.charAt(j)) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWithUrl(String text, int i) {
        return text.startsWith("http://", i) || text.startsWith("https://", i) || text.startsWith("www.", i);
    }

    /**
     * A word shared by k languages weighs 1/k in each: "de" says little, "the" or "und" says a lot.
     */
    private static Map<String, Map<String, Double>> weights() {
        Map<String, Set<String>> owners = new HashMap<>();
        STOP_WORDS.forEach((lang, list) -> {
            for (String w : list) {
                owners.computeIfAbsent(w, k -> new java.util.HashSet<>()).add(lang);
            }
        });
        Map<String, Map<String, Double>> out = new HashMap<>();
        owners.forEach((w, langs) -> {
            Map<String, Double> per = new HashMap<>();
            for (String l : langs) {
                per.put(l, 1.0 / langs.size());
            }
            out.put(w, Map.copyOf(per));
        });
        return Map.copyOf(out);
    }

    private static String[] words(String list) {
        return list.toLowerCase(Locale.ROOT).trim().split("\\s+");
    }
}
