package io.earshot.listener.sourcehealth;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.InstantSource;

/**
 * "Now" for source health: when mentions arrived and how long a source has been quiet. The system clock in
 * production; tests replace this bean with a controllable one (a bean of its own, so it never competes with other
 * features' clocks).
 */
@ApplicationScoped
public class SourceHealthClock implements InstantSource {
    @Override
    public Instant instant() {
        return Instant.now();
    }
}
