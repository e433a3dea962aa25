package io.earshot.web;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/**
 * Settings of the web pages (README "Configuration", {@code EARSHOT_WEB_*}). Each service that serves pages sets them
 * in its application.properties.
 */
@ConfigMapping(prefix = "earshot.web")
public interface WebConfig {
    /** Marks the session cookie Secure (only sent over HTTPS); on in production behind TLS. */
    @WithDefault("false")
    boolean cookieSecure();

    /** Sign-in attempts per client address: refill per minute and burst (GCRA, a token bucket in one Redis key). */
    @WithDefault("10")
    int loginPerMinute();

    @WithDefault("5")
    int loginBurst();

    /**
     * Origins besides the request's own that may send state-changing requests with the session cookie (a TLS proxy
     * in front that the service sees as plain HTTP, say), e.g. {@code https://earshot.example.com}.
     */
    Optional<List<String>> allowedOrigins();

    /** Navigation links of the page header, {@code Label=URL} each; URLs of other services' pages are absolute. */
    Optional<List<String>> nav();

    /** Where sign-in leads when the login link named no page. */
    @WithDefault("/ui/")
    String home();
}
