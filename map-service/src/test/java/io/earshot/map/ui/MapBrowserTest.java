package io.earshot.map.ui;

import static io.earshot.map.maps.MapFixtures.arrive;
import static io.earshot.map.maps.MapFixtures.as;
import static io.earshot.map.maps.MapFixtures.brand;
import static io.earshot.map.maps.MapFixtures.candidate;
import static io.earshot.map.maps.MapFixtures.candidateJson;
import static io.earshot.map.maps.MapFixtures.validate;
import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.contracts.events.InsightCandidate;
import io.earshot.contracts.events.Zone;
import io.earshot.testing.TestTokens;
import io.earshot.web.testing.Browser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * Headless Chromium: an analyst signs in, validates a pending candidate in the review queue, finds the item on the
 * canvas with its quote, snapshots the map and compares two versions in the picker. Screenshots land in
 * target/screenshots (map-review-queue, map-canvas, map-canvas-diff).
 */
@QuarkusTest
class MapBrowserTest {
    static final Instant RECENT = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS);
    static final String EVIL = "<img src=x onerror=\"window.pwned=1\"><script>window.pwned=2</script>";

    @TestHTTPResource("/")
    URL base;

    @Test
    void anAnalystValidatesACandidateSeesItOnTheCanvasAndComparesVersions() throws Exception {
        String root = base.toString().replaceAll("/$", "");
        String brand = brand("uibrowser");
        InsightCandidate earlier = arrive(candidate(brand, Zone.GAINS, "refund", "refunds arrive within a day", RECENT),
                java.time.Duration.ofMinutes(5));
        InsightCandidate pending = arrive(candidate(brand, Zone.PAINS, "logout", "logs me out every morning", RECENT));
        InsightCandidate evil = arrive(candidate(brand, Zone.FEELS, "evil", EVIL, RECENT));
        validate(earlier);
        as("analyst").post("/api/v1/maps/" + brand + "/default/versions").then().statusCode(201);

        try (Browser b = new Browser()) {
            b.signIn(root, TestTokens.token("analyst"));
            b.open(root + "/ui/review?brand=" + brand);
            By validateButton = By.cssSelector("#candidate-" + pending.id() + " .validate-button");
            b.waitFor(validateButton);
            // The injection string is shown as text, and nothing of it ran.
            assertThat(b.driver().findElement(By.id("text-" + evil.id())).getText()).isEqualTo(EVIL);
            assertThat(b.driver().findElements(By.cssSelector("#text-" + evil.id() + " img, #text-" + evil.id()
                    + " script")))
                    .isEmpty();
            assertThat(js(b, "return typeof window.pwned")).isEqualTo("undefined");
            assertThat(b.unlabelledControls()).isEmpty();
            assertThat(b.tabReaches(validateButton, 80)).isTrue();
            assertThat(b.tabReaches(By.cssSelector("#candidate-" + pending.id() + " .reject-button"), 80)).isTrue();
            assertThat(b.driver().findElement(By.cssSelector("label[for='reason-" + pending.id() + "']")).getText())
                    .isEqualTo("Reason for rejecting");
            shot(b, "map-review-queue");

            b.driver().findElement(validateButton).click();
            WebElement status = b.waitFor(By.cssSelector(".notice.ok[role=status]"));
            assertThat(status.getText()).contains("Validated:", "logs me out every morning");
            assertThat(b.driver().findElements(validateButton)).isEmpty();
            assertThat(candidateJson(pending.id()).getString("status")).isEqualTo("VALIDATED");
            assertThat(candidateJson(pending.id()).getString("reviewedBy")).isEqualTo("test-analyst");
            String itemId = candidateJson(pending.id()).getString("itemId");

            // The notice links to the canvas with the new item's quotes open.
            status.findElement(By.linkText("Open the map")).click();
            WebElement quotes = b.waitFor(By.id("quotes"));
            assertThat(quotes.getText()).contains("logs me out every morning", pending.evidenceMentionIds().get(0)
                    .toString());
            WebElement card = b.driver().findElement(By.cssSelector(".zone-pains a[data-item='" + itemId + "']"));
            assertThat(card.getText()).contains("logs me out every morning", "1 mention", "rising");
            assertThat(b.driver().findElement(By.cssSelector(".zone-gains")).getText()).contains(
                    "refunds arrive within a day");
            assertThat(b.driver().findElement(By.cssSelector(".zone-feels")).getText()).doesNotContain("window.pwned");
            assertThat(b.driver().findElements(By.cssSelector(".canvas .zone"))).hasSize(8);
            assertThat(b.unlabelledControls()).isEmpty();
            assertThat(b.tabReaches(By.cssSelector(".zone-pains a[data-item='" + itemId + "']"), 80)).isTrue();
            assertThat(b.tabReaches(By.id("snapshot"), 80)).isTrue();
            shot(b, "map-canvas");

            // A quote opens by clicking its item.
            b.driver().findElement(By.linkText("Close the quotes")).click();
            b.until(d -> d.findElements(By.id("quotes")).isEmpty());
            b.driver().findElement(By.cssSelector(".zone-gains a.item")).click();
            assertThat(b.waitFor(By.id("quotes")).getText()).contains("refunds arrive within a day");

            // Snapshot the live map (version 2), then pick version 2 compared with version 1 in the picker.
            b.driver().findElement(By.id("snapshot")).click();
            b.until(d -> d.getCurrentUrl().contains("version=2"));
            b.open(root + "/ui/maps/" + brand + "/default");
            new Select(b.waitFor(By.id("version"))).selectByValue("2");
            new Select(b.driver().findElement(By.id("compare"))).selectByValue("1");
            assertThat(b.tabReaches(By.id("show-version"), 40)).isTrue();
            b.driver().findElement(By.id("show-version")).click();
            b.until(d -> d.getCurrentUrl().contains("version=2") && d.getCurrentUrl().contains("compare=1"));
            // (the badges are styled upper case; getText returns what is displayed)
            assertThat(b.waitFor(By.cssSelector(".diff-summary")).getText().toLowerCase(java.util.Locale.ROOT))
                    .contains("changes from version 1 to version 2", "1 added", "0 removed", "0 changed");
            WebElement added = b.driver().findElement(By.cssSelector(".zone-pains a.item.added"));
            assertThat(added.getText()).contains("ADDED", "logs me out every morning");
            assertThat(b.driver().findElements(By.cssSelector("a.item.added"))).hasSize(1);
            assertThat(b.driver().findElement(By.cssSelector(".zone-gains a.item")).getAttribute("class"))
                    .doesNotContain("added");
            // An old version is read-only: no snapshot button.
            assertThat(b.driver().findElements(By.id("snapshot"))).isEmpty();
            shot(b, "map-canvas-diff");
            assertThat(js(b, "return typeof window.pwned")).isEqualTo("undefined");
        }
    }

    private static Object js(Browser b, String script) {
        return ((JavascriptExecutor) b.driver()).executeScript(script);
    }

    /** A screenshot of the whole page (the window made as tall as the page first). */
    static void shot(Browser b, String name) throws java.io.IOException {
        Number height = (Number) js(b, "return document.documentElement.scrollHeight");
        b.driver().manage().window().setSize(new org.openqa.selenium.Dimension(1366, Math.min(3000, height.intValue()
                + 150)));
        js(b, "window.scrollTo(0, 0)");
        Path file = b.screenshot(name);
        b.driver().manage().window().setSize(new org.openqa.selenium.Dimension(1366, 900));
        assertThat(Files.size(file)).isGreaterThan(5_000);
    }
}
