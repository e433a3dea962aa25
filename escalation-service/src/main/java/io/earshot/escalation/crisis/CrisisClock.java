package io.earshot.escalation.crisis;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.InstantSource;

/**
 * "Now" for the crisis monitor: which minutes are closed and may be judged. The system clock in production; tests
 * replace this bean with a controllable one. A bean of its own (not a bare {@code Clock}) so that it never competes
 * with other features' clocks.
 */
@ApplicationScoped
public class CrisisClock implements InstantSource {
    @Override
    public Instant instant() {
        return Instant.now();
    }
}
