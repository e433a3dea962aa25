package io.earshot.escalation.privacy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.earshot.contracts.Ids;
import io.earshot.contracts.Topics;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.Author;
import io.earshot.contracts.events.CrisisAlert;
import io.earshot.contracts.events.Distress;
import io.earshot.contracts.events.Emotions;
import io.earshot.contracts.events.ErasureDone;
import io.earshot.contracts.events.ErasureRequest;
import io.earshot.contracts.events.Mention;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.contracts.events.Scores;
import io.earshot.contracts.events.SentimentLabel;
import io.earshot.contracts.events.ThreadRef;
import io.earshot.escalation.Fixtures;
import io.earshot.platform.privacy.Subjects;
import io.earshot.testing.StoreSearch;
import io.earshot.testing.TestTokens;
import io.earshot.testing.TopicReader;
import io.earshot.testing.TopicWriter;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.KeyScanArgs;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * privacy.erasure in escalation: cases, their mentions, notes, CRM link, recent mentions, audit entries and the Redis
 * windows lose the subject; a tombstone stays in the audit log; the erasure is acknowledged; bad requests dead-lettered.
 */
@QuarkusTest
class ErasureConsumerTest {
    static final Duration WAIT = Fixtures.PATIENCE;
    final String run = UUID.randomUUID().toString().substring(0, 8);
    final String brand = "er" + run;
    final String authorId = "t2_erin" + run;
    final String handle = "erin_" + run;
    final String displayName = "Erin Quietly" + run;
    final String customerName = "Erin Q. Customer" + run;

    @Inject
    RedisDataSource redis;
    @Inject
    Pool pool;
    @ConfigProperty(name = "earshot.redis.key-prefix")
    String prefix;

    ScoredMention scored(String author, String authorHandle, String name, String thread, String text) {
        return scored(author, authorHandle, name, thread, text, Instant.now());
    }

    ScoredMention scored(String author, String authorHandle, String name, String thread, String text, Instant fetched) {
        String externalId = UUID.randomUUID().toString();
        Mention m = new Mention(Mention.SCHEMA_VERSION, Ids.mentionId("reddit", externalId), "reddit", externalId,
                "https://reddit.example/u/" + authorHandle + "/" + externalId, brand, List.of(brand),
                new Author(author, "u/" + authorHandle, name, 150L, false, Instant.parse("2020-01-01T00:00:00Z")), text,
                "en",
                fetched, fetched, new ThreadRef(thread, null), null);
        return new ScoredMention(ScoredMention.SCHEMA_VERSION, m, new Scores(-0.8, SentimentLabel.negative,
                Emotions.NONE, 0.2, Distress.NONE, 0, List.of(), List.of()), "test", Instant.now());
    }

    List<String> identifiers() {
        return List.of(authorId, handle, displayName, customerName);
    }

    @Test
    void theSubjectLeavesCasesCrmAuditAndRedisAndATombstoneStays() {
        as("lead").body(List.of(Map.of("id", "cust-" + run, "name", customerName, "tier", "vip",
                "handles", List.of(Map.of("network", "reddit", "handle", "u/" + handle)))))
                .post("/api/v1/customers").then().statusCode(200);
        ScoredMention first = scored(authorId, handle, displayName, "t-" + run, "I am " + displayName
                + " and this is not ok");
        ScoredMention second = scored(authorId, handle, displayName, "t-" + run, "still broken, ask u/" + handle);
        ScoredMention other = scored("t2_otto" + run, "otto_" + run, "Otto", "o-" + run, "not ok either");
        Fixtures.publish(first);
        Fixtures.publish(second);
        Fixtures.publish(other);
        await().atMost(WAIT).until(() -> Fixtures.cases(brand).getList("items").size() == 2
                && Fixtures.cases(brand).getList("items.findAll { it.mentionIds.size() == 2 }").size() == 1);
        String caseId = Fixtures.cases(brand).getString("items.find { it.mentionIds.size() == 2 }.id");
        String otherCase = Fixtures.cases(brand).getString("items.find { it.mentionIds.size() == 1 }.id");
        as("agent").post("/api/v1/cases/" + caseId + "/claim").then().statusCode(200);
        as("agent").body(Map.of("body", "called " + displayName + " (u/" + handle + ") back")).post("/api/v1/cases/"
                + caseId + "/notes")
                .then().statusCode(200);
        assertThat(Fixtures.caseById(caseId).prettify()).contains(handle).contains(customerName);
        // The windows have counted the author (crisis consumer, own group).
        await().atMost(WAIT).until(() -> !redisHolding("reddit:" + authorId).isEmpty()
                && List.of(first, second, other).stream().allMatch(m -> !redisHolding(m.mention().id().toString())
                        .isEmpty()));
        assertThat(dbHolding(identifiers())).isNotEmpty();

        String bootstrap = Fixtures.bootstrap();
        ErasureRequest request = new ErasureRequest(ErasureRequest.SCHEMA_VERSION, UUID.randomUUID(),
                new ErasureRequest.Subject("reddit", authorId, null), "dpo@example.com", Instant.now());
        try (TopicWriter writer = new TopicWriter(bootstrap);
                TopicReader done = new TopicReader(bootstrap, Topics.PRIVACY_ERASURE_DONE)) {
            writer.send(Topics.PRIVACY_ERASURE, "k", EventCodec.encode(request));
            ConsumerRecord<String, String> ack = done.awaitRecord(r -> r.value().contains(request.id().toString()),
                    WAIT);
            ErasureDone d = EventCodec.decode(ack.value(), ErasureDone.class);
            assertThat(d.service()).isEqualTo("escalation");
            assertThat(d.erased()).isEqualTo(3); // two mentions and their case

            // Nothing of the subject is left anywhere in the database or in Redis, except the tombstone's hash.
            assertThat(dbHolding(identifiers())).isEmpty();
            assertThat(redisHolding("reddit:" + authorId)).isEmpty();
            JsonPath c = Fixtures.caseById(caseId);
            assertThat(c.getString("authorId")).isNull();
            assertThat(c.getString("authorHandle")).isNull();
            assertThat(c.getList("context.notes.body")).containsExactly("called [erased] ([erased]) back");
            assertThat(c.prettify()).doesNotContain(handle).doesNotContain(authorId).doesNotContain(customerName);
            assertThat(Fixtures.caseById(otherCase).prettify()).contains("otto_" + run);
            as("admin").get("/api/v1/customers/cust-" + run).then().statusCode(404);
            JsonPath tomb = as("admin").queryParam("entityType", "erasure").queryParam("entityId", request.id()
                    .toString())
                    .get("/api/v1/audit").then().statusCode(200).extract().jsonPath();
            assertThat(tomb.getList("items")).hasSize(1);
            assertThat(tomb.getString("items[0].action")).isEqualTo("subject.erased");
            assertThat(tomb.prettify()).contains(Subjects.hash(request.subject())).contains("subject erased");

            // A redelivery erases nothing more and appends no second tombstone.
            writer.send(Topics.PRIVACY_ERASURE, "k", EventCodec.encode(request));
            await().atMost(WAIT).until(() -> done.records().stream().filter(r -> r.value().contains(request.id()
                    .toString())).count() == 2);
            ErasureDone again = done.records().stream().filter(r -> r.value().contains(request.id().toString()))
                    .map(r -> EventCodec.decode(r.value(), ErasureDone.class)).toList().get(1);
            assertThat(again.erased()).isZero();
            as("admin").queryParam("entityType", "erasure").queryParam("entityId", request.id().toString())
                    .get("/api/v1/audit").then().statusCode(200).body("items.size()", equalTo(1));
        }
        // A mention fetched before the erasure and still in flight (lag, a dead-letter replay) is dropped: the
        // tombstone stops it. A later mention of the (not opted-out) author opens a new case: the old one no longer
        // merges it. Same author, same key, same partition: the late one is consumed first.
        ScoredMention inFlight = scored(authorId, handle, displayName, "t-" + run, "replayed from before",
                request.requestedAt().minusSeconds(60));
        Fixtures.publish(inFlight);
        ScoredMention later = scored(authorId, handle, displayName, "t-" + run, "back again");
        Fixtures.publish(later);
        await().atMost(WAIT).until(() -> Fixtures.cases(brand).getList("items").size() == 3);
        await().atMost(WAIT).until(() -> !redisHolding(later.mention().id().toString()).isEmpty());
        assertThat(Fixtures.cases(brand).getList("items.mentionIds.flatten()")).map(String::valueOf)
                .contains(later.mention().id().toString()).doesNotContain(inFlight.mention().id().toString());
        assertThat(redisHolding(inFlight.mention().id().toString())).isEmpty();
        assertThat(dbHolding(List.of("replayed from before"))).isEmpty();
    }

    /**
     * A post deleted at its source (a mention-scoped request) leaves its case: its text, author fields and explanation
     * are erased, it leaves the recent-mentions cache and Redis sample lists; the case, its author and the author's
     * other mention stay; a lagging copy of the post is not attached again.
     */
    @Test
    void aMentionDeletedAtItsSourceLeavesItsCaseAndIsNotAttachedAgain() {
        String gone = "deleted-post-" + run + " the refund never came";
        ScoredMention deleted = scored(authorId, handle, displayName, "d-" + run, gone);
        ScoredMention kept = scored(authorId, handle, displayName, "d-" + run, "kept-post-" + run + " still waiting");
        Fixtures.publish(deleted);
        Fixtures.publish(kept);
        await().atMost(WAIT).until(() -> Fixtures.cases(brand).getList("items.findAll { it.mentionIds.size() == 2 }")
                .size() == 1);
        String caseId = Fixtures.cases(brand).getString("items.find { it.mentionIds.size() == 2 }.id");
        await().atMost(WAIT).until(() -> !redisHolding(deleted.mention().id().toString()).isEmpty()
                && !redisHolding(kept.mention().id().toString()).isEmpty());
        assertThat(dbHolding(List.of("deleted-post-" + run))).isNotEmpty();

        String bootstrap = Fixtures.bootstrap();
        ErasureRequest request = new ErasureRequest(ErasureRequest.SCHEMA_VERSION, UUID.randomUUID(),
                new ErasureRequest.Subject("reddit", null, null), "source-deletion", Instant.now(),
                List.of(new ErasureRequest.MentionRef(deleted.mention().id(), deleted.mention().externalId())));
        try (TopicWriter writer = new TopicWriter(bootstrap);
                TopicReader done = new TopicReader(bootstrap, Topics.PRIVACY_ERASURE_DONE)) {
            writer.send(Topics.PRIVACY_ERASURE, "k", EventCodec.encode(request));
            ErasureDone d = EventCodec.decode(done.awaitRecord(r -> r.value().contains(request.id().toString()), WAIT)
                    .value(),
                    ErasureDone.class);
            assertThat(d.service()).isEqualTo("escalation");
            assertThat(d.erased()).isEqualTo(1);
        }
        assertThat(dbHolding(List.of("deleted-post-" + run))).isEmpty();
        // only the crisis consumer's dedup marker (cr:seen:<id>, the id alone, with its TTL) may still name it
        assertThat(redisHolding(deleted.mention().id().toString())).allMatch(k -> k.contains(":cr:seen:"));
        assertThat(redisHolding(kept.mention().id().toString())).isNotEmpty();
        JsonPath c = Fixtures.caseById(caseId);
        assertThat(c.getString("authorId")).isEqualTo(authorId);
        assertThat(c.prettify()).contains("kept-post-" + run).doesNotContain("deleted-post-" + run);
        JsonPath tomb = as("admin").queryParam("entityType", "erasure").queryParam("entityId", request.id().toString())
                .get("/api/v1/audit").then().statusCode(200).extract().jsonPath();
        assertThat(tomb.prettify()).contains(Subjects.hash(request)).doesNotContain(authorId);

        // the same post again, as fetched before the request (a lagging copy), then another of the author's
        ScoredMention marker = scored(authorId, handle, displayName, "d-" + run, "marker-" + run);
        Fixtures.publish(deleted);
        Fixtures.publish(marker);
        await().atMost(WAIT).until(() -> Fixtures.caseById(caseId).prettify().contains("marker-" + run)
                && !redisHolding(marker.mention().id().toString()).isEmpty());
        assertThat(dbHolding(List.of("deleted-post-" + run))).isEmpty();
        // only the crisis consumer's dedup marker (cr:seen:<id>, the id alone, with its TTL) may still name it
        assertThat(redisHolding(deleted.mention().id().toString())).allMatch(k -> k.contains(":cr:seen:"));
    }

    @Test
    void theSubjectLeavesCrisisAlertsTheirWebhooksAndStoredAnswers() throws Throwable {
        // A crisis whose drivers name the subject (topAuthors: source:authorId; topTerms: their handle) and another
        // author, as stored by the crisis detector: the crisis, its alert outbox and a sent crisis webhook event.
        String subjectKey = "reddit:" + authorId;
        String otherKey = "reddit:t2_otto" + run;
        // A whole alert, as the detector encodes it: the crisis listing decodes every stored alert.
        UUID crisis = UUID.randomUUID();
        String alert = EventCodec.encode(new CrisisAlert(CrisisAlert.SCHEMA_VERSION, crisis, brand, "",
                Duration.ofMinutes(5), 10, 1, 0.9, 5, CrisisAlert.Severity.HIGH, List.of(), CrisisAlert.State.RESOLVED,
                Instant.now(), null, null, null, null, null, null, null, null,
                List.of(new CrisisAlert.Driver(handle, 4, 0.3), new CrisisAlert.Driver("refund", 9, 0.6)),
                List.of(new CrisisAlert.Driver(subjectKey, 7, 0.5), new CrisisAlert.Driver(otherKey, 3, 0.2)), null,
                null));
        sql("""
                insert into crises (id, brand, topic, state, severity, score, volume, baseline, negative_share, last_alert,
                                    opened_at, updated_at, resolved_at)
                values ($1, $2, '', 'RESOLVED', 'HIGH', 5, 10, 1, 0.9, $3, now(), now(), now())""",
                crisis, brand, alert);
        sql("insert into crisis_alerts (crisis_id, state, payload, published_at) values ($1, 'RESOLVED', $2, now())",
                crisis, alert);
        String endpoint = as("admin").body(Map.of("url", "https://hooks.example.org/" + run, "format", "event"))
                .post("/api/v1/webhooks/endpoints").then().statusCode(201).extract().path("id");
        as("admin").body(Map.of("enabled", false)).patch("/api/v1/webhooks/endpoints/" + endpoint).then().statusCode(
                200);
        sql("""
                insert into webhook_deliveries (id, endpoint_id, event, event_key, payload, status, delivered_at)
                values ($1, $2, 'crisis.alert', $3, $4, 'DELIVERED', now())""", UUID.randomUUID(), UUID.fromString(
                endpoint),
                "erasure-" + run, "{\"event\":\"crisis.alert\",\"data\":" + alert + "}");
        // A stored idempotent answer that names the subject (a note's answer echoes the note).
        String idem = prefix + "idem:erasure-test-" + run;
        // (The subject's display name is known to escalation only from their stored mentions; this one has none.)
        String note = EventCodec.mapper().createObjectNode().put("body", "called u/" + handle + " (" + authorId
                + ") back").toString();
        redis.value(String.class).psetex(idem, 600_000, EventCodec.mapper().createObjectNode().put("state", "done")
                .put("fingerprint", "f").put("status", 200).put("contentType", "application/json").put("body", note)
                .toString());
        assertThat(dbHolding(List.of(subjectKey))).isNotEmpty();

        String bootstrap = Fixtures.bootstrap();
        ErasureRequest request = new ErasureRequest(ErasureRequest.SCHEMA_VERSION, UUID.randomUUID(),
                new ErasureRequest.Subject("reddit", authorId, handle), "dpo@example.com", Instant.now());
        try (TopicWriter writer = new TopicWriter(bootstrap);
                TopicReader done = new TopicReader(bootstrap, Topics.PRIVACY_ERASURE_DONE)) {
            writer.send(Topics.PRIVACY_ERASURE, "k", EventCodec.encode(request));
            done.awaitRecord(r -> r.value().contains(request.id().toString()), WAIT);
        }
        // Nothing of the subject is left in any table; the other author and the counts stay.
        assertThat(dbHolding(List.of(subjectKey, handle))).isEmpty();
        for (String row : List.of(one("select last_alert from crises where id = $1", crisis),
                one("select payload from crisis_alerts where crisis_id = $1", crisis),
                one("select payload from webhook_deliveries where event_key = $1", "erasure-" + run))) {
            assertThat(row).doesNotContain(authorId).doesNotContain(handle).contains(otherKey).contains("[erased]")
                    .contains("refund");
            JsonPath j = new JsonPath(row);
            String root = j.get("data") == null ? "" : "data.";
            assertThat(j.getList(root + "topAuthors.count")).containsExactly(7, 3);
        }
        // The idempotent answer stays (a repeat is still answered without running twice) but no longer names them.
        String answer = redis.value(String.class).get(idem);
        assertThat(answer).contains("\"state\":\"done\"").contains("[erased]").doesNotContain(handle).doesNotContain(
                authorId);
        assertThat(redis.key().pttl(idem)).isPositive();
    }

    private void sql(String sql, Object... params) throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> pool.preparedQuery(sql).execute(Tuple.from(params)));
    }

    private String one(String sql, Object param) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> pool.preparedQuery(sql).execute(Tuple.of(param))
                .map(rs -> rs.iterator().next().getString(0)));
    }

    @Test
    void unreadableRequestsGoToTheDeadLetterTopic() {
        String bootstrap = Fixtures.bootstrap();
        try (TopicWriter writer = new TopicWriter(bootstrap);
                TopicReader dlq = new TopicReader(bootstrap, Topics.dlq(Topics.PRIVACY_ERASURE))) {
            writer.send(Topics.PRIVACY_ERASURE, "k", "[\"" + run + "\"]");
            ConsumerRecord<String, String> bad = dlq.awaitRecord(r -> r.value().contains(run), WAIT);
            assertThat(TopicReader.header(bad, "dead-letter-reason")).contains("must be a JSON object");
        }
    }

    List<String> dbHolding(List<String> needles) {
        Config c = ConfigProvider.getConfig();
        return StoreSearch.find(c.getValue("quarkus.datasource.jdbc.url", String.class),
                c.getValue("quarkus.datasource.username", String.class),
                c.getOptionalValue("quarkus.datasource.password", String.class).orElse(""), needles);
    }

    /** Keys under this service's prefix whose name, members or values hold {@code needle}. */
    List<String> redisHolding(String needle) {
        List<String> hits = new ArrayList<>();
        for (String key : redis.key().scan(new KeyScanArgs().match(prefix + "*").count(1000)).toIterable()) {
            String type = redis.key().type(key).name().toLowerCase();
            String content = switch (type) {
                case "zset" -> String.valueOf(redis.sortedSet(String.class).zrange(key, 0, -1));
                case "hash" -> String.valueOf(redis.hash(String.class).hgetall(key));
                case "list" -> String.valueOf(redis.list(String.class).lrange(key, 0, -1));
                case "string" -> String.valueOf(redis.value(String.class).get(key));
                default -> "";
            };
            if (key.contains(needle) || content.contains(needle)) {
                hits.add(key);
            }
        }
        return hits;
    }

    static RequestSpecification as(String role) {
        return given().header("Authorization", TestTokens.bearer(role)).contentType(ContentType.JSON);
    }
}
