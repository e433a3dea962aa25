package io.earshot.listener.sources;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.earshot.contracts.Ids;
import io.earshot.listener.sources.FixtureServer.Reply;
import io.earshot.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Redis unreachable: polling still stores every mention once (dedup falls back to the database's unique key) and the
 * rate limit falls back to a local token bucket, so the source is still polled politely.
 */
@QuarkusTest
@TestProfile(RedisDownPollingTest.RedisDown.class)
class RedisDownPollingTest {
    public static class RedisDown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:1/1",
                    "earshot.sources.rate-limit.per-minute", "30",
                    "earshot.sources.rate-limit.burst", "1");
        }
    }

    @Test
    void pollingWorksAndStaysPoliteWithoutRedis() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String status = FixtureServer.resource("mastodon/status.json").replace("{{run}}", run).replace("{{id}}", "7001")
                .replace("{{content}}", "acme refund please");
        try (FixtureServer mastodon = new FixtureServer().answer(r -> Reply.json("[" + status + "]"))) {
            String id = SourceApi.createId(SourceApi.mastodon(mastodon.baseUrl(), "acme", "acme", "PT0.2S", null));
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> mastodon.requests().size() >= 3);
                var s = SourceApi.get(id);
                assertThat(s.getInt("counts.accepted")).isEqualTo(1);
                assertThat(s.getInt("counts.duplicates")).isGreaterThanOrEqualTo(1);
                assertThat(s.getString("cursor")).isEqualTo("7001");
                given().header("Authorization", TestTokens.bearer("analyst"))
                        .get("/api/v1/mentions/" + Ids.mentionId("mastodon",
                                "https://mastodon.example/users/cat/statuses/" + run + "-7001"))
                        .then().statusCode(200);
                // 30 per minute with a burst of 1: one poll every 2 s at most, although the interval is 0.2 s.
                List<FixtureServer.Request> requests = mastodon.requests();
                assertThat(Duration.between(requests.get(0).at(), requests.get(2).at())).isGreaterThan(Duration
                        .ofMillis(3500));
            } finally {
                SourceApi.delete(id);
            }
        }
    }
}
