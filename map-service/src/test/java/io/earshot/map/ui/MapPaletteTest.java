package io.earshot.map.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every text colour of the map pages' stylesheet against the backgrounds it is drawn on: WCAG AA, 4.5:1 or more. */
class MapPaletteTest {
    static final String[][] PAIRS = {
            {"--map-ink", "--map-paper"}, {"--map-ink", "--map-zone"},
            {"--map-muted", "--map-paper"}, {"--map-muted", "--map-zone"},
            {"--map-added-ink", "--map-added-bg"}, {"--map-changed-ink", "--map-changed-bg"},
            {"--map-removed-ink", "--map-removed-bg"},
            {"--map-rising", "--map-paper"}, {"--map-falling", "--map-paper"},
    };

    @Test
    void textColoursHaveAtLeastAaContrast() throws IOException {
        Map<String, String> colours = colours();
        for (String[] pair : PAIRS) {
            assertThat(colours).containsKeys(pair[0], pair[1]);
            double ratio = contrast(colours.get(pair[0]), colours.get(pair[1]));
            assertThat(ratio).as(pair[0] + " on " + pair[1]).isGreaterThanOrEqualTo(4.5);
        }
    }

    @Test
    void contrastFormulaMatchesKnownValues() {
        assertThat(contrast("#000000", "#ffffff")).isCloseTo(21.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(contrast("#777777", "#ffffff")).isCloseTo(4.48, org.assertj.core.data.Offset.offset(0.01));
        assertThat(contrast("#ffffff", "#ffffff")).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.001));
    }

    static Map<String, String> colours() throws IOException {
        try (InputStream in = MapPaletteTest.class.getResourceAsStream("/META-INF/resources/ui/map/map.css")) {
            assertThat(in).isNotNull();
            String css = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> found = new HashMap<>();
            Matcher m = Pattern.compile("(--map-[a-z-]+):\\s*(#[0-9a-fA-F]{6})").matcher(css);
            while (m.find()) {
                found.put(m.group(1), m.group(2));
            }
            return found;
        }
    }

    static double contrast(String a, String b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    static double luminance(String hex) {
        int rgb = Integer.parseInt(hex.substring(1), 16);
        return 0.2126 * channel(rgb >> 16) + 0.7152 * channel(rgb >> 8) + 0.0722 * channel(rgb);
    }

    static double channel(int value) {
        double c = (value & 0xff) / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }
}
