package io.earshot.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.web.testing.Contrast;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionTest {
    @Test
    void onlyLocalPathsAreFollowed() {
        assertThat(Session.safeNext("/ui/console?queue=a&x=%20", "/h")).isEqualTo("/ui/console?queue=a&x=%20");
        assertThat(Session.safeNext("/", "/h")).isEqualTo("/");
        for (String bad : List.of("https://evil.example", "//evil.example", "/\\evil.example", "http:/x",
                "javascript:x",
                "", "ui/x", "/ui/\r\nX: y", "/ui/<script>")) {
            assertThat(Session.safeNext(bad, "/h")).as(bad).isEqualTo("/h");
        }
        assertThat(Session.safeNext(null, "/h")).isEqualTo("/h");
    }

    @Test
    void navEntriesAreLabelEqualsUrl() {
        assertThat(WebPage.links(List.of("Agent console=/ui/console", " Maps = http://localhost:8084/ui/maps ",
                "junk")))
                .containsExactly(new WebPage.Link("Agent console", "/ui/console"),
                        new WebPage.Link("Maps", "http://localhost:8084/ui/maps"));
    }

    /** WCAG AA: text colours against the backgrounds the stylesheet puts them on reach 4.5:1. */
    @Test
    void thePaletteHasEnoughContrast() {
        Map<String, String> p = Contrast.palette();
        String[][] pairs = {{"fg", "bg"}, {"fg", "surface"}, {"muted", "bg"}, {"muted", "surface"},
                {"accent", "bg"}, {"accent", "surface"}, {"accent-fg", "accent"}, {"topbar-fg", "topbar-bg"},
                {"danger", "bg"}, {"danger", "danger-bg"}, {"ok", "ok-bg"}, {"warn", "bg"}, {"warn", "warn-bg"},
                {"fg", "mark-bg"}, {"p1-fg", "p1-bg"}, {"p2-fg", "p2-bg"}, {"p3-fg", "p3-bg"}, {"p4-fg", "p4-bg"}};
        for (String[] pair : pairs) {
            assertThat(p).containsKeys(pair[0], pair[1]);
            assertThat(Contrast.ratio(p.get(pair[0]), p.get(pair[1]))).as(pair[0] + " on " + pair[1])
                    .isGreaterThanOrEqualTo(4.5);
        }
        // Borders of controls and the focus ring are non-text: 3:1 (WCAG 1.4.11).
        assertThat(Contrast.ratio(p.get("border"), p.get("bg"))).isGreaterThanOrEqualTo(3.0);
        assertThat(Contrast.ratio(p.get("focus"), p.get("bg"))).isGreaterThanOrEqualTo(3.0);
        // The helper itself: black on white is 21:1, a colour on itself 1:1.
        assertThat(Contrast.ratio("#000000", "#ffffff")).isCloseTo(21.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(Contrast.ratio("#777777", "#777777")).isEqualTo(1.0);
    }
}
