package io.earshot.web.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium for browser tests: Debian's {@code chromium} driven through its {@code chromedriver}, both found
 * at fixed paths (override with {@code EARSHOT_CHROMIUM} / {@code EARSHOT_CHROMEDRIVER}), so Selenium Manager never
 * goes to the internet. A fresh profile per instance; waits go through {@link WebDriverWait}, never sleeps.
 *
 * <pre>
 * try (Browser b = new Browser()) {
 *     b.signIn(baseUrl, TestTokens.token("agent"));   // baseUrl like "http://localhost:8083"
 *     b.open(baseUrl + "/ui/console");
 *     b.screenshot("console-list");                   // target/screenshots/console-list.png
 * }
 * </pre>
 */
public final class Browser implements AutoCloseable {
    /** Page loads and waits; generous because the CI machines are shared and slow (a loaded one took over 30 s). */
    public static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final String CHROMIUM = env("EARSHOT_CHROMIUM", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = env("EARSHOT_CHROMEDRIVER", "/usr/bin/chromedriver");

    private final Path profile;
    private final ChromeDriverService service;
    private final ChromeDriver driver;

    public Browser() {
        System.setProperty("SE_AVOID_STATS", "true");
        try {
            profile = Files.createTempDirectory("earshot-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        service = new ChromeDriverService.Builder().usingDriverExecutable(Path.of(CHROMEDRIVER).toFile())
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1366,900");
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(PATIENCE);
    }

    public WebDriver driver() {
        return driver;
    }

    /** Signs in on {@code baseUrl}'s sign-in page with {@code token}; returns once the browser left that page. */
    public Browser signIn(String baseUrl, String token) {
        open(baseUrl + "/ui/login");
        WebElement field = waitFor(By.id("token"));
        field.clear();
        setValue(field, token);
        driver.findElement(By.cssSelector("form[action='/ui/login'] button[type=submit]")).click();
        new WebDriverWait(driver, PATIENCE).until(d -> !d.getCurrentUrl().contains("/ui/login"));
        return this;
    }

    public Browser open(String url) {
        driver.get(url);
        return this;
    }

    public WebElement waitFor(By by) {
        return new WebDriverWait(driver, PATIENCE).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /**
     * Waits until the element {@code by} finds shows {@code text}, finding it again on every try: a page that
     * re-renders after an action replaces the element (a notice from an earlier action stays until then), so holding
     * on to the first match can end in a stale element.
     */
    public WebElement waitForText(By by, String text) {
        new WebDriverWait(driver, PATIENCE).until(ExpectedConditions.textToBePresentInElementLocated(by, text));
        return driver.findElement(by);
    }

    public <T> T until(java.util.function.Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, PATIENCE).until(condition::apply);
    }

    /** Writes a PNG of the viewport to {@code target/screenshots/<name>.png} and returns its path. */
    public Path screenshot(String name) {
        Path dir = Path.of("target", "screenshots");
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(name + ".png");
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Form controls (input except hidden, select, textarea, button) that have no accessible name: no label element,
     * aria-label, aria-labelledby, or (for buttons) text. Each is described by tag, id and name.
     */
    @SuppressWarnings("unchecked")
    public List<String> unlabelledControls() {
        return (List<String>) ((JavascriptExecutor) driver).executeScript("""
                const out = [];
                for (const el of document.querySelectorAll('input, select, textarea, button')) {
                  if (el.type === 'hidden') continue;
                  const labelled = (el.labels && el.labels.length > 0) || el.getAttribute('aria-label')
                    || el.getAttribute('aria-labelledby') || el.getAttribute('title')
                    || ((el.tagName === 'BUTTON' || el.type === 'submit') && (el.textContent.trim() || el.value));
                  if (!labelled) out.push(el.tagName.toLowerCase() + '#' + el.id + '[name=' + el.name + ']');
                }
                return out;""");
    }

    /**
     * Presses Tab from the top of the page until {@code target} has the focus, at most {@code maxTabs} times; true when
     * it got there (keyboard users can reach it).
     */
    public boolean tabReaches(By target, int maxTabs) {
        WebElement wanted = driver.findElement(target);
        ((JavascriptExecutor) driver).executeScript("document.activeElement && document.activeElement.blur();"
                + " window.scrollTo(0, 0);");
        WebElement body = driver.findElement(By.tagName("body"));
        for (int i = 0; i < maxTabs; i++) {
            if (i == 0) {
                body.sendKeys(Keys.TAB);
            } else {
                driver.switchTo().activeElement().sendKeys(Keys.TAB);
            }
            if (driver.switchTo().activeElement().equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    private void setValue(WebElement field, String value) {
        // Typing a 700-character token key by key is slow; set it and fire the input event like typing would.
        ((JavascriptExecutor) driver).executeScript(
                "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
                field, value);
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a leftover temp profile is harmless
            }
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
