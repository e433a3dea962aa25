package io.earshot.listener.sources;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The Redis token bucket (Lua script) on the real test Redis. */
@QuarkusTest
class RateLimiterTest {
    @Inject
    RateLimiter limiter;

    @Test
    void aBucketGrantsItsBurstThenAsksToWait() {
        UUID source = UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire(source, 6, 3).await().atMost(Duration.ofSeconds(5))).isZero();
        }
        Duration wait = limiter.acquire(source, 6, 3).await().atMost(Duration.ofSeconds(5));
        // 6 per minute: one token every 10 s.
        assertThat(wait).isGreaterThan(Duration.ofSeconds(8)).isLessThanOrEqualTo(Duration.ofSeconds(10));
        // Buckets are per source.
        assertThat(limiter.acquire(UUID.randomUUID(), 6, 3).await().atMost(Duration.ofSeconds(5))).isZero();
    }
}
