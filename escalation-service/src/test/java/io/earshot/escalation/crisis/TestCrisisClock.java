package io.earshot.escalation.crisis;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.time.Instant;

/** The crisis clock under the tests' control: the system clock until a test sets it, and again once it resets it. */
@Alternative
@Priority(1)
@ApplicationScoped
public class TestCrisisClock extends CrisisClock {
    private volatile Instant fixed;

    @Override
    public Instant instant() {
        Instant f = fixed;
        return f == null ? Instant.now() : f;
    }

    public void set(Instant now) {
        fixed = now;
    }

    public void reset() {
        fixed = null;
    }
}
