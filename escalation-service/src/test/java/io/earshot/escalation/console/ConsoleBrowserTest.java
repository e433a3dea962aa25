package io.earshot.escalation.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.contracts.events.Explanation;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.contracts.events.Scores;
import io.earshot.escalation.Fixtures;
import io.earshot.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The console in headless Chromium: cases opened by scored mentions through the real consumer, worked by an agent
 * and approved by a lead, with keyboard reach and labels checked; screenshots land in target/screenshots.
 */
@QuarkusTest
class ConsoleBrowserTest extends ConsoleBrowsing {
    @Test
    void anAgentClaimsAndResolvesACaseFromTheConsole() {
        Fixtures.M m = new Fixtures.M(Fixtures.brand());
        m.text = "the app is awful and support never answers";
        ScoredMention plain = m.build();
        Scores sc = plain.scores();
        // As the sentiment service explains its scores: the token that moved the sentiment.
        Fixtures.publish(new ScoredMention(plain.schemaVersion(), plain.mention(), new Scores(sc.sentiment(), sc
                .label(),
                sc.emotions(), sc.urgency(), sc.distress(), sc.sarcasm(), sc.topics(),
                List.of(new Explanation("sentiment", "awful", -0.62))), plain.modelVersion(), plain.scoredAt()));
        String id = Fixtures.awaitCase(m.brand);

        browser.open(root() + "/ui/console");
        browser.until(d -> d.getCurrentUrl().contains("/ui/login?next="));
        browser.waitFor(By.id("token"));
        browser.screenshot("console-login");
        browser.signIn(root(), TestTokens.token("agent"));
        browser.open(root() + "/ui/console?sort=priority&brand=" + m.brand);
        WebElement row = browser.waitFor(By.cssSelector("tr[data-case='" + id + "']"));
        // The countdown is live: the script replaced the server's text and the summary was announced.
        browser.until(d -> row.findElement(By.cssSelector(".countdown")).getText().matches("(due in|overdue by) .*"));
        assertThat(browser.waitFor(By.id("sla-summary")).getAttribute("aria-live")).isEqualTo("polite");
        browser.until(d -> d.findElement(By.id("sla-summary")).getText().contains("overdue"));
        assertThat(browser.unlabelledControls()).isEmpty();
        By claimInList = By.cssSelector("tr[data-case='" + id + "'] button.claim");
        assertThat(browser.tabReaches(claimInList, 40)).as("Tab reaches the claim button").isTrue();
        browser.screenshot("console-list");

        browser.open(root() + "/ui/console/cases/" + id);
        browser.waitFor(By.id("claim"));
        WebElement mark = browser.driver().findElement(By.cssSelector(".quote mark"));
        assertThat(mark.getText()).isEqualTo("awful");
        assertThat(mark.getAttribute("title")).isEqualTo("sentiment awful (-0.620)");
        assertThat(browser.tabReaches(By.id("claim"), 60)).as("Tab reaches claim on the case page").isTrue();
        // Keyboard: Enter on the focused button claims it.
        browser.driver().switchTo().activeElement().sendKeys(org.openqa.selenium.Keys.ENTER);
        browser.until(d -> d.getCurrentUrl().contains("done=claimed"));
        assertThat(browser.waitFor(By.id("done")).getText()).isEqualTo("You claimed this case.");
        assertThat(browser.waitFor(By.id("status")).getText()).contains("claimed").contains("test-agent");
        assertThat(browser.unlabelledControls()).isEmpty();
        assertThat(browser.tabReaches(By.id("resolve"), 80)).as("Tab reaches resolve").isTrue();

        // A note with markup stays text; nothing runs.
        browser.driver().findElement(By.id("note-body")).sendKeys("<script>window.pwned=1</script> called back");
        browser.driver().findElement(By.id("add-note")).click();
        browser.until(d -> d.getCurrentUrl().contains("done=noted"));
        assertThat(browser.waitFor(By.id("notes")).getText()).contains("<script>window.pwned=1</script> called back");
        assertThat(((JavascriptExecutor) browser.driver()).executeScript("return typeof window.pwned")).isEqualTo(
                "undefined");
        browser.screenshot("console-case");

        new Select(browser.driver().findElement(By.id("outcome"))).selectByValue("ANSWERED");
        browser.driver().findElement(By.id("resolve")).click();
        browser.until(d -> d.getCurrentUrl().contains("done=resolved"));
        assertThat(browser.waitFor(By.id("status")).getText()).contains("resolved").contains("answered");
        assertThat(Fixtures.caseById(id).getString("status")).isEqualTo("RESOLVED");
        assertThat(Fixtures.caseById(id).getString("outcome")).isEqualTo("ANSWERED");
    }

    @Test
    void aLeadApprovesAHighVisibilityReply() {
        Fixtures.M m = new Fixtures.M(Fixtures.brand());
        m.author = "famous";
        m.followers = 250_000;
        Fixtures.publish(m);
        String id = Fixtures.awaitCase(m.brand);

        // The agent claims and drafts; the reply waits for a lead.
        browser.signIn(root(), TestTokens.token("agent"));
        browser.open(root() + "/ui/console/cases/" + id);
        browser.waitFor(By.id("claim")).click();
        browser.until(d -> d.getCurrentUrl().contains("done=claimed"));
        browser.waitFor(By.id("reply-body")).sendKeys("Sorry about this, we are on it. DM us your order number?");
        browser.driver().findElement(By.id("draft")).click();
        browser.until(d -> d.getCurrentUrl().contains("done=drafted"));
        assertThat(browser.waitFor(By.cssSelector(".reply .soon")).getText()).contains("Needs a lead's approval")
                .contains("250000 followers");
        assertThat(browser.driver().findElements(By.cssSelector("button.approve"))).isEmpty();

        browser.signIn(root(), TestTokens.token("lead"));
        browser.open(root() + "/ui/console/cases/" + id);
        WebElement approve = browser.waitFor(By.cssSelector("button.approve"));
        assertThat(browser.unlabelledControls()).isEmpty();
        assertThat(browser.tabReaches(By.cssSelector("button.approve"), 120)).as("Tab reaches approve").isTrue();
        browser.screenshot("console-approval");
        approve.click();
        browser.until(d -> d.getCurrentUrl().contains("done=approved"));
        assertThat(browser.waitFor(By.cssSelector(".reply .reply-status")).getText()).isEqualTo("approved");
        assertThat(Fixtures.caseById(id).getString("context.replies[0].status")).isEqualTo("APPROVED");
        assertThat(Fixtures.caseById(id).getString("context.replies[0].approvedBy")).isEqualTo("test-lead");
    }
}
