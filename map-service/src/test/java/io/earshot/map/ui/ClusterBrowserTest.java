package io.earshot.map.ui;

import static io.earshot.map.maps.MapFixtures.WAIT;
import static io.earshot.map.maps.MapFixtures.arrive;
import static io.earshot.map.maps.MapFixtures.as;
import static io.earshot.map.maps.MapFixtures.brand;
import static io.earshot.map.maps.MapFixtures.candidate;
import static io.earshot.map.maps.MapFixtures.validate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.earshot.contracts.events.InsightCandidate;
import io.earshot.contracts.events.Zone;
import io.earshot.map.maps.MapFixtures;
import io.earshot.testing.TestTokens;
import io.earshot.web.testing.Browser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URL;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Headless Chromium over insight clusters: the review queue shows each cluster's synthesized statement (inferred),
 * its figures, trend, impact maths and observed quotes, with copy-paste campaigns apart; the analyst splits a quote
 * off, validates the cluster with the form, and the canvas shows it as a top item of its zone (inferred, with who
 * validated it when) beside observed items, the zone's extra items behind "more". Screenshots in target/screenshots
 * (map-clusters-queue, map-clusters-split, map-canvas-clusters, map-canvas-clusters-quotes).
 */
@QuarkusTest
class ClusterBrowserTest {
    static final String COPY = "Acme is down for everyone, retweet this and cancel your plan today";
    static final String[] PLAN = {
            "Would love a cheaper plan without the TV bundle",
            "Please offer a cheaper plan, I never watch the TV bundle",
            "A cheaper plan without TV would keep me here",
    };
    static final String[] SAYS = {
            "The app crashes on launch", "Store staff were friendly", "Delivery came early today",
            "Login codes never arrive", "Support solved my router", "Invoices look clear now",
    };

    @TestHTTPResource("/")
    URL base;

    private static JsonPath queue(String brand) {
        return as("analyst").get("/api/v1/clusters?brand=" + brand).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void anAnalystReviewsClustersSplitsOneAndSeesTheValidatedPatternOnTheCanvas() throws Exception {
        String root = base.toString().replaceAll("/$", "");
        String brand = brand("uiclusters");
        List<InsightCandidate> outage = MapFixtures.outage(brand, "outage", 4);
        for (String text : PLAN) {
            arrive(candidate(brand, Zone.GAINS, "price", text, Instant.now()));
        }
        for (int i = 0; i < 5; i++) { // five low-follower accounts, one text: a campaign, shown apart
            arrive(candidate(brand, Zone.SEES, "outage", COPY, Instant.now()));
        }
        // Six observed items in SAYS (unlike each other: six clusters of one that wait): the canvas shows five and
        // puts the sixth behind "more".
        for (int i = 0; i < SAYS.length; i++) {
            validate(arrive(candidate(brand, Zone.SAYS, "topic" + i, SAYS[i], Instant.now())));
        }
        await().atMost(WAIT).until(() -> queue(brand).getList("items").size() == 2
                && queue(brand).getList("campaigns").size() == 1
                && queue(brand).getInt("items.find { it.zone == 'PAINS' }.stats.mentions") == 4);
        String pains = queue(brand).getString("items.find { it.zone == 'PAINS' }.id");
        String gains = queue(brand).getString("items.find { it.zone == 'GAINS' }.id");

        try (Browser b = new Browser()) {
            b.signIn(root, TestTokens.token("analyst"));
            b.open(root + "/ui/clusters?brand=" + brand);
            WebElement card = b.waitFor(By.id("cluster-" + pains));
            String statement = card.findElement(By.id("statement-" + pains)).getText();
            assertThat(statement).startsWith("Struggles with outage: ");
            assertThat(statement.toLowerCase(Locale.ROOT)).endsWith("inferred");
            assertThat(card.getText().toLowerCase(Locale.ROOT)).contains("4 from 4 authors", "trend", "4 mentions x ",
                    " reach = ", "confidence");
            assertThat(b.driver().findElement(By.id("cluster-" + gains)).getText()).contains("Wants better price: ",
                    "3 from 3 authors");
            // Opened, the evidence shows the observed quotes.
            card.findElement(By.cssSelector("details.evidence summary")).click();
            WebElement quotes = card.findElement(By.cssSelector("details.evidence .quote-list"));
            assertThat(quotes.findElements(By.tagName("blockquote"))).hasSizeBetween(3, 4);
            assertThat(quotes.getText()).contains(outage.get(0).text(), outage.get(3).text());
            WebElement campaigns = b.driver().findElement(By.cssSelector("section.campaigns"));
            assertThat(campaigns.getText()).contains("Copy-paste campaigns (kept apart)",
                    "5 campaign posts from 5 accounts");
            assertThat(b.driver().findElement(By.cssSelector("ol.clusters")).getText()).doesNotContain(COPY);
            assertThat(b.unlabelledControls()).isEmpty();
            assertThat(b.tabReaches(By.cssSelector("#cluster-" + pains + " .split-button"), 120)).isTrue();
            shot(b, "map-clusters-queue");

            // Split the last outage post off: a new cluster of one mention, which waits below the threshold.
            int waiting = queue(brand).getInt("waiting");
            String off = outage.get(3).evidenceMentionIds().get(0).toString();
            b.driver().findElement(By.id("split-" + pains + "-" + off)).click();
            b.driver().findElement(By.cssSelector("#cluster-" + pains + " .split-button")).click();
            WebElement notice = b.waitFor(By.cssSelector(".notice.ok[role=status]"));
            assertThat(notice.getText().toLowerCase(Locale.ROOT)).startsWith("pending:");
            assertThat(b.waitFor(By.id("cluster-" + pains)).getText()).contains("3 from 3 authors");
            assertThat(b.driver().findElement(By.cssSelector("p.waiting")).getText()).startsWith((waiting + 1)
                    + " smaller");
            assertThat(b.driver().findElements(By.id("split-" + pains + "-" + off))).isEmpty();
            shot(b, "map-clusters-split");

            // Validate with an edited statement: the notice links to the canvas.
            WebElement edit = b.driver().findElement(By.id("statement-edit-" + pains));
            edit.clear();
            edit.sendKeys("Can't work from home when the internet drops");
            b.driver().findElement(By.cssSelector("#cluster-" + pains + " .validate-button")).click();
            WebElement validated = b.waitForText(By.cssSelector(".notice.ok[role=status]"), "validated:");
            assertThat(validated.getText()).contains("validated:", "Can't work from home when the internet drops");
            assertThat(b.driver().findElements(By.id("cluster-" + pains))).isEmpty();
            String item = as("analyst").get("/api/v1/clusters/" + pains).then().extract().path("itemId");
            validated.findElement(By.linkText("Open the map")).click();

            // The canvas: the pattern in PAINS (inferred, 3 mentions), five observed SAYS items and one more.
            WebElement provenance = b.waitFor(By.id("provenance"));
            assertThat(provenance.getText()).contains("Inferred", "Validated by test-analyst on ");
            WebElement pattern = b.driver().findElement(By.cssSelector(".zone-pains a[data-item='" + item + "']"));
            assertThat(pattern.getText()).contains("Can't work from home when the internet drops", "3 mentions");
            assertThat(pattern.getText().toLowerCase(Locale.ROOT)).contains("inferred");
            assertThat(pattern.findElement(By.cssSelector(".trend")).getText()).isNotBlank();
            WebElement says = b.driver().findElement(By.cssSelector(".zone-says"));
            assertThat(says.findElements(By.cssSelector(":scope > ul.items > li"))).hasSize(Canvas.TOP);
            WebElement more = says.findElement(By.cssSelector("details.more"));
            assertThat(more.findElement(By.tagName("summary")).getText()).isEqualTo("1 more");
            assertThat(says.findElements(By.cssSelector(".kind-observed"))).hasSize(6);
            assertThat(b.driver().findElement(By.id("quotes")).getText()).contains(outage.get(0).text())
                    .doesNotContain(outage.get(3).text());
            assertThat(b.unlabelledControls()).isEmpty();
            shot(b, "map-canvas-clusters-quotes");

            b.driver().findElement(By.linkText("Close the quotes")).click();
            b.until(d -> d.findElements(By.id("quotes")).isEmpty());
            b.driver().findElement(By.cssSelector(".zone-says details.more summary")).click();
            assertThat(b.driver().findElements(By.cssSelector(".zone-says details.more li"))).hasSize(1);
            assertThat(b.driver().findElement(By.cssSelector(".zone-says details.more li")).isDisplayed()).isTrue();
            shot(b, "map-canvas-clusters");
        }
    }

    private static void shot(Browser b, String name) throws java.io.IOException {
        MapBrowserTest.shot(b, name);
    }
}
