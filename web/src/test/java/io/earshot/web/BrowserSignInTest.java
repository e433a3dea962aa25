package io.earshot.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.testing.TestTokens;
import io.earshot.web.testing.Browser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;

/** The Browser helper against the shared pages: real Chromium, real cookie, CSP in force. */
@QuarkusTest
class BrowserSignInTest {
    @TestHTTPResource("/")
    URL base;

    @Test
    void aUserSignsInWithATokenAndLandsOnThePageTheyAskedFor() throws Exception {
        String root = base.toString().replaceAll("/$", "");
        try (Browser b = new Browser()) {
            b.open(root + "/ui/test-page");
            b.waitFor(By.id("token"));
            assertThat(b.driver().getCurrentUrl()).contains("/ui/login?next=");
            assertThat(b.unlabelledControls()).isEmpty();
            assertThat(b.tabReaches(By.id("token"), 5)).isTrue();
            Path shot = b.screenshot("web-login");
            assertThat(shot).exists();
            assertThat(Files.size(shot)).isGreaterThan(1000);

            b.waitFor(By.id("token"));
            b.driver().findElement(By.id("token")).sendKeys(TestTokens.token("agent"));
            b.driver().findElement(By.cssSelector("form[action='/ui/login'] button[type=submit]")).click();
            b.until(d -> d.getCurrentUrl().endsWith("/ui/test-page"));
            assertThat(b.waitFor(By.tagName("h1")).getText()).isEqualTo("Test page");
            Cookie cookie = b.driver().manage().getCookieNamed(Session.COOKIE);
            assertThat(cookie.isHttpOnly()).isTrue();
            assertThat(cookie.getSameSite()).isEqualTo("Strict");
            // The stylesheet loaded under the CSP (the skip link is moved off-screen by it).
            assertThat(b.driver().findElement(By.cssSelector(".skip-link")).getLocation().getY()).isNegative();
            assertThat(b.unlabelledControls()).isEmpty();
            assertThat(b.tabReaches(By.id("go"), 10)).isTrue();
            // A form post from the page itself passes the CSRF check (the browser says same-origin).
            b.driver().findElement(By.id("go")).click();
            b.until(d -> d.getPageSource().contains("changed"));
            b.screenshot("web-test-page");

            // Sign out, then the page asks for a sign-in again.
            b.open(root + "/ui/test-page");
            b.driver().findElement(By.cssSelector("form[action='/ui/logout'] button")).click();
            b.until(d -> d.getCurrentUrl().contains("/ui/login"));
            b.open(root + "/ui/test-page");
            b.until(d -> d.getCurrentUrl().contains("/ui/login?next="));
        }
    }
}
