package io.earshot.escalation.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.contracts.events.Distress;
import io.earshot.escalation.Fixtures;
import io.earshot.escalation.conversations.ConversationHandoffTest;
import io.earshot.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * A handed-off live conversation in the console (headless Chromium): scored turns arrive through the real consumer,
 * the trajectory hands the conversation off, and the agent's case page shows the transcript with the triggering turns
 * marked, the assessment's signals and the suggested opening; the agent claims the case and hands the conversation
 * back to the bot. An agent of another brand does not see the case. Screenshot: target/screenshots/console-conversation.png.
 */
@QuarkusTest
class ConversationConsoleBrowserTest extends ConsoleBrowsing {
    @Test
    void anAgentSeesTheHandedOffConversationAndReturnsItToTheBot() {
        String brand = Fixtures.brand();
        String conv = "conv-" + UUID.randomUUID();
        Instant t0 = Instant.now().minusSeconds(60);
        Fixtures.publish(ConversationHandoffTest.turn(brand, conv, "1", false, "My suitcase did not arrive in Lisbon",
                -0.3,
                Distress.NONE, t0));
        Fixtures.publish(ConversationHandoffTest.turn(brand, conv, "2", true,
                "<i>Sorry</i>, I didn't understand that. Could you rephrase?", 0, Distress.NONE, t0.plusSeconds(5)));
        Fixtures.publish(ConversationHandoffTest.turn(brand, conv, "3", false,
                "I already said my suitcase did not arrive in Lisbon, where is it", -0.4, Distress.NONE,
                t0.plusSeconds(10)));
        String id = Fixtures.awaitCase(brand);

        // Another brand's agent: the case page is a 404 page, nothing of the conversation shows.
        String other = TestTokens.scoped("agent-other", List.of("other-" + brand), null, "agent");
        browser.signIn(root(), other);
        browser.open(root() + "/ui/console/cases/" + id);
        browser.until(d -> d.getCurrentUrl().endsWith("/ui/console/cases/" + id)
                && d.findElement(By.tagName("h1")).getText().equals("Not Found"));
        assertThat(browser.driver().findElements(By.id("conversation"))).isEmpty();

        browser.signIn(root(), TestTokens.token("agent"));
        browser.open(root() + "/ui/console/cases/" + id);
        WebElement panel = browser.waitFor(By.id("conversation"));
        assertThat(panel.getAttribute("data-conversation")).isEqualTo(conv);
        List<WebElement> turns = browser.driver().findElements(By.cssSelector("#transcript li.turn"));
        assertThat(turns).extracting(t -> t.getAttribute("data-turn")).containsExactly("1", "2", "3");
        assertThat(browser.driver().findElements(By.cssSelector("#transcript li.triggering")))
                .extracting(t -> t.getAttribute("data-turn")).containsExactly("1", "2", "3");
        assertThat(turns.get(2).findElement(By.cssSelector(".trigger-flag")).getText()).isEqualTo(
                "triggered the hand-off");
        // Turn text is text: the markup shows, nothing is rendered as HTML (in the transcript and the signals' detail).
        assertThat(turns.get(1).findElement(By.cssSelector(".quote")).getText()).startsWith("<i>Sorry</i>");
        assertThat(browser.driver().findElements(By.cssSelector("#transcript i, #signals i"))).isEmpty();
        assertThat(browser.driver().findElements(By.cssSelector("#signals tbody tr td:first-child")))
                .extracting(WebElement::getText).contains("bot_fallback", "repetition");
        assertThat(browser.waitFor(By.id("assessment-score")).getText()).matches("score \\d+\\.\\d\\d of 1\\.00");
        assertThat(browser.waitFor(By.id("suggested-opening")).getText()).contains("taken over from our assistant");
        assertThat(browser.waitFor(By.id("conversation-state")).getText()).contains("with a human");
        // Only the case's holder may return it to the bot.
        assertThat(browser.driver().findElements(By.id("return-to-bot"))).isEmpty();

        browser.waitFor(By.id("claim")).click();
        browser.until(d -> d.getCurrentUrl().contains("done=claimed"));
        assertThat(browser.unlabelledControls()).isEmpty();
        assertThat(browser.tabReaches(By.id("return-to-bot"), 120)).as("Tab reaches return to bot").isTrue();
        browser.screenshot("console-conversation");

        browser.driver().findElement(By.id("return-to-bot")).click();
        browser.until(d -> d.getCurrentUrl().contains("done=returned"));
        assertThat(browser.waitFor(By.id("done")).getText()).contains("back with the bot");
        assertThat(browser.waitFor(By.id("conversation-state")).getText()).contains("returned");
        assertThat(browser.driver().findElements(By.id("return-to-bot"))).isEmpty();
        assertThat(Fixtures.caseById(id).getString("status")).isEqualTo("RESOLVED");
        given().header("Authorization", TestTokens.bearer("agent")).get("/api/v1/conversations/" + conv).then()
                .statusCode(200).body("state", org.hamcrest.Matchers.equalTo("RETURNED"))
                .body("endReason", org.hamcrest.Matchers.equalTo("returned_to_bot"));
    }
}
