package io.earshot.map.review;

import static io.earshot.map.review.CandidateEvents.brand;
import static io.earshot.map.review.CandidateEvents.candidate;
import static io.earshot.map.review.CandidateEvents.record;
import static io.earshot.map.review.CandidateEvents.send;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.earshot.contracts.Topics;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.InsightCandidate;
import io.earshot.testing.TestTokens;
import io.earshot.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CandidateConsumerTest {
    static final Duration WAIT = Duration.ofSeconds(120); // see MapFixtures.WAIT

    static ValidatableResponse getCandidate(UUID id) {
        return given().header("Authorization", TestTokens.bearer("analyst")).get("/api/v1/candidates/" + id).then();
    }

    static void awaitStored(UUID id) {
        // Poll without failing assertions (a failed REST Assured assertion logs the whole exchange).
        await().atMost(WAIT).until(() -> getCandidate(id).extract().statusCode() == 200);
    }

    static ValidatableResponse listBrand(String brand) {
        return given().header("Authorization", TestTokens.bearer("analyst"))
                .queryParam("brand", brand).queryParam("limit", 200)
                .get("/api/v1/candidates").then().statusCode(200);
    }

    @Test
    void aCandidateIsStoredAsPendingInTheProducersTrace() {
        String brand = brand("pending");
        InsightCandidate c = candidate(brand, "logout");
        String traceId = HexFormat.of().formatHex(randomBytes(16));
        String traceparent = "00-" + traceId + "-" + HexFormat.of().formatHex(randomBytes(8)) + "-01";

        send(List.of(record(brand, EventCodec.encode(c), traceparent)));

        awaitStored(c.id());
        getCandidate(c.id()).statusCode(200)
                .body("id", equalTo(c.id().toString()))
                .body("brand", equalTo(brand))
                .body("persona", equalTo("frustrated-commuter"))
                .body("zone", equalTo("PAINS"))
                .body("text", equalTo("the app logs me out every morning"))
                .body("theme", equalTo("logout"))
                .body("evidenceMentionIds", contains(c.evidenceMentionIds().get(0).toString()))
                .body("count", equalTo(3))
                .body("firstSeen", equalTo("2026-11-20T08:00:00Z"))
                .body("lastSeen", equalTo("2026-11-20T09:30:00.123456Z"))
                .body("status", equalTo("PENDING"))
                .body("traceId", equalTo(traceId));
        listBrand(brand).body("items", hasSize(1)).body("items[0].status", equalTo("PENDING"))
                .body("nextCursor", nullValue());
    }

    @Test
    void aCandidateWithoutTraceContextGetsTheConsumerSpansTrace() {
        String brand = brand("untraced");
        InsightCandidate c = candidate(brand, "fees");
        send(c);
        awaitStored(c.id());
        String traceId = getCandidate(c.id()).extract().path("traceId");
        assertThat(traceId).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
    }

    @Test
    void aRedeliveredCandidateIsStoredOnce() {
        String brand = brand("redelivery");
        InsightCandidate c = candidate(brand, "refund");
        InsightCandidate later = candidate(brand, "support");
        // Same key, same partition: once "later" is stored, both copies of c have been consumed.
        send(List.of(record(brand, EventCodec.encode(c)), record(brand, EventCodec.encode(c)),
                record(brand, EventCodec.encode(later))));

        awaitStored(later.id());
        listBrand(brand).body("items", hasSize(2)).body("items.id", org.hamcrest.Matchers.containsInAnyOrder(
                c.id().toString(), later.id().toString()));
    }

    @Test
    void undecodableCandidatesGoToTheDeadLetterTopicAndConsumptionGoesOn() {
        String brand = brand("dlq");
        InsightCandidate v2 = candidate(brand, "v2");
        String v2Json = EventCodec.encode(v2).replace("\"schemaVersion\":\"" + InsightCandidate.SCHEMA_VERSION + "\"",
                "\"schemaVersion\":\"2.0\"");
        assertThat(v2Json).contains("\"schemaVersion\":\"2.0\"");
        String malformed = "{\"schemaVersion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"brand\":\"" + brand
                + "\", oops";
        InsightCandidate noText = new InsightCandidate("1.0", UUID.randomUUID(), brand, "p", v2.zone(), null, "t",
                List.of(), 1, null, null);
        String noTextJson = EventCodec.encode(noText);
        InsightCandidate valid = candidate(brand, "after-poison");

        try (TopicReader dlq = new TopicReader(CandidateEvents.bootstrap(), Topics.dlq(Topics.INSIGHTS_CANDIDATES))) {
            send(List.of(record(brand, v2Json), record(brand, malformed), record(brand, noTextJson),
                    record(brand, EventCodec.encode(valid))));

            ConsumerRecord<String, String> rejectedV2 = dlq.awaitRecord(r -> v2Json.equals(r.value()), WAIT);
            assertThat(TopicReader.header(rejectedV2, "dead-letter-reason"))
                    .contains("unsupported schema major version 2");
            assertThat(rejectedV2.key()).isEqualTo(brand);

            ConsumerRecord<String, String> rejectedMalformed = dlq.awaitRecord(r -> malformed.equals(r.value()), WAIT);
            assertThat(TopicReader.header(rejectedMalformed, "dead-letter-reason")).contains("malformed JSON");

            ConsumerRecord<String, String> rejectedNoText = dlq.awaitRecord(r -> noTextJson.equals(r.value()), WAIT);
            assertThat(TopicReader.header(rejectedNoText, "dead-letter-reason")).contains("text is missing");

            awaitStored(valid.id());
            getCandidate(v2.id()).statusCode(404);
            listBrand(brand).body("items", hasSize(1)).body("items[0].id", equalTo(valid.id().toString()));
        }
    }

    @Test
    void optionalFieldsMayBeAbsent() {
        String brand = brand("sparse");
        InsightCandidate c = new InsightCandidate("1.3", UUID.randomUUID(), brand, null,
                io.earshot.contracts.events.Zone.GAINS, "it finally works offline", null, null, 0, null, null);
        send(c);
        awaitStored(c.id());
        getCandidate(c.id()).body("persona", equalTo("default")).body("theme", nullValue())
                .body("evidenceMentionIds", hasSize(0)).body("firstSeen", nullValue()).body("zone", equalTo("GAINS"));
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        ThreadLocalRandom.current().nextBytes(b);
        b[0] |= 1; // never all zeros (an invalid trace or span id)
        return b;
    }
}
