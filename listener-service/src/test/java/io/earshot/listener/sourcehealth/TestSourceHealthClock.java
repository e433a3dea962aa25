package io.earshot.listener.sourcehealth;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.time.Duration;
import java.time.Instant;

/** The source-health clock under the tests' control: the system clock until a test sets it, and again after reset. */
@Alternative
@Priority(1)
@ApplicationScoped
public class TestSourceHealthClock extends SourceHealthClock {
    private volatile Instant fixed;

    @Override
    public Instant instant() {
        Instant f = fixed;
        return f == null ? Instant.now() : f;
    }

    public void set(Instant now) {
        fixed = now;
    }

    public void advance(Duration d) {
        fixed = instant().plus(d);
    }

    public void reset() {
        fixed = null;
    }
}
