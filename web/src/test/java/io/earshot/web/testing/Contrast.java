package io.earshot.web.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** WCAG 2.x contrast ratios of the colours that {@code /ui/assets/earshot.css} declares as custom properties. */
public final class Contrast {
    private static final Pattern VAR = Pattern.compile("--([a-z0-9-]+)\\s*:\\s*#([0-9a-fA-F]{6})\\s*;");

    private Contrast() {}

    /** The stylesheet's {@code --name: #rrggbb;} declarations, by name. */
    public static Map<String, String> palette() {
        try (InputStream in = Contrast.class.getResourceAsStream("/META-INF/resources/ui/assets/earshot.css")) {
            if (in == null) {
                throw new IllegalStateException("earshot.css is not on the class path");
            }
            Matcher m = VAR.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            Map<String, String> colours = new LinkedHashMap<>();
            while (m.find()) {
                colours.put(m.group(1), "#" + m.group(2).toLowerCase());
            }
            return colours;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Contrast ratio (1..21) of two {@code #rrggbb} colours. */
    public static double ratio(String a, String b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    static double luminance(String hex) {
        int rgb = Integer.parseInt(hex.substring(1), 16);
        return 0.2126 * channel((rgb >> 16) & 0xff) + 0.7152 * channel((rgb >> 8) & 0xff) + 0.0722 * channel(rgb
                & 0xff);
    }

    private static double channel(int v) {
        double c = v / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }
}
