package io.earshot.escalation.console;

import io.quarkus.qute.TemplateExtension;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Formatting helpers of the console templates ({@code {t.fmt}}, {@code {v.num}}). */
@TemplateExtension
public final class ConsoleFormat {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private ConsoleFormat() {}

    static String fmt(Instant t) {
        return t == null ? "—" : TIME.format(t);
    }

    static String iso(Instant t) {
        return t == null ? "" : t.toString();
    }

    static String num(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
