package io.earshot.escalation.console;

import io.earshot.web.testing.Browser;
import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** One headless Chromium per console test class, started before its tests and closed after them. */
abstract class ConsoleBrowsing {
    protected static Browser browser;

    @TestHTTPResource("/")
    URL base;

    @BeforeAll
    static void startBrowser() {
        browser = new Browser();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    /** The service's root URL without the trailing slash. */
    protected String root() {
        return base.toString().replaceAll("/$", "");
    }
}
