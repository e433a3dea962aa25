package io.earshot.listener.sources;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Scheduling and politeness settings of the source poller (see application.properties). */
@ApplicationScoped
public class SourceSettings {
    @ConfigProperty(name = "earshot.sources.min-poll-interval")
    Duration minPollInterval;
    @ConfigProperty(name = "earshot.sources.default-poll-interval")
    Duration defaultPollInterval;
    @ConfigProperty(name = "earshot.sources.backoff.initial")
    Duration backoffInitial;
    @ConfigProperty(name = "earshot.sources.backoff.max")
    Duration backoffMax;
    @ConfigProperty(name = "earshot.sources.breaker.failures")
    int breakerFailures;
    @ConfigProperty(name = "earshot.sources.breaker.cool-down")
    Duration breakerCoolDown;
    @ConfigProperty(name = "earshot.sources.poll-timeout")
    Duration pollTimeout;
    @ConfigProperty(name = "earshot.sources.lease")
    Duration lease;
    @ConfigProperty(name = "earshot.sources.max-concurrent")
    int maxConcurrent;
    @ConfigProperty(name = "earshot.sources.rate-limit.per-minute")
    int ratePerMinute;
    @ConfigProperty(name = "earshot.sources.rate-limit.burst")
    int rateBurst;

    public Duration minPollInterval() {
        return minPollInterval;
    }

    public Duration defaultPollInterval() {
        return defaultPollInterval;
    }

    public Duration backoffInitial() {
        return backoffInitial;
    }

    public Duration backoffMax() {
        return backoffMax;
    }

    public int breakerFailures() {
        return breakerFailures;
    }

    public Duration breakerCoolDown() {
        return breakerCoolDown;
    }

    public Duration pollTimeout() {
        return pollTimeout;
    }

    public Duration lease() {
        return lease;
    }

    public int maxConcurrent() {
        return maxConcurrent;
    }

    public int ratePerMinute() {
        return ratePerMinute;
    }

    public int rateBurst() {
        return rateBurst;
    }
}
