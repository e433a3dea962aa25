package io.earshot.escalation.console;

import io.earshot.contracts.events.Explanation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Splits a mention's text into plain and highlighted parts: a word is highlighted when a score explanation names it
 * ({@code terrible}, {@code negation:not good}, {@code cue:yeah right}, {@code topics: billing: refund}), with the
 * explanations as its note. The parts are plain strings; the template escapes them.
 */
public final class Highlighter {
    public record Segment(String text, boolean mark, String note) {}

    private static final Pattern PREFIX = Pattern.compile("^[a-z_]+:\\s*");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}'’-]*");
    private static final int MIN_TERM = 3;

    private Highlighter() {}

    public static List<Segment> segments(String text, List<Explanation> explanations) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        Map<String, List<String>> notes = new LinkedHashMap<>();
        for (Explanation e : explanations == null ? List.<Explanation>of() : explanations) {
            if (e == null || e.cause() == null) {
                continue;
            }
            String note = e.score() + " " + e.cause() + (e.delta() == 0
                    ? ""
                    : String.format(Locale.ROOT, " (%+.3f)", e.delta()));
            for (String term : terms(e.cause())) {
                notes.computeIfAbsent(term, t -> new ArrayList<>()).add(note);
            }
        }
        List<Segment> out = new ArrayList<>();
        Matcher m = WORD.matcher(text);
        int last = 0;
        while (m.find()) {
            List<String> hit = notes.get(m.group().toLowerCase(Locale.ROOT));
            if (hit == null) {
                continue;
            }
            if (m.start() > last) {
                out.add(new Segment(text.substring(last, m.start()), false, null));
            }
            out.add(new Segment(m.group(), true, hit.stream().distinct().collect(Collectors.joining("; "))));
            last = m.end();
        }
        if (last < text.length()) {
            out.add(new Segment(text.substring(last), false, null));
        }
        return out;
    }

    /** The words an explanation's cause names, lower case; the kind prefix ({@code negation:}) is not one. */
    static List<String> terms(String cause) {
        String rest = cause.toLowerCase(Locale.ROOT);
        Matcher p = PREFIX.matcher(rest);
        while (p.find()) {
            rest = rest.substring(p.end());
            p = PREFIX.matcher(rest);
        }
        List<String> terms = new ArrayList<>();
        Matcher w = WORD.matcher(rest);
        while (w.find()) {
            if (w.group().length() >= MIN_TERM) {
                terms.add(w.group());
            }
        }
        return terms;
    }
}
