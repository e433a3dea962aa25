package io.earshot.escalation.dashboard.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.web.testing.Contrast;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every text colour of the dashboard's stylesheet on the backgrounds it is used on reaches 4.5:1 (WCAG 2.x AA). */
class CrisisPaletteTest {
    static final Pattern VAR = Pattern.compile("--([a-z0-9-]+)\\s*:\\s*#([0-9a-fA-F]{6})\\s*;");

    static Map<String, String> palette() throws IOException {
        try (InputStream in = CrisisPaletteTest.class.getResourceAsStream("/META-INF/resources/ui/crisis/crisis.css")) {
            assertThat(in).as("crisis.css on the class path").isNotNull();
            Matcher m = VAR.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            Map<String, String> colours = new LinkedHashMap<>();
            while (m.find()) {
                colours.put(m.group(1), "#" + m.group(2));
            }
            return colours;
        }
    }

    @Test
    void everyForegroundReadsOnItsBackground() throws IOException {
        Map<String, String> p = palette();
        int pairs = 0;
        for (Map.Entry<String, String> e : p.entrySet()) {
            if (e.getKey().endsWith("-fg")) {
                String bg = p.get(e.getKey().substring(0, e.getKey().length() - 3) + "-bg");
                assertThat(bg).as("background of " + e.getKey()).isNotNull();
                assertThat(Contrast.ratio(e.getValue(), bg)).as(e.getKey() + " on its background")
                        .isGreaterThanOrEqualTo(4.5);
                pairs++;
            }
        }
        assertThat(pairs).isGreaterThanOrEqualTo(6);
        // Captions and ticks also sit on the cards (the shared surface, or a card in crisis).
        Map<String, String> shared = Contrast.palette();
        assertThat(Contrast.ratio(p.get("chart-tick-fg"), shared.get("surface"))).isGreaterThanOrEqualTo(4.5);
        assertThat(Contrast.ratio(p.get("chart-tick-fg"), p.get("crisis-card-bg"))).isGreaterThanOrEqualTo(4.5);
        assertThat(Contrast.ratio(shared.get("accent"), p.get("crisis-card-bg"))).isGreaterThanOrEqualTo(4.5);
    }
}
