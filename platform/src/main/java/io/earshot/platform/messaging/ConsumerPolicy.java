package io.earshot.platform.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * {@code earshot.consumer.*}: how every Kafka consumer retries a record (or batch) whose work keeps failing (storage or
 * publish) before the record goes to its dead-letter topic ({@link Messages#process}, {@link Messages#processBatch});
 * an unreadable record goes at once. Set with {@code EARSHOT_CONSUMER_ATTEMPTS} and {@code EARSHOT_CONSUMER_BACKOFF}.
 */
@ConfigMapping(prefix = "earshot.consumer")
public interface ConsumerPolicy {
    /** Attempts in all, the first included; less than 1 counts as 1. */
    @WithDefault("5")
    int attempts();

    /** The first wait between attempts; it doubles, up to twenty times this. */
    @WithDefault("PT0.2S")
    Duration backoff();

    /** A fixed policy, for tests that build a consumer themselves. */
    static ConsumerPolicy of(int attempts, Duration backoff) {
        return new ConsumerPolicy() {
            @Override
            public int attempts() {
                return attempts;
            }

            @Override
            public Duration backoff() {
                return backoff;
            }
        };
    }
}
