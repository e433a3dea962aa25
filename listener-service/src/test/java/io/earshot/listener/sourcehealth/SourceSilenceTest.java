package io.earshot.listener.sourcehealth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.earshot.contracts.Topics;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.SourceHealth;
import io.earshot.listener.sources.SourceFixtures;
import io.earshot.testing.TestTokens;
import io.earshot.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A fixture Mastodon source learns its gaps on a controlled clock, goes silent, recovers; and errors the same way. */
@QuarkusTest
class SourceSilenceTest {
    static final Duration WAIT = Duration.ofSeconds(120);

    @Inject
    TestSourceHealthClock clock;

    SourceFixtures.Feed feed;

    @AfterEach
    void tearDown() {
        clock.reset();
        if (feed != null) {
            feed.close();
        }
    }

    static JsonPath health(String id) {
        return given().header("Authorization", TestTokens.bearer("admin")).get("/api/v1/sources/" + id + "/health")
                .then().statusCode(200).extract().jsonPath();
    }

    static JsonPath source(String id) {
        return given().header("Authorization", TestTokens.bearer("admin")).get("/api/v1/sources/" + id)
                .then().extract().jsonPath();
    }

    static SourceHealth awaitEvent(TopicReader reader, String sourceId, SourceHealth.State state) {
        return EventCodec.decode(reader.awaitRecord(r -> sourceId.equals(r.key())
                && r.value().contains("\"state\":\"" + state + "\""), WAIT).value(), SourceHealth.class);
    }

    @Test
    void aSourceQuietBeyondItsLearnedGapsIsSilentUntilItsNextMention() {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        clock.set(Instant.parse("2026-06-01T08:00:00Z"));
        feed = SourceFixtures.feed();
        try (TopicReader events = new TopicReader(bootstrap, Topics.SOURCES_HEALTH)) {
            // Seven mentions, ten minutes apart on the health clock: six gaps of 10 min, silent after 30 min.
            feed.add("acme update number 1");
            String id = feed.source();
            for (int i = 1; i <= 7; i++) {
                if (i > 1) {
                    feed.add("acme update number " + i);
                }
                int expected = i;
                await().atMost(WAIT).untilAsserted(() -> assertThat(health(id).getInt("arrivals"))
                        .as(() -> "health " + health(id).prettify() + " source " + source(id).prettify())
                        .isGreaterThanOrEqualTo(expected));
                clock.advance(Duration.ofMinutes(10));
            }
            JsonPath learned = health(id);
            assertThat(learned.getInt("learnedGaps")).isEqualTo(6);
            assertThat(learned.getBoolean("learning")).isFalse();
            assertThat(learned.getString("typicalGap")).isEqualTo("PT10M");
            assertThat(learned.getString("silentAfter")).isEqualTo("PT30M");
            assertThat(learned.getString("state")).isEqualTo("OK");

            // 20 minutes after the last mention: within its normal gaps, still OK; 40 minutes: silent.
            clock.advance(Duration.ofMinutes(10));
            await().pollDelay(Duration.ofSeconds(3)).atMost(WAIT).until(() -> "OK".equals(health(id).getString(
                    "state")));
            clock.advance(Duration.ofMinutes(20));
            SourceHealth silent = awaitEvent(events, id, SourceHealth.State.SILENT);
            assertThat(silent.reason()).isEqualTo(SourceHealth.Reason.QUIET);
            assertThat(silent.sourceId()).isEqualTo(UUID.fromString(id));
            assertThat(silent.brand()).isEqualTo("acme");
            assertThat(silent.kind()).isEqualTo("mastodon");
            assertThat(silent.since()).isEqualTo(Instant.parse("2026-06-01T09:00:00Z"));
            assertThat(silent.expectedGap()).isEqualTo(Duration.ofMinutes(30));
            assertThat(health(id).getString("state")).isEqualTo("SILENT");
            assertThat(health(id).getString("alertId")).isEqualTo(silent.id().toString());

            feed.add("acme is back");
            SourceHealth recovered = awaitEvent(events, id, SourceHealth.State.RECOVERED);
            assertThat(recovered.id()).isEqualTo(silent.id());
            JsonPath after = health(id);
            assertThat(after.getString("state")).isEqualTo("OK");
            // The silent gap was not learned as normal.
            assertThat(after.getInt("learnedGaps")).isEqualTo(6);
            assertThat(after.getString("typicalGap")).isEqualTo("PT10M");
            assertThat(events.records().stream().filter(r -> id.equals(r.key())).count()).isEqualTo(2);
        }
    }

    @Test
    void aFailingConnectorIsSilentUntilItSucceedsAgain() {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        feed = SourceFixtures.feed();
        AtomicBoolean failing = feed.failing();
        try (TopicReader events = new TopicReader(bootstrap, Topics.SOURCES_HEALTH)) {
            feed.add("acme first");
            String id = feed.source();
            await().atMost(WAIT).until(() -> health(id).getInt("arrivals") >= 1);
            failing.set(true);
            SourceHealth silent = awaitEvent(events, id, SourceHealth.State.SILENT);
            assertThat(silent.reason()).isEqualTo(SourceHealth.Reason.ERRORS);
            assertThat(silent.consecutiveFailures()).isGreaterThanOrEqualTo(2);
            assertThat(silent.lastError()).isEqualTo("fetch failed"); // the 503 goes to the log only
            failing.set(false);
            SourceHealth recovered = awaitEvent(events, id, SourceHealth.State.RECOVERED);
            assertThat(recovered.id()).isEqualTo(silent.id());
            assertThat(recovered.reason()).isEqualTo(SourceHealth.Reason.ERRORS);
        }
    }

    @Test
    void healthIsForAdmins() {
        given().header("Authorization", TestTokens.bearer("analyst")).get("/api/v1/sources/" + UUID.randomUUID()
                + "/health")
                .then().statusCode(403);
        given().get("/api/v1/sources/" + UUID.randomUUID() + "/health").then().statusCode(401);
        given().header("Authorization", TestTokens.bearer("admin")).get("/api/v1/sources/" + UUID.randomUUID()
                + "/health")
                .then().statusCode(404);
        given().header("Authorization", TestTokens.bearer("admin")).get("/api/v1/sources/nope/health")
                .then().statusCode(400).contentType("application/problem+json");
    }
}
