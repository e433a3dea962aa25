package io.earshot.escalation.sourcehealth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;

import io.earshot.contracts.Topics;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.SourceHealth;
import io.earshot.escalation.Fixtures;
import io.earshot.testing.TestTokens;
import io.earshot.testing.TopicReader;
import io.earshot.testing.TopicWriter;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Source-silent events from the listener: shown with the crisis alerts, marking the brand's windows low-coverage. */
@QuarkusTest
class SourceAlertTest {
    static JsonPath alerts(String brand, String state) {
        return given().header("Authorization", TestTokens.bearer("comms")).queryParam("brand", brand)
                .queryParam("state", state).get("/api/v1/crises/source-alerts").then().statusCode(200).extract()
                .jsonPath();
    }

    static JsonPath windows(String brand) {
        return given().header("Authorization", TestTokens.bearer("comms")).queryParam("brand", brand)
                .queryParam("minutes", "30").get("/api/v1/windows").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aSilentSourceIsShownAndMarksItsBrandsWindowsUntilItRecovers() {
        String brand = Fixtures.brand();
        UUID alertId = UUID.randomUUID();
        UUID sourceId = UUID.randomUUID();
        Instant since = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS);
        SourceHealth silent = new SourceHealth(SourceHealth.SCHEMA_VERSION, alertId, sourceId, "rss", brand,
                SourceHealth.State.SILENT, SourceHealth.Reason.QUIET, since, since, Duration.ofMinutes(6), 0, null,
                Instant.now().truncatedTo(ChronoUnit.SECONDS));
        try (TopicWriter writer = new TopicWriter(Fixtures.bootstrap())) {
            writer.send(Topics.SOURCES_HEALTH, sourceId.toString(), EventCodec.encode(silent));
            writer.send(Topics.SOURCES_HEALTH, sourceId.toString(), EventCodec.encode(silent)); // a redelivery
            JsonPath open = await().atMost(Fixtures.PATIENCE).until(() -> alerts(brand, "open"),
                    p -> p.getList("items").size() == 1);
            assertThat(open.getString("items[0].id")).isEqualTo(alertId.toString());
            assertThat(open.getString("items[0].reason")).isEqualTo("QUIET");
            assertThat(open.getString("items[0].expectedGap")).isEqualTo("PT6M");
            assertThat(open.getString("items[0].recoveredAt")).isNull();

            JsonPath w = windows(brand);
            List<String> low = w.getList("lowCoverage");
            // The ten minutes since the source went quiet, up to the current one.
            assertThat(low).hasSizeBetween(10, 12);
            assertThat(w.getString("coverageGaps[0].alertId")).isEqualTo(alertId.toString());
            assertThat(windows(Fixtures.brand()).getList("lowCoverage")).isEmpty();

            SourceHealth recovered = new SourceHealth(SourceHealth.SCHEMA_VERSION, alertId, sourceId, "rss", brand,
                    SourceHealth.State.RECOVERED, SourceHealth.Reason.QUIET, since, Instant.now(), Duration.ofMinutes(
                            6),
                    0, null, Instant.now());
            writer.send(Topics.SOURCES_HEALTH, sourceId.toString(), EventCodec.encode(recovered));
            await().atMost(Fixtures.PATIENCE).until(() -> alerts(brand, "open").getList("items").isEmpty());
            JsonPath all = alerts(brand, "all");
            assertThat(all.getList("items")).hasSize(1);
            assertThat(all.getString("items[0].state")).isEqualTo("RECOVERED");
            assertThat(all.getString("items[0].recoveredAt")).isNotNull();
            // A replayed SILENT event does not reopen it.
            writer.send(Topics.SOURCES_HEALTH, sourceId.toString(), EventCodec.encode(silent));
            String marker = Fixtures.brand();
            SourceHealth other = new SourceHealth(SourceHealth.SCHEMA_VERSION, UUID.randomUUID(), sourceId, "rss",
                    marker,
                    SourceHealth.State.SILENT, SourceHealth.Reason.ERRORS, since, null, null, 4, "HTTP 503", Instant
                            .now());
            writer.send(Topics.SOURCES_HEALTH, sourceId.toString(), EventCodec.encode(other));
            await().atMost(Fixtures.PATIENCE).until(() -> alerts(marker, "open").getList("items").size() == 1);
            assertThat(alerts(brand, "all").getString("items[0].state")).isEqualTo("RECOVERED");
        }
    }

    @Test
    void anUnreadableEventGoesToTheDeadLetterTopic() {
        String key = UUID.randomUUID().toString();
        try (TopicWriter writer = new TopicWriter(Fixtures.bootstrap());
                TopicReader dlq = new TopicReader(Fixtures.bootstrap(), Topics.dlq(Topics.SOURCES_HEALTH))) {
            writer.send(Topics.SOURCES_HEALTH, key, "{\"schemaVersion\":\"1.0\",\"state\":\"SILENT\"}");
            assertThat(dlq.awaitRecord(r -> key.equals(r.key()), Fixtures.PATIENCE)).isNotNull();
        }
    }

    @Test
    void sourceAlertsAreForCommsLeadsAndAdmins() {
        given().header("Authorization", TestTokens.bearer("agent")).get("/api/v1/crises/source-alerts").then()
                .statusCode(403);
        given().get("/api/v1/crises/source-alerts").then().statusCode(401);
        given().header("Authorization", TestTokens.bearer("lead")).queryParam("state", "closed")
                .get("/api/v1/crises/source-alerts").then().statusCode(400).body("errors.field", hasItem("state"));
    }
}
