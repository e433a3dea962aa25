package io.earshot.listener.pii;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Redacts personal data from mention text before it is stored or published: e-mail addresses, payment card numbers
 * (Luhn-checked), IBANs (mod-97-checked), street addresses ({@link AddressFinder}) and phone numbers (Google
 * libphonenumber for the configured regions and any +international number, then a formatted-number pattern for what
 * libphonenumber cannot place). Each is replaced by a marker such as {@code [EMAIL]} so the text still reads naturally
 * for scoring and for agents.
 */
@ApplicationScoped
public class PiiRedactor {
    /** Regions whose national numbers are recognised when the default configuration is not used (unit tests). */
    static final List<String> DEFAULT_REGIONS = List.of("US", "GB", "DE", "FR", "ES", "IT", "NL");

    private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
    private final List<String> regions;

    public PiiRedactor() {
        this(DEFAULT_REGIONS);
    }

    @Inject
    public PiiRedactor(@ConfigProperty(name = "earshot.pii.phone-regions") List<String> regions) {
        this.regions = regions.stream().map(r -> r.trim().toUpperCase(java.util.Locale.ROOT)).filter(r -> !r.isEmpty())
                .toList();
    }

    public record Result(String text, List<String> kinds) {
        public boolean redacted() {
            return !kinds.isEmpty();
        }
    }

    private static final Pattern EMAIL = Pattern.compile(
            "(?<![\\w.+-])[\\w.+-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\\.[A-Za-z0-9-]{1,63}){0,8}\\.[A-Za-z]{2,24}(?![\\w-])");
    private static final Pattern IBAN = Pattern.compile(
            "\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\\b");
    /** 13 to 19 digits, optionally grouped by spaces or dashes. */
    private static final Pattern CARD = Pattern.compile("(?<![\\d-])\\d(?:[ -]?\\d){12,18}(?![\\d-])");
    /**
     * Phone numbers: an optional +country code, then 7 to 15 digits grouped by spaces, dots, dashes or parentheses.
     * Dates, versions and amounts are excluded by {@link #looksLikePhone}.
     */
    private static final Pattern PHONE = Pattern.compile(
            "(?<![\\w.+/-])(?:\\+\\d{1,3}[ .-]?)?(?:\\(\\d{1,4}\\)[ .-]?)?\\d{1,4}(?:[ .-]?\\d{2,4}){1,5}(?![\\w/-]|\\.\\d)");

    public Result redact(String text) {
        if (text == null || text.isEmpty()) {
            return new Result(text, List.of());
        }
        Set<String> kinds = new LinkedHashSet<>();
        String out = replace(EMAIL, text, "[EMAIL]", "email", kinds, m -> true);
        out = replace(IBAN, out, "[IBAN]", "iban", kinds, PiiRedactor::validIban);
        out = replace(CARD, out, "[CARD]", "card", kinds, m -> luhn(digits(m)));
        out = AddressFinder.redact(out, kinds);
        out = redactPhones(out, kinds);
        out = replace(PHONE, out, "[PHONE]", "phone", kinds, PiiRedactor::looksLikePhone);
        return new Result(out, List.copyOf(kinds));
    }

    /**
     * Numbers libphonenumber finds valid for one of the regions (or internationally, with a +): a bare run of digits
     * without + or separators is left to be an order or ticket number, as in {@link #looksLikePhone}.
     */
    private String redactPhones(String text, Set<String> kinds) {
        if (text.chars().filter(c -> c >= '0' && c <= '9').count() < 6 || !hasFormattedRun(text)) {
            return text; // nothing libphonenumber could find is a number we redact: spare it the scans, one per region
        }
        String out = text;
        for (String region : regions) {
            List<int[]> spans = new java.util.ArrayList<>();
            for (PhoneNumberMatch m : phones.findNumbers(out, region, PhoneNumberUtil.Leniency.VALID, Long.MAX_VALUE)) {
                String raw = m.rawString();
                boolean formatted = raw.startsWith("+") || raw.chars().anyMatch(c -> c == ' ' || c == '-' || c == '.'
                        || c == '(');
                if (formatted && !isDate(raw)) {
                    spans.add(new int[]{m.start(), m.end()});
                }
            }
            if (!spans.isEmpty()) {
                StringBuilder sb = new StringBuilder(out.length());
                int last = 0;
                for (int[] span : spans) {
                    sb.append(out, last, span[0]).append("[PHONE]");
                    last = span[1];
                }
                out = sb.append(out, last, out.length()).toString();
                kinds.add("phone");
            }
        }
        return out;
    }

    /**
     * The characters libphonenumber's matcher allows between and before the digits of a number (its
     * {@code VALID_PUNCTUATION}, plus signs and opening brackets): every number it finds lies within one run of digits
     * and these.
     */
    private static final String JOINERS = "-x\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30FC\uFF0D\uFF0E\uFF0F"
            + " \u00A0\u00AD\u200B\u2060\u3000()\uFF08\uFF09\uFF3B\uFF3D.[]/~\u2053\u223C\uFF5E+\uFF0B";

    /**
     * Whether the text has a run of digits and {@link #JOINERS} holding at least six digits (as the whole-text check,
     * the fewest any phone number has) and a {@code +}, space, dash, dot or bracket (what makes a match formatted, see
     * {@link #redactPhones}). Without one, libphonenumber can find nothing we redact: most posts with digits (years,
     * times, prices, scores) are spared its scans, which were a fifth of the listener's CPU (JFR, docs/pipeline.md).
     */
    static boolean hasFormattedRun(String text) {
        int digits = 0;
        boolean formatted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isDigit(c)) {
                digits++;
            } else if (JOINERS.indexOf(c) >= 0) {
                formatted |= c == '+' || c == ' ' || c == '-' || c == '.' || c == '(';
            } else {
                if (digits >= 6 && formatted) {
                    return true;
                }
                digits = 0;
                formatted = false;
                continue;
            }
            if (digits >= 6 && formatted) {
                return true;
            }
        }
        return false;
    }

    private static boolean isDate(String match) {
        return match.matches("\\d{4}[-./]\\d{1,2}[-./]\\d{1,2}") || match.matches("\\d{1,2}[-./]\\d{1,2}[-./]\\d{2,4}");
    }

    private interface Check {
        boolean test(String match);
    }

    private static String replace(Pattern p, String text, String marker, String kind, Set<String> kinds, Check check) {
        Matcher m = p.matcher(text);
        StringBuilder sb = null;
        int last = 0;
        while (m.find()) {
            if (!check.test(m.group())) {
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder(text.length());
            }
            sb.append(text, last, m.start()).append(marker);
            last = m.end();
            kinds.add(kind);
        }
        if (sb == null) {
            return text;
        }
        return sb.append(text, last, text.length()).toString();
    }

    static String digits(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    static boolean luhn(String digits) {
        if (digits.length() < 13 || digits.length() > 19) {
            return false;
        }
        int sum = 0;
        boolean dbl = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (dbl) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            dbl = !dbl;
        }
        return sum % 10 == 0;
    }

    static boolean validIban(String candidate) {
        String iban = candidate.replace(" ", "");
        if (iban.length() < 15 || iban.length() > 34) {
            return false;
        }
        String rearranged = iban.substring(4) + iban.substring(0, 4);
        StringBuilder numeric = new StringBuilder();
        for (char c : rearranged.toCharArray()) {
            numeric.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
        }
        return new BigInteger(numeric.toString()).mod(BigInteger.valueOf(97)).intValue() == 1;
    }

    static boolean looksLikePhone(String match) {
        String d = digits(match);
        if (d.length() < 7 || d.length() > 15) {
            return false;
        }
        boolean international = match.startsWith("+");
        // Dates such as 2026-11-20 or 20.11.2026, times, and dotted versions are not phone numbers.
        if (isDate(match)) {
            return false;
        }
        if (!international && match.matches("\\d+(\\.\\d+){2,}") && d.length() < 10) {
            return false;
        }
        // A bare run of digits without separators or a + is more likely an order or ticket number.
        boolean separated = match.chars().anyMatch(c -> c == ' ' || c == '-' || c == '.' || c == '(');
        return international || (separated && d.length() >= 10);
    }
}
