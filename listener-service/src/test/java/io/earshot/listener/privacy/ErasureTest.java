package io.earshot.listener.privacy;

import static io.earshot.listener.privacy.PrivacyApi.count;
import static io.earshot.listener.privacy.PrivacyApi.subject;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.earshot.contracts.Ids;
import io.earshot.contracts.Topics;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.ErasureDone;
import io.earshot.contracts.events.ErasureRequest;
import io.earshot.platform.privacy.Subjects;
import io.earshot.testing.TestTokens;
import io.earshot.testing.TopicReader;
import io.earshot.testing.TopicWriter;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Erasure requests through the listener: the admin API, the request on privacy.erasure (through the outbox), the
 * listener's own erasure (mentions, dedup keys), progress from every service's acknowledgement, redelivery, DLQs.
 */
@QuarkusTest
class ErasureTest {
    static final String PATH = "/api/v1/erasures";
    static final Duration WAIT = Duration.ofSeconds(90);
    final String run = UUID.randomUUID().toString().substring(0, 8);
    final String brand = "er" + run;
    final String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);

    @Inject
    RedisDataSource redis;
    @ConfigProperty(name = "earshot.redis.key-prefix")
    String prefix;

    @Test
    void requestingAnErasureNeedsAnAdminAndAValidSubject() {
        String body = subject("mastodon", "x", null);
        given().contentType(ContentType.JSON).body(body).post(PATH).then().statusCode(401);
        for (String role : new String[]{"service", "analyst", "lead", "comms"}) {
            given().header("Authorization", TestTokens.bearer(role)).contentType(ContentType.JSON).body(body).post(PATH)
                    .then().statusCode(403);
            given().header("Authorization", TestTokens.bearer(role)).get(PATH + "/" + UUID.randomUUID()).then()
                    .statusCode(403);
        }
        admin().body("{\"optOut\":true}").post(PATH).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("subject"));
        admin().body("{\"subject\":{\"source\":\"Not a source!\",\"authorId\":\"x\"}}").post(PATH).then().statusCode(
                400)
                .body("errors.field", hasItem("subject.source"));
        admin().body("{\"subject\":{\"source\":\"mastodon\"}}").post(PATH).then().statusCode(400)
                .body("errors.field", hasItem("subject.authorId"));
        admin().body("{\"subject\":{\"source\":\"mastodon\",\"authorId\":\"" + "x".repeat(257) + "\"}}").post(PATH)
                .then()
                .statusCode(400).body("errors.field", hasItem("subject.authorId"));
        admin().body("{\"subject\":{\"source\":\"mastodon\",\"authorId\":\"x\"},\"optOut\":\"yes\"}").post(PATH).then()
                .statusCode(400).body("errors.field", hasItem("optOut"));
        admin().get(PATH + "/" + UUID.randomUUID()).then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void anErasureRemovesTheAuthorsMentionsPublishesTheRequestAndShowsEachServicesProgress() {
        String authorId = "x-" + run;
        String handle = "X_" + run;
        List<String> theirs = List.of("e1-" + run, "e2-" + run);
        String others = "o1-" + run;
        ingest(theirs.get(0), authorId, "@" + handle);
        ingest(theirs.get(1), authorId, handle.toLowerCase());
        ingest(others, "y-" + run, "y_" + run);
        for (String ext : theirs) {
            assertThat(redis.key().exists(prefix + "seen:" + Ids.mentionId("mastodon", ext))).isTrue();
        }
        // Each author has one data key in the vault (crypto-shredding), found by subject hash or by handle hash.
        String theirKey = Ids.subjectHash("mastodon", authorId);
        String otherKey = Ids.subjectHash("mastodon", "y-" + run);
        assertThat(count("select count(*) from vault.subject_keys where subject_hash = ? and handle_hash = ?",
                theirKey, Subjects.sha256(Subjects.handle("mastodon", handle)))).isEqualTo(1);
        assertThat(count("select count(*) from vault.subject_keys where subject_hash = ?", otherKey)).isEqualTo(1);

        try (TopicReader requests = new TopicReader(bootstrap, Topics.PRIVACY_ERASURE)) {
            JsonPath accepted = admin().body("{\"subject\":{\"source\":\"Mastodon\",\"handle\":\"@" + handle
                    .toUpperCase()
                    + "\"},\"optOut\":true}").post(PATH).then().statusCode(202)
                    .header("Location", containsString(PATH + "/"))
                    .body("state", equalTo("PENDING")).body("optOut", equalTo(true))
                    .body("services.service", equalTo(List.of("listener", "sentiment", "escalation", "map")))
                    .extract().jsonPath();
            String id = accepted.getString("id");
            assertThat(accepted.prettify()).doesNotContainIgnoringCase(handle);

            // The request leaves through the outbox, keyed by the subject's hash (the subject is in the payload only).
            ConsumerRecord<String, String> published = requests.awaitRecord(r -> r.value().contains(id), WAIT);
            ErasureRequest request = EventCodec.decode(published.value(), ErasureRequest.class);
            assertThat(request.subject()).isEqualTo(new ErasureRequest.Subject("mastodon", null, "@" + handle
                    .toUpperCase()));
            assertThat(request.requestedBy()).isEqualTo("test-admin");
            assertThat(published.key()).isEqualTo(Subjects.hash(request.subject())).doesNotContainIgnoringCase(handle);

            // The listener consumes it too: the subject's mentions and their dedup keys are gone, others stay.
            JsonPath progress = awaitProgress(id, p -> "DONE".equals(service(p, "listener", "state")));
            assertThat(service(progress, "listener", "erased")).isEqualTo("2");
            assertThat(progress.getString("state")).isEqualTo("PENDING");
            for (String ext : theirs) {
                analyst().get("/api/v1/mentions/" + Ids.mentionId("mastodon", ext)).then().statusCode(404);
                assertThat(redis.key().exists(prefix + "seen:" + Ids.mentionId("mastodon", ext))).isFalse();
            }
            analyst().get("/api/v1/mentions/" + Ids.mentionId("mastodon", others)).then().statusCode(200);
            assertThat(count("select count(*) from mentions where author_id = ?", authorId)).isZero();
            assertThat(count(
                    "select count(*) from near_dup_bands b join mentions m on m.id = b.mention_id where m.author_id = ?",
                    authorId)).isZero();
            assertThat(count("select count(*) from erasures where subject_hash like ?", "%" + run + "%")).isZero();
            // Their data key is destroyed (every sealed copy of their mentions is unreadable); the other's stays.
            assertThat(count("select count(*) from vault.subject_keys where subject_hash = ?", theirKey)).isZero();
            assertThat(count("select count(*) from vault.subject_keys where subject_hash = ?", otherKey)).isEqualTo(1);

            // optOut: a later mention of the author (by handle) is refused.
            given().header("Authorization", TestTokens.bearer("service")).contentType(ContentType.JSON)
                    .body(mention("e3-" + run, "another-id", handle)).post("/api/v1/mentions").then().statusCode(202)
                    .body("accepted", equalTo(0)).body("optedOut", equalTo(1));

            // The other services acknowledge on privacy.erasure.done: the request is DONE once all four have.
            UUID requestId = UUID.fromString(id);
            try (TopicWriter writer = new TopicWriter(bootstrap)) {
                writer.send(Topics.PRIVACY_ERASURE_DONE, id, EventCodec.encode(ErasureDone.of(requestId, "sentiment",
                        3)));
                writer.send(Topics.PRIVACY_ERASURE_DONE, id, EventCodec.encode(ErasureDone.of(requestId, "escalation",
                        1)));
                progress = awaitProgress(id, p -> "DONE".equals(service(p, "escalation", "state")));
                assertThat(progress.getString("state")).isEqualTo("PENDING");
                assertThat(service(progress, "map", "state")).isEqualTo("PENDING");
                writer.send(Topics.PRIVACY_ERASURE_DONE, id, EventCodec.encode(ErasureDone.of(requestId, "map", 0)));
                progress = awaitProgress(id, p -> "DONE".equals(p.getString("state")));
                assertThat(service(progress, "sentiment", "erased")).isEqualTo("3");
                assertThat(service(progress, "map", "erased")).isEqualTo("0");

                // A redelivered request and a repeated acknowledgement change nothing.
                writer.send(Topics.PRIVACY_ERASURE, published.key(), published.value());
                writer.send(Topics.PRIVACY_ERASURE_DONE, id, EventCodec.encode(ErasureDone.of(requestId, "sentiment",
                        99)));
                String marker = "m-" + run;
                // A second request after them, whose completion shows both were consumed.
                String second = admin().body(subject("mastodon", marker, null)).post(PATH).then().statusCode(202)
                        .extract().path("id");
                awaitProgress(second, p -> "DONE".equals(service(p, "listener", "state")));
                await().atMost(WAIT).until(() -> count(
                        "select count(*) from erasure_progress where erasure_id = cast(? as uuid)",
                        id) == 4);
                progress = admin().get(PATH + "/" + id).then().statusCode(200).extract().jsonPath();
                assertThat(service(progress, "listener", "erased")).isEqualTo("2");
                assertThat(service(progress, "sentiment", "erased")).isEqualTo("3");
                admin().queryParam("limit", 200).get(PATH).then().statusCode(200).body("items.id", hasItem(id));
            }
        }
    }

    @Test
    void unreadableRequestsAndAcknowledgementsGoToTheirDeadLetterTopicsWithTheReason() {
        try (TopicReader dlq = new TopicReader(bootstrap, Topics.dlq(Topics.PRIVACY_ERASURE));
                TopicReader doneDlq = new TopicReader(bootstrap, Topics.dlq(Topics.PRIVACY_ERASURE_DONE));
                TopicWriter writer = new TopicWriter(bootstrap)) {
            writer.send(Topics.PRIVACY_ERASURE, "k", "{not json " + run);
            UUID noSubject = UUID.randomUUID();
            writer.send(Topics.PRIVACY_ERASURE, "k", EventCodec.encode(new ErasureRequest(ErasureRequest.SCHEMA_VERSION,
                    noSubject, new ErasureRequest.Subject("mastodon", " ", null), "dpo", Instant.now())));
            writer.send(Topics.PRIVACY_ERASURE_DONE, "k", "{\"schemaVersion\":\"1.0\",\"service\":\"x" + run
                    + "\",\"erased\":1}");
            ConsumerRecord<String, String> malformed = dlq.awaitRecord(r -> r.value().contains("{not json " + run),
                    WAIT);
            assertThat(TopicReader.header(malformed, "dead-letter-reason")).contains("malformed JSON");
            ConsumerRecord<String, String> empty = dlq.awaitRecord(r -> r.value().contains(noSubject.toString()), WAIT);
            assertThat(TopicReader.header(empty, "dead-letter-reason")).contains("subject needs authorId or handle");
            ConsumerRecord<String, String> ack = doneDlq.awaitRecord(r -> r.value().contains("x" + run), WAIT);
            assertThat(TopicReader.header(ack, "dead-letter-reason")).contains("requestId is missing");
        }
    }

    static String service(JsonPath p, String service, String field) {
        Object v = p.get("services.find { it.service == '" + service + "' }." + field);
        return v == null ? null : v.toString();
    }

    static JsonPath awaitProgress(String id, java.util.function.Predicate<JsonPath> condition) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> admin().get(PATH + "/" + id).then().statusCode(200).extract().jsonPath(), condition);
    }

    void ingest(String externalId, String authorId, String handle) {
        given().header("Authorization", TestTokens.bearer("service")).contentType(ContentType.JSON)
                .body(mention(externalId, authorId, handle)).post("/api/v1/mentions").then().statusCode(202)
                .body("accepted", equalTo(1));
    }

    String mention(String externalId, String authorId, String handle) {
        return """
                {"source":"mastodon","externalId":"%s","brand":"%s","author":{"id":"%s","handle":"%s","displayName":"Xavier %s"},
                 "text":"the app %s keeps crashing on start %s","createdAt":"2026-11-20T10:00:00Z"}"""
                .formatted(externalId, brand, authorId, handle, run, externalId, run);
    }

    static io.restassured.specification.RequestSpecification admin() {
        return given().header("Authorization", TestTokens.bearer("admin")).contentType(ContentType.JSON);
    }

    static io.restassured.specification.RequestSpecification analyst() {
        return given().header("Authorization", TestTokens.bearer("analyst"));
    }
}
