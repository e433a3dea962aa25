package io.earshot.sentiment.review;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import io.earshot.contracts.Ids;
import io.earshot.contracts.Topics;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.Author;
import io.earshot.contracts.events.Mention;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.testing.TestTokens;
import io.earshot.testing.TopicWriter;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Scoring with confidence, the review gate, analyst labels, the labelled export and the agreement figures. */
@QuarkusTest
class ReviewFlowTest {
    static final Duration WAIT = Duration.ofSeconds(120);
    static TopicWriter writer;

    @BeforeAll
    static void open() {
        writer = new TopicWriter(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
    }

    @AfterAll
    static void close() {
        writer.close();
    }

    static RequestSpecification as(String role) {
        return given().header("Authorization", TestTokens.bearer(role)).contentType(ContentType.JSON);
    }

    static Mention publish(String brand, String text, long followers) {
        return publish(brand, text, followers, "a" + UUID.randomUUID().toString().substring(0, 8));
    }

    static Mention publish(String brand, String text, long followers, String authorId) {
        String externalId = UUID.randomUUID().toString();
        Mention m = new Mention(Mention.SCHEMA_VERSION, Ids.mentionId("mastodon", externalId), "mastodon", externalId,
                "https://mastodon.example/" + externalId, brand, List.of(brand),
                new Author(authorId, "@someone", "Someone", followers, false, null), text, "en",
                Instant.now(), Instant.now(), null, null);
        writer.send(Topics.MENTIONS_RAW, m.kafkaKey(), EventCodec.encode(m));
        return m;
    }

    static JsonPath score(UUID id) {
        return await().atMost(WAIT).until(() -> as("analyst").get("/api/v1/scores/" + id).then().extract(),
                r -> r.statusCode() == 200).jsonPath();
    }

    @Test
    void lowConfidenceHighImpactScoresAreQueuedLabelledExportedAndMeasured() {
        String brand = "rv" + UUID.randomUUID().toString().substring(0, 8);
        Mention ironic = publish(brand, "Wow, thanks for losing my package again. Amazing service.", 80_000);
        Mention faintFamous = publish(brand, "The app is ok I guess", 20_000);
        Mention faintSmall = publish(brand, "The app is ok I guess", 12);
        Mention clearFamous = publish(brand, "I love this, thank you so much! Best support ever.", 90_000);
        Mention borderline = publish(brand, "there might be a small fire", 3);

        JsonPath clear = score(clearFamous.id());
        assertThat(clear.getDouble("confidence.value")).isGreaterThanOrEqualTo(0.9);
        assertThat(clear.getString("scores.label")).isEqualTo("positive");
        assertThat(clear.getString("schemaVersion")).isEqualTo(ScoredMention.SCHEMA_VERSION);
        assertThat(clear.getMap("review")).isNull();
        JsonPath small = score(faintSmall.id());
        assertThat(small.getDouble("confidence.value")).isLessThan(0.5);
        assertThat(small.getMap("review")).isNull();

        JsonPath ironicScore = score(ironic.id());
        assertThat(ironicScore.getDouble("confidence.irony")).isLessThan(0.5);
        assertThat(ironicScore.getList("review.reasons")).containsExactly("reach", "sarcasm");
        assertThat(ironicScore.getString("review.status")).isEqualTo("PENDING");
        assertThat(score(faintFamous.id()).getList("review.reasons")).containsExactly("reach");
        assertThat(score(borderline.id()).getList("review.reasons")).containsExactly("distress");

        JsonPath queue = as("analyst").queryParam("brand", brand).get("/api/v1/reviews").then().statusCode(200)
                .extract().jsonPath();
        assertThat(queue.getList("items.mentionId")).containsExactlyInAnyOrder(ironic.id().toString(),
                faintFamous.id().toString(), borderline.id().toString());
        assertThat(queue.getString("items.find { it.mentionId == '" + ironic.id() + "' }.text")).contains(
                "Amazing service");

        // The analyst corrects the ironic one and agrees with the faint one.
        as("analyst").body(Map.of("label", "negative", "sarcastic", true, "note", "irony"))
                .put("/api/v1/reviews/" + ironic.id() + "/label").then().statusCode(200)
                .body("status", equalTo("REVIEWED")).body("review.label", equalTo("negative"))
                .body("scorer.label", equalTo("positive")).body("agreed", equalTo(false));
        as("analyst").body(Map.of("label", "positive")).put("/api/v1/reviews/" + faintFamous.id() + "/label")
                .then().statusCode(200).body("agreed", equalTo(true));
        JsonPath shown = score(ironic.id());
        assertThat(shown.getString("review.review.label")).isEqualTo("negative");
        assertThat(shown.getBoolean("review.review.sarcastic")).isTrue();
        assertThat(shown.getString("scores.label")).isEqualTo("positive");
        as("analyst").get("/api/v1/reviews/" + borderline.id()).then().statusCode(200).body("status", equalTo(
                "PENDING"))
                .body("review", nullValue());
        assertThat(as("analyst").queryParam("brand", brand).queryParam("status", "pending").get("/api/v1/reviews")
                .then().statusCode(200).extract().jsonPath().getList("items.mentionId"))
                .containsExactly(borderline.id().toString());

        String jsonl = as("analyst").queryParam("brand", brand).get("/api/v1/reviews/export").then().statusCode(200)
                .contentType("application/x-ndjson").extract().asString();
        List<String> lines = jsonl.lines().toList();
        assertThat(lines).hasSize(2);
        JsonPath first = JsonPath.from(lines.get(0));
        assertThat(first.getString("mentionId")).isEqualTo(ironic.id().toString());
        assertThat(first.getString("label")).isEqualTo("negative");
        assertThat(first.getString("scorer.label")).isEqualTo("positive");
        assertThat(first.getString("text")).isEqualTo("Wow, thanks for losing my package again. Amazing service.");

        JsonPath agreement = as("analyst").queryParam("brand", brand).get("/api/v1/reviews/agreement").then()
                .statusCode(200).extract().jsonPath();
        assertThat(agreement.getInt("overall.reviewed")).isEqualTo(2);
        assertThat(agreement.getInt("overall.agreed")).isEqualTo(1);
        assertThat(agreement.getDouble("overall.rate")).isEqualTo(0.5);
        assertThat(agreement.getInt("perLabel.find { it.label == 'positive' }.scorerSaid")).isEqualTo(2);
        assertThat(agreement.getDouble("perLabel.find { it.label == 'positive' }.precision")).isEqualTo(0.5);
        assertThat(agreement.getDouble("perLabel.find { it.label == 'negative' }.recall")).isEqualTo(0.0);
        assertThat(agreement.getList("series")).hasSize(1);
        assertThat(agreement.getInt("series[0].reviewed")).isEqualTo(2);

        // A redelivered mention is neither queued twice nor reset (the marker, same key, is processed after it).
        writer.send(Topics.MENTIONS_RAW, ironic.kafkaKey(), EventCodec.encode(ironic));
        Mention marker = publish(brand, "The app is ok I guess", 30_000, ironic.author().id());
        score(marker.id());
        as("analyst").get("/api/v1/reviews/" + ironic.id()).then().statusCode(200).body("status", equalTo("REVIEWED"));
    }

    @Test
    void labelsAreValidatedAndTheQueueIsForAnalysts() {
        as("analyst").body(Map.of("label", "unsupported_language", "distressKind", "zombies"))
                .put("/api/v1/reviews/" + UUID.randomUUID() + "/label").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("label")).body("errors.field", hasItem("distressKind"));
        as("analyst").body(Map.of("label", "neutral")).put("/api/v1/reviews/" + UUID.randomUUID() + "/label")
                .then().statusCode(404);
        as("analyst").get("/api/v1/reviews/not-a-uuid").then().statusCode(400).body("errors.field", hasItem(
                "mentionId"));
        as("analyst").queryParam("status", "later").get("/api/v1/reviews").then().statusCode(400)
                .body("errors.field", hasItem("status"));
        as("analyst").queryParam("bucket", "year").get("/api/v1/reviews/agreement").then().statusCode(400)
                .body("errors.field", hasItem("bucket"));
        as("analyst").queryParam("from", "yesterday").get("/api/v1/reviews/export").then().statusCode(400)
                .body("errors.field", hasItem("from"));
        as("agent").get("/api/v1/reviews").then().statusCode(403);
        as("service").get("/api/v1/reviews/export").then().statusCode(403);
        as("comms").body(Map.of("label", "neutral")).put("/api/v1/reviews/" + UUID.randomUUID() + "/label").then()
                .statusCode(403);
        given().get("/api/v1/reviews").then().statusCode(401);
        given().get("/api/v1/reviews/agreement").then().statusCode(401);
    }
}
