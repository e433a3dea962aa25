package io.earshot.listener.sources;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.listener.text.CountingChars;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link Html} turns remote HTML into text in linear time (#26 finding 4). The work is counted as characters read
 * through {@link CountingChars}, not timed: hostile inputs must cost at most a few reads per character of the
 * (capped) input.
 */
class HtmlTextTest {
    /** Reads allowed per input character: the scan reads each character about twice (text, then tag end search). */
    static final int READS_PER_CHAR = 4;

    static Map<String, String> hostile() {
        Map<String, String> in = new LinkedHashMap<>();
        int n = 200_000; // past the input cap on purpose
        in.put("many < without >", "<".repeat(n));
        in.put("many tag starts without >", "<a".repeat(n / 2));
        in.put("many closing starts", "</".repeat(n / 2));
        in.put("an unclosed script", "<script>" + "<".repeat(n));
        in.put("script closers that never close", "<script>" + "</scrip".repeat(n / 7));
        in.put("nested opens before one >", "<a<b<c".repeat(n / 6) + ">");
        in.put("entities without ;", "&amp".repeat(n / 4));
        in.put("numeric entities without ;", "&#12345678".repeat(n / 10));
        in.put("blank runs", " \t\n\u00A0".repeat(n / 4));
        in.put("block tags", "<p>".repeat(n / 3));
        return in;
    }

    @Test
    void hostileInputCostsAFewReadsPerCharacter() {
        hostile().forEach((name, html) -> {
            CountingChars counted = new CountingChars(html);
            Html.toText(counted);
            long budget = (long) READS_PER_CHAR * Math.min(html.length(), Html.MAX_INPUT);
            assertThat(counted.reads()).as(name).isLessThanOrEqualTo(budget);
            CountingChars text = new CountingChars(html.substring(0, Math.min(html.length(), Html.MAX_INPUT)));
            Html.unescape(text);
            assertThat(text.reads()).as(name + " (entities)").isLessThanOrEqualTo(12L * Html.MAX_INPUT);
        });
    }

    @Test
    void theCounterSeesTheQuadraticCostOfTheOldTagPattern() {
        // The pattern Html used before: each '<' scanned to the end for a '>'; 4,000 of them already cost millions
        String html = "<".repeat(4_000);
        CountingChars counted = new CountingChars(html);
        var m = Pattern.compile("(?s)<[^>]*>").matcher(counted);
        while (m.find()) {
            // nothing matches; every start is tried
        }
        assertThat(counted.reads()).isGreaterThan(1_000L * html.length());
        CountingChars now = new CountingChars(html);
        Html.toText(now);
        assertThat(now.reads()).isLessThanOrEqualTo(READS_PER_CHAR * (long) html.length());
    }

    @Test
    void inputIsCutBeforeItIsRead() {
        CountingChars counted = new CountingChars("x".repeat(5 * Html.MAX_INPUT));
        assertThat(Html.toText(counted)).hasSize(Html.MAX_INPUT);
        assertThat(counted.reads()).isLessThanOrEqualTo(Html.MAX_INPUT);
    }

    @Test
    void blockTagsBreakWordsInlineTagsDoNot() {
        assertThat(Html.toText("below<p>Acme")).isEqualTo("below\nAcme");
        assertThat(Html.toText("one<br>two<br/>three<div>four</div>five")).isEqualTo("one\ntwo\nthree\nfour\nfive");
        assertThat(Html.toText("<p>Hello <b>wor</b>ld</p>\n\n<p> Again </p>")).isEqualTo("Hello world\nAgain");
        assertThat(Html.toText("a<script>alert('<p>')</script>b<STYLE>p{}</STYLE>c")).isEqualTo("a b c");
        assertThat(Html.toText("I <3 Acme, 1 < 2 and 3 > 2")).isEqualTo("I <3 Acme, 1 < 2 and 3 > 2");
        assertThat(Html.toText("&lt;p&gt; is &amp; stays text &#x1F600; &nbsp;x")).isEqualTo(
                "<p> is & stays text \uD83D\uDE00 x");
        assertThat(Html.toText("<a href=\"x\">link</a> <!-- note --> end")).isEqualTo("link end");
        assertThat(Html.toText("unclosed <b tail")).isEqualTo("unclosed <b tail");
        assertThat(Html.toText((String) null)).isEmpty();
    }
}
