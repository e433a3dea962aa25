package io.earshot.listener.sources;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code earshot.sources.*}: scheduling and politeness of the source poller (values and their variables in
 * application.properties; the defaults here are the same, for code that builds the settings without it).
 */
@ConfigMapping(prefix = "earshot.sources")
public interface SourceSettings {
    /** False: this replica never polls (sources can still be managed). */
    @WithName("scheduler.enabled")
    @WithDefault("true")
    boolean schedulerEnabled();

    /** How often the scheduler looks for due sources ({@code @Scheduled} syntax, read there). */
    @WithDefault("1s")
    String tick();

    /** The scheduler's first look after start ({@code @Scheduled} syntax, read there). */
    @WithDefault("5s")
    String initialDelay();

    @WithDefault("PT10S")
    Duration minPollInterval();

    @WithDefault("PT2M")
    Duration defaultPollInterval();

    /** A claimed poll holds its source this long at most (covers a replica crashing mid-poll). */
    @WithDefault("PT5M")
    Duration lease();

    @WithDefault("PT60S")
    Duration pollTimeout();

    /** Polls running at once per replica. */
    @WithDefault("16")
    int maxConcurrent();

    @WithName("http.timeout")
    @WithDefault("PT10S")
    Duration httpTimeout();

    @WithName("http.max-body")
    @WithDefault("5242880")
    int httpMaxBody();

    @WithName("http.max-redirects")
    @WithDefault("5")
    int httpMaxRedirects();

    @WithName("http.user-agent")
    @WithDefault("Earshot/0.1 (+https://earshot.local)")
    String httpUserAgent();

    /** The longest Retry-After a source is put off for. */
    @WithName("retry-after.max")
    @WithDefault("PT6H")
    Duration maxRetryAfter();

    /** The first wait after a failed poll; it doubles (with jitter) up to {@link #backoffMax}. */
    @WithName("backoff.initial")
    @WithDefault("PT10S")
    Duration backoffInitial();

    @WithName("backoff.max")
    @WithDefault("PT30M")
    Duration backoffMax();

    /** Consecutive failures that open a source's circuit breaker. */
    @WithName("breaker.failures")
    @WithDefault("5")
    int breakerFailures();

    @WithName("breaker.cool-down")
    @WithDefault("PT15M")
    Duration breakerCoolDown();

    /** A source's own request budget (its default; a source may set its own). */
    @WithName("rate-limit.per-minute")
    @WithDefault("30")
    int ratePerMinute();

    @WithName("rate-limit.burst")
    @WithDefault("3")
    int rateBurst();

    /** The budget per host, shared by every source on it and by every replica (one token per request). */
    @WithName("host-budget.per-minute")
    @WithDefault("60")
    int hostPerMinute();

    @WithName("host-budget.burst")
    @WithDefault("10")
    int hostBurst();

    /** {@code HOST=perMinute[/burst]} entries that override the host budget for a host. */
    @WithName("host-budget.hosts")
    Optional<List<String>> hostBudgets();

    /** How long a request waits for a token before the poll is put off instead. */
    @WithName("host-budget.max-wait")
    @WithDefault("PT15S")
    Duration hostMaxWait();

    /** How often, at most, a brand's recent mentions of a source kind are re-checked for deletion at the source. */
    @WithName("deletions.every")
    @WithDefault("PT1H")
    Duration deletionsEvery();

    /** How far back mentions are re-checked. */
    @WithName("deletions.window")
    @WithDefault("P7D")
    Duration deletionsWindow();

    @WithName("deletions.max-items")
    @WithDefault("1000")
    int deletionsMaxItems();
}
