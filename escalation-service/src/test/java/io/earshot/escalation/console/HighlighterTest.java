package io.earshot.escalation.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.contracts.events.Explanation;
import java.util.List;
import org.junit.jupiter.api.Test;

class HighlighterTest {
    @Test
    void wordsThatExplanationsNameAreMarkedWithTheirReasons() {
        List<Highlighter.Segment> s = Highlighter.segments("This is NOT good, truly awful!", List.of(
                new Explanation("sentiment", "awful", -0.62), new Explanation("sentiment", "negation:not good", -0.4),
                new Explanation("topics", "support: awful", 0), new Explanation("language", "detected:en", 0)));
        assertThat(String.join("", s.stream().map(Highlighter.Segment::text).toList())).isEqualTo(
                "This is NOT good, truly awful!");
        assertThat(s.stream().filter(Highlighter.Segment::mark).map(Highlighter.Segment::text)).containsExactly("NOT",
                "good", "awful");
        Highlighter.Segment awful = s.stream().filter(x -> x.text().equals("awful")).findFirst().orElseThrow();
        assertThat(awful.note()).isEqualTo("sentiment awful (-0.620); topics support: awful");
        assertThat(s.get(0)).isEqualTo(new Highlighter.Segment("This is ", false, null));
    }

    @Test
    void noExplanationsOrNoTextMeanPlainText() {
        assertThat(Highlighter.segments("plain <b>text</b>", List.of())).containsExactly(
                new Highlighter.Segment("plain <b>text</b>", false, null));
        assertThat(Highlighter.segments(null, null)).isEmpty();
        assertThat(Highlighter.terms("sarcasm:scare_quotes:\"great\"")).containsExactly("great");
        assertThat(Highlighter.terms("exclamation:!!!")).isEmpty();
    }
}
