package io.earshot.escalation.cases;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.earshot.contracts.Ids;
import io.earshot.contracts.Topics;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.Author;
import io.earshot.contracts.events.Distress;
import io.earshot.contracts.events.DistressKind;
import io.earshot.contracts.events.Emotions;
import io.earshot.contracts.events.Mention;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.contracts.events.Scores;
import io.earshot.contracts.events.SentimentLabel;
import io.earshot.contracts.events.ThreadRef;
import io.earshot.escalation.Fixtures;
import io.earshot.testing.TestTokens;
import io.earshot.testing.TopicReader;
import io.earshot.testing.TopicWriter;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CaseFlowTest {
    static TopicWriter writer;
    static String bootstrap;

    @BeforeAll
    static void open() {
        bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        writer = new TopicWriter(bootstrap);
    }

    @AfterAll
    static void close() {
        writer.close();
    }

    static ScoredMention scored(String brand, String author, String thread, double sentiment, Distress distress) {
        String externalId = UUID.randomUUID().toString();
        Mention m = new Mention(Mention.SCHEMA_VERSION, Ids.mentionId("reddit", externalId), "reddit", externalId,
                "https://reddit.example/" + externalId, brand, List.of(brand),
                new Author(author, "@" + author, author, 150L, false, null), "text of " + externalId, "en",
                Instant.now(), Instant.now(), new ThreadRef(thread, null), null);
        return new ScoredMention(ScoredMention.SCHEMA_VERSION, m, new Scores(sentiment, SentimentLabel.negative,
                Emotions.NONE, 0.2, distress, 0, List.of(), List.of()), "test", Instant.now());
    }

    static void publish(ScoredMention s) {
        writer.send(Topics.MENTIONS_SCORED, s.mention().kafkaKey(), EventCodec.encode(s));
    }

    static JsonPath cases(String brand) {
        return given().header("Authorization", TestTokens.bearer("agent")).queryParam("brand", brand)
                .get("/api/v1/cases").then().statusCode(200).extract().jsonPath();
    }

    static String brand() {
        return "b" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aNegativeMentionOpensOneCaseEvenWhenRedelivered() {
        String brand = brand();
        ScoredMention s = scored(brand, "ann", "t1", -0.8, Distress.NONE);
        publish(s);
        publish(s);
        await().atMost(Fixtures.PATIENCE).until(() -> cases(brand).getList("items").size() == 1);
        // A later mention of another author is a barrier: once it has a case, the redelivery has been processed too.
        ScoredMention barrier = scored(brand, "bob", "t9", -0.9, Distress.NONE);
        publish(barrier);
        await().atMost(Fixtures.PATIENCE).until(() -> cases(brand).getList("items").size() == 2);
        JsonPath page = cases(brand);
        assertThat(page.getList("items.triggerMentionId")).containsExactlyInAnyOrder(
                s.mention().id().toString(), barrier.mention().id().toString());
        assertThat(page.getList("items.findAll { it.triggerMentionId == '" + s.mention().id() + "' }.mentionIds[0]",
                String.class))
                .containsExactly(s.mention().id().toString());
        // The redelivery (most likely in the same batch) neither joined the case nor wrote an audit entry of its own.
        String caseId = page.getString("items.find { it.triggerMentionId == '" + s.mention().id() + "' }.id");
        assertThat(given().header("Authorization", TestTokens.bearer("admin")).queryParam("entityType", "case")
                .queryParam("entityId", caseId).get("/api/v1/audit").then().statusCode(200).extract().jsonPath()
                .getList("items.action")).containsExactly("case.opened");
    }

    @Test
    void aLaterMentionOfTheSameAuthorAndThreadJoinsTheOpenCase() {
        String brand = brand();
        ScoredMention first = scored(brand, "cat", "thread-7", -0.7, Distress.NONE);
        ScoredMention second = scored(brand, "cat", "thread-7", -0.9, Distress.NONE);
        publish(first);
        publish(second);
        await().atMost(Fixtures.PATIENCE).untilAsserted(() -> {
            JsonPath page = cases(brand);
            assertThat(page.getList("items")).hasSize(1);
            assertThat(page.getList("items[0].mentionIds", String.class))
                    .containsExactly(first.mention().id().toString(), second.mention().id().toString());
            assertThat(page.getDouble("items[0].priority")).isGreaterThanOrEqualTo(90.0);
        });
    }

    @Test
    void distressGoesToTheDistressQueueEvenWhenPositive() {
        String brand = brand();
        publish(scored(brand, "dan", "t1", 0.3, new Distress(DistressKind.safety, 0.9)));
        await().atMost(Fixtures.PATIENCE).untilAsserted(() -> {
            JsonPath page = cases(brand);
            assertThat(page.getList("items")).hasSize(1);
            assertThat(page.getString("items[0].queue")).isEqualTo("distress");
            assertThat(page.getBoolean("items[0].neverAutoAnswer")).isTrue();
            assertThat(page.getString("items[0].distressKind")).isEqualTo("safety");
        });
    }

    @Test
    void aCaseShowsItsMentionsWithScoresAndCanBeClaimedOnce() {
        String brand = brand();
        ScoredMention s = scored(brand, "eve", "t1", -0.95, Distress.NONE);
        publish(s);
        String id = await().atMost(Fixtures.PATIENCE)
                .until(() -> cases(brand).getString("items[0].id"), v -> v != null);
        given().header("Authorization", TestTokens.bearer("comms")).get("/api/v1/cases/" + id).then().statusCode(200)
                .body("mentions[0].mention.id", equalTo(s.mention().id().toString()))
                .body("mentions[0].scores.sentiment", equalTo(-0.95f))
                .body("reason", org.hamcrest.Matchers.containsString("sentiment -0.95"));

        given().header("Authorization", TestTokens.bearer("comms")).post("/api/v1/cases/" + id + "/claim")
                .then().statusCode(403).contentType("application/problem+json");
        given().header("Authorization", "Bearer " + TestTokens.token("agent")).post("/api/v1/cases/" + id + "/claim")
                .then().statusCode(200).body("status", equalTo("CLAIMED")).body("assignee", equalTo("test-agent"));
        given().header("Authorization", TestTokens.bearer("lead")).post("/api/v1/cases/" + id + "/claim")
                .then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void unreadableEventsAreDeadLetteredWithTheReasonAndTheConsumerGoesOn() {
        String brand = brand();
        try (TopicReader dlq = new TopicReader(bootstrap, Topics.dlq(Topics.MENTIONS_SCORED))) {
            String poisonKey = "poison-" + UUID.randomUUID();
            writer.send(Topics.MENTIONS_SCORED, poisonKey, "{not json");
            String futureKey = "future-" + UUID.randomUUID();
            writer.send(Topics.MENTIONS_SCORED, futureKey,
                    EventCodec.encode(scored(brand, "fay", "t", -0.9, Distress.NONE))
                            .replaceFirst("\"schemaVersion\":\"1\\.[0-9]+\"", "\"schemaVersion\":\"2.0\""));
            ConsumerRecord<String, String> poison = dlq.awaitRecord(r -> poisonKey.equals(r.key()), Fixtures.PATIENCE);
            assertThat(TopicReader.header(poison, "dead-letter-reason")).contains("malformed JSON");
            ConsumerRecord<String, String> future = dlq.awaitRecord(r -> futureKey.equals(r.key()), Fixtures.PATIENCE);
            assertThat(TopicReader.header(future, "dead-letter-reason")).contains("unsupported schema major version 2");
        }
        ScoredMention after = scored(brand, "gus", "t", -0.9, Distress.NONE);
        publish(after);
        await().atMost(Fixtures.PATIENCE).until(() -> cases(brand).getList("items").size() == 1);
    }

    @Test
    void neutralMentionsOpenNoCaseButAreCountedInTheWindows() {
        String brand = brand();
        publish(scored(brand, "hal", "t", 0.2, Distress.NONE));
        publish(scored(brand, "hal", "t2", -0.3, Distress.NONE));
        await().atMost(Fixtures.PATIENCE).untilAsserted(() -> {
            JsonPath w = given().header("Authorization", TestTokens.bearer("comms")).queryParam("brand", brand)
                    .queryParam("minutes", 5).get("/api/v1/windows").then().statusCode(200).extract().jsonPath();
            assertThat(w.getList("minutes.volume", Integer.class).stream().mapToInt(Integer::intValue).sum()).isEqualTo(
                    2);
            assertThat(w.getList("minutes.negative", Integer.class).stream().mapToInt(Integer::intValue).sum())
                    .isEqualTo(1);
        });
        assertThat(cases(brand).getList("items")).isEmpty();
    }

    @Test
    void listingValidatesItsParameters() {
        given().header("Authorization", TestTokens.bearer("agent")).queryParam("limit", 0).get("/api/v1/cases")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("limit"));
        given().header("Authorization", TestTokens.bearer("agent")).queryParam("cursor", "garbage").get("/api/v1/cases")
                .then().statusCode(400).body("errors.field", hasItem("cursor"));
        given().header("Authorization", TestTokens.bearer("agent")).queryParam("status", "LOST").get("/api/v1/cases")
                .then().statusCode(400).body("errors.field", hasItem("status"));
        given().header("Authorization", TestTokens.bearer("agent")).get("/api/v1/cases/" + UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void pagesWalkEveryCaseOnce() {
        String brand = brand();
        for (int i = 0; i < 5; i++) {
            publish(scored(brand, "p" + i, "t", -0.9, Distress.NONE));
        }
        await().atMost(Fixtures.PATIENCE).until(() -> cases(brand).getList("items").size() == 5);
        List<String> seen = new java.util.ArrayList<>();
        String cursor = null;
        do {
            var req = given().header("Authorization", TestTokens.bearer("lead")).queryParam("brand", brand).queryParam(
                    "limit", 2);
            if (cursor != null) {
                req = req.queryParam("cursor", cursor);
            }
            JsonPath page = req.get("/api/v1/cases").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.id", String.class));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        assertThat(seen).hasSize(5).doesNotHaveDuplicates();
    }

    @Test
    void rolesAreEnforced() {
        given().get("/api/v1/cases").then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", TestTokens.bearer("analyst")).get("/api/v1/cases").then().statusCode(403);
        given().header("Authorization", TestTokens.bearer("service")).get("/api/v1/cases").then().statusCode(403);
        given().header("Authorization", TestTokens.bearer("agent")).queryParam("brand", "x").get("/api/v1/windows")
                .then().statusCode(403);
        given().header("Authorization", "Bearer " + TestTokens.expired("agent")).get("/api/v1/cases").then().statusCode(
                401);
        given().get("/q/health/ready").then().statusCode(200);
    }
}
