package io.earshot.listener.sources;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** Pure politeness logic: Retry-After parsing, backoff with jitter, HTML to text. */
class PolitenessTest {
    static SourceSettings settings() {
        return TestSettings.sources(Map.of("backoff.initial", "PT10S", "backoff.max", "PT30M"));
    }

    final SourcePoller poller = new SourcePoller(null, null, null, settings(), null);

    @Test
    void retryAfterAcceptsSecondsAndHttpDates() {
        Instant now = Instant.parse("2026-11-20T10:00:00Z");
        assertThat(SourceHttp.parseRetryAfter("120", now)).isEqualTo(Duration.ofSeconds(120));
        assertThat(SourceHttp.parseRetryAfter(" 0 ", now)).isEqualTo(Duration.ZERO);
        assertThat(SourceHttp.parseRetryAfter("Fri, 20 Nov 2026 10:05:00 GMT", now)).isEqualTo(Duration.ofMinutes(5));
        assertThat(SourceHttp.parseRetryAfter("Fri, 20 Nov 2026 09:00:00 GMT", now)).isEqualTo(Duration.ZERO);
        assertThat(SourceHttp.parseRetryAfter("-5", now)).isNull();
        assertThat(SourceHttp.parseRetryAfter("soon", now)).isNull();
        assertThat(SourceHttp.parseRetryAfter(null, now)).isNull();
    }

    @Test
    void rateLimitResetIsReadAsRedditAndMastodonWriteIt() {
        Instant now = Instant.parse("2026-11-20T10:00:00Z");
        assertThat(SourceHttp.parseReset("42", now)).isEqualTo(Duration.ofSeconds(42));
        assertThat(SourceHttp.parseReset("0.5", now)).isEqualTo(Duration.ofMillis(500));
        assertThat(SourceHttp.parseReset("2026-11-20T10:05:00.000Z", now)).isEqualTo(Duration.ofMinutes(5));
        assertThat(SourceHttp.parseReset("2026-11-20T09:00:00Z", now)).isEqualTo(Duration.ZERO);
        assertThat(SourceHttp.parseReset("soon", now)).isNull();
        assertThat(SourceHttp.parseReset(null, now)).isNull();
    }

    static SourceHttp.Response response(int status, String... headers) {
        io.vertx.core.MultiMap h = io.vertx.core.MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < headers.length; i += 2) {
            h.add(headers[i], headers[i + 1]);
        }
        return new SourceHttp.Response(status, new byte[0], h);
    }

    @Test
    void a429WithoutRetryAfterWaitsForMastodonsIsoReset() {
        SourceHttp http = new SourceHttp(null, Duration.ofHours(1));
        String reset = Instant.now().plus(Duration.ofMinutes(3)).toString();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> http.check(response(429, "X-RateLimit-Reset", reset,
                "X-RateLimit-Remaining", "0", "X-RateLimit-Limit", "300")))
                .isInstanceOfSatisfying(SourceHttpException.class, e -> assertThat(e.retryAfter())
                        .isBetween(Duration.ofMinutes(2), Duration.ofMinutes(3)));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> http.check(response(429, "x-ratelimit-reset", "120",
                "x-ratelimit-used", "100")))
                .isInstanceOfSatisfying(SourceHttpException.class, e -> assertThat(e.retryAfter()).isEqualTo(Duration
                        .ofSeconds(120)));
    }

    @Test
    void retryAfterIsCapped() {
        SourceHttp http = new SourceHttp(null, Duration.ofHours(1));
        assertThat(http.retryAfter("999999", Instant.now())).isEqualTo(Duration.ofHours(1));
    }

    @RepeatedTest(20)
    void backoffGrowsExponentiallyWithJitterUpToTheMax() {
        Duration interval = Duration.ofSeconds(1);
        Exception e = new RuntimeException("x");
        assertThat(poller.delay(1, interval, e)).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(10));
        assertThat(poller.delay(2, interval, e)).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(20));
        assertThat(poller.delay(4, interval, e)).isBetween(Duration.ofSeconds(40), Duration.ofSeconds(80));
        assertThat(poller.delay(30, interval, e)).isBetween(Duration.ofMinutes(15), Duration.ofMinutes(30));
        assertThat(poller.delay(1000, interval, e)).isBetween(Duration.ofMinutes(15), Duration.ofMinutes(30));
    }

    @Test
    void backoffIsNeverShorterThanTheIntervalOrRetryAfter() {
        assertThat(poller.delay(1, Duration.ofHours(1), new RuntimeException())).isEqualTo(Duration.ofHours(1));
        assertThat(poller.delay(1, Duration.ofSeconds(1), new SourceHttpException(429, Duration.ofMinutes(7))))
                .isEqualTo(Duration.ofMinutes(7));
    }

    @Test
    void jitterSpreadsRetries() {
        java.util.Set<Duration> seen = new java.util.HashSet<>();
        for (int i = 0; i < 50; i++) {
            seen.add(poller.delay(3, Duration.ZERO, new RuntimeException()));
        }
        assertThat(seen.size()).isGreaterThan(10);
    }

    @Test
    void errorsAreDescribedForAdmins() {
        assertThat(SourcePoller.describe(new SourceHttpException(503, Duration.ofSeconds(30)))).isEqualTo(
                "HTTP 503 (Retry-After 30s)");
        assertThat(SourcePoller.describe(new java.util.concurrent.TimeoutException("poll timed out"))).startsWith(
                "timed out");
        assertThat(SourcePoller.describe(new java.util.concurrent.CompletionException(new java.net.ConnectException(
                "refused"))))
                .startsWith("connection failed");
        assertThat(SourcePoller.describe(new IllegalStateException("x".repeat(5000)))).hasSize(1000);
    }

    @Test
    void htmlBecomesReadableText() {
        assertThat(Html.toText("<p>Hello <b>world</b> &amp; friends&#33;<br/>next &#x1F600; &nbsp;line</p><p>para</p>"))
                .isEqualTo("Hello world & friends!\nnext \uD83D\uDE00 line\npara");
        assertThat(Html.toText("<script>alert(1)</script>ok")).isEqualTo("ok");
        assertThat(Html.toText(null)).isEmpty();
        assertThat(Html.toText("&bogus; &#0; &lt;tag&gt;")).isEqualTo("&bogus; \uFFFD <tag>");
        // Hacker News writes paragraphs as a bare opening <p>
        assertThat(Html.toText("the thread below<p>Acme lost my order<p>again")).isEqualTo(
                "the thread below\nAcme lost my order\nagain");
        assertThat(Html.toText("below&lt;p&gt;Acme")).isEqualTo("below<p>Acme");
    }
}
