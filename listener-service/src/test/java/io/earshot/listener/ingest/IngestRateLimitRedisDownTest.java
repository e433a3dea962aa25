package io.earshot.listener.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.earshot.testing.LogCapture;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Redis unreachable: the ingest limiter fails open, so no mention is refused because the limiter cannot count. */
@QuarkusTest
@TestProfile(IngestRateLimitRedisDownTest.RedisDown.class)
class IngestRateLimitRedisDownTest {
    public static class RedisDown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:1/1",
                    "earshot.ingest.rate.per-minute", "1", "earshot.ingest.rate.burst", "1");
        }
    }

    @Test
    void withoutRedisIngestIsNotLimitedAndAWarningSaysSo() {
        String client = IngestRateLimitTest.subject();
        try (LogCapture log = LogCapture.start()) {
            // One a minute in bursts of one: with a working limiter the second call would be a 429.
            for (int i = 0; i < 3; i++) {
                IngestRateLimitTest.ingest(client, 2).then().statusCode(202).body("accepted", equalTo(2));
            }
            assertThat(log.records()).anyMatch(r -> r.startsWith("WARN") && r.contains(
                    "ingest rate limit not enforced"));
        }
    }
}
