package io.earshot.escalation.dashboard.ui;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.contracts.Ids;
import io.earshot.contracts.events.Author;
import io.earshot.contracts.events.Distress;
import io.earshot.contracts.events.Emotions;
import io.earshot.contracts.events.Mention;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.contracts.events.Scores;
import io.earshot.contracts.events.SentimentLabel;
import io.earshot.escalation.crisis.TestCrisisClock;
import io.earshot.escalation.windows.WindowStore;
import io.earshot.testing.TestTokens;
import io.earshot.web.testing.Browser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium: a comms user signs in and opens the dashboard of a brand; then the brand's spike minute closes
 * on the crisis clock, the real monitor judges it against its learned baseline, and the alert, the judged minutes
 * with their band, and the in-crisis flag reach the open page over SSE, without a reload.
 *
 * <p>The mentions are counted straight into the Redis windows ({@link WindowStore#record}, what the crisis consumer
 * does with each scored mention after its coordination check; CrisisFlowTest covers the Kafka leg), so that the test
 * stays within seconds.
 */
@QuarkusTest
class CrisisDashboardBrowserTest {
    static final int BASE = 12;
    static final int SPIKE = 40;
    static final Duration PATIENCE = Duration.ofSeconds(120);

    @Inject
    TestCrisisClock clock;

    @Inject
    WindowStore windows;

    @TestHTTPResource("/")
    URL root;

    @AfterEach
    void realTime() {
        clock.reset();
    }

    static ScoredMention mention(String brand, String author, Instant at, double sentiment) {
        String externalId = UUID.randomUUID().toString();
        Mention m = new Mention(Mention.SCHEMA_VERSION, Ids.mentionId("reddit", externalId), "reddit", externalId,
                "https://reddit.example/" + externalId, brand, List.of(brand),
                new Author(author, "@" + author, author, 400L, false, at.minus(Duration.ofDays(700))),
                "order " + externalId + " still not here", "en", at, at, null, null);
        return new ScoredMention(ScoredMention.SCHEMA_VERSION, m, new Scores(sentiment,
                sentiment < 0 ? SentimentLabel.negative : SentimentLabel.neutral,
                new Emotions(sentiment < 0 ? 0.7 : 0, 0, 0.2, 0, 0, 0), 0.1, Distress.NONE, 0, List.of("delivery"),
                List.of()), "test", at);
    }

    @Test
    void aCrisisAppearsLiveOnTheOpenDashboardWithItsBaselineBand() {
        String brand = "d" + UUID.randomUUID().toString().substring(0, 8);
        Instant t0 = Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.HOURS);
        clock.set(t0); // none of the brand's minutes has closed yet
        List<ScoredMention> mentions = new ArrayList<>();
        for (int m = 0; m < BASE; m++) { // 3 a minute, a third negative: the normal rhythm
            for (int i = 0; i < 3; i++) {
                mentions.add(mention(brand, "reg" + m + "-" + i, t0.plus(Duration.ofMinutes(m)).plusSeconds(5 + 15L
                        * i),
                        i == 0 ? -0.6 : 0.4));
            }
        }
        for (int i = 0; i < SPIKE; i++) { // then 40 in one minute from distinct, mostly angry customers
            mentions.add(mention(brand, "cust" + i, t0.plus(Duration.ofMinutes(BASE)).plusMillis(1400L * i),
                    i % 5 == 0 ? 0.2 : -0.8));
        }
        assertThat(Multi.createFrom().iterable(mentions).onItem().transformToUni(s -> windows.record(s, false)).merge(4)
                .collect().asList().await().atMost(PATIENCE)).hasSize(mentions.size()).containsOnly(true);
        String base = root.toString().replaceAll("/$", "");

        try (Browser browser = new Browser()) {
            // A loaded CI machine can take long to start Chromium's first renderer: be patient with page loads.
            browser.driver().manage().timeouts().pageLoadTimeout(PATIENCE);
            browser.signIn(base, TestTokens.token("comms"));
            browser.open(base + "/ui/crisis?brand=" + brand);
            WebDriverWait wait = new WebDriverWait(browser.driver(), PATIENCE);
            wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("article.stream[data-stream='" + brand + "'] svg.volume")));
            wait.until(d -> "open".equals(d.findElement(By.id("live")).getAttribute("data-state")));
            assertThat(browser.driver().findElements(By.cssSelector("#alerts tbody tr"))).isEmpty();
            JavascriptExecutor js = (JavascriptExecutor) browser.driver();
            js.executeScript("window.earshotNoReload = 'still here';");

            // The spike's minute closes (grace over): the monitor judges minutes 0..12 of the brand and its topic.
            clock.set(t0.plus(Duration.ofMinutes(BASE + 1)).plusSeconds(11));
            WebElement row = wait.until(d -> d.findElements(By.cssSelector("#alerts tbody tr")).stream()
                    .filter(r -> r.getText().contains(brand) && !r.getText().contains(brand + "/")).findFirst().orElse(
                            null));
            String id = given().header("Authorization", TestTokens.bearer("comms")).queryParam("brand", brand)
                    .queryParam("state", "open").get("/api/v1/crises").then().statusCode(200).extract().jsonPath()
                    .getString("items.find { it.topic == null }.id");
            assertThat(row.getAttribute("data-id")).isEqualTo(id);
            assertThat(row.findElement(By.cssSelector(".badge.sev")).getText()).isIn("LOW", "MEDIUM", "HIGH",
                    "CRITICAL");
            assertThat(row.getText()).contains("OPEN").containsPattern("\\d+ in 5 min").containsPattern(
                    "[0-9.]+ expected");
            assertThat(js.executeScript("return window.earshotNoReload;")).isEqualTo("still here");
            assertThat(browser.driver().findElement(By.id("no-alerts")).isDisplayed()).isFalse();
            assertThat(browser.driver().findElement(By.id("live")).getText()).contains("alert for " + brand);

            // The brand's chart got the judged minutes live: the band once learned, the spike above it, the table.
            By card = By.cssSelector("article.stream[data-stream='" + brand + "']");
            wait.until(d -> d.findElement(card).getAttribute("class").contains("crisis"));
            WebElement chart = browser.driver().findElement(card);
            assertThat(chart.findElements(By.cssSelector("svg.volume polygon.band"))).hasSize(1);
            assertThat(chart.findElements(By.cssSelector("svg.volume circle.point.above"))).isNotEmpty();
            assertThat(chart.findElements(By.cssSelector("svg.share polygon.band"))).hasSize(1);
            List<WebElement> rows = chart.findElements(By.cssSelector("details.numbers tbody tr"));
            assertThat(rows).hasSizeGreaterThanOrEqualTo(BASE + 1);
            // Newest first: the spike's minute, its organic volume in the first data cell.
            assertThat(rows.get(0).findElements(By.tagName("td")).get(0).getAttribute("textContent"))
                    .isEqualTo(String.valueOf(SPIKE));
            // The brand's topic is charted too.
            assertThat(browser.driver().findElements(By.cssSelector("article.stream[data-stream='" + brand
                    + "/delivery']")))
                    .hasSize(1);
            browser.screenshot("crisis-dashboard");

            // What the charts drew is kept in the windows too (a reload draws the same band).
            var minutes = given().header("Authorization", TestTokens.bearer("comms")).queryParam("brand", brand)
                    .queryParam("minutes", BASE + 2).get("/api/v1/windows").then().statusCode(200).extract().jsonPath();
            assertThat(minutes.getString("minutes[0].start")).isEqualTo(t0.toString());
            assertThat(minutes.getMap("minutes[0].expected")).isNull(); // the detector was still learning
            assertThat(minutes.getLong("minutes[" + BASE + "].organicVolume")).isEqualTo(SPIKE);
            assertThat(minutes.getDouble("minutes[" + BASE + "].expected.volume")).isBetween(2.0, 4.0);
            assertThat(minutes.getDouble("minutes[" + BASE + "].expected.volumeHigh")).isLessThan(SPIKE);

            // Keyboard and labels: every control is labelled; Tab reaches the filter, its button and the numbers.
            assertThat(browser.unlabelledControls()).isEmpty();
            assertThat(browser.tabReaches(By.id("brand"), 20)).isTrue();
            assertThat(browser.tabReaches(By.id("apply"), 20)).isTrue();
            assertThat(browser.tabReaches(By.cssSelector("article.stream[data-stream='" + brand + "'] summary"), 30))
                    .isTrue();
            for (WebElement svg : browser.driver().findElements(By.cssSelector("svg.plot"))) {
                String labelledBy = svg.getAttribute("aria-labelledby");
                assertThat(browser.driver().findElement(By.id(labelledBy)).getText()).isNotBlank();
            }
        }
    }
}
