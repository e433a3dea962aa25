package io.earshot.map.maps;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.earshot.contracts.Ids;
import io.earshot.contracts.Topics;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.Author;
import io.earshot.contracts.events.Event;
import io.earshot.contracts.events.InsightCandidate;
import io.earshot.contracts.events.Mention;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.contracts.events.Scores;
import io.earshot.contracts.events.SentimentLabel;
import io.earshot.contracts.events.Zone;
import io.earshot.testing.TestTokens;
import io.earshot.testing.TopicWriter;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.ConfigProvider;

/** Candidates, scored mentions and erasure requests on the real test broker, and REST helpers. */
public final class MapFixtures {
    /**
     * How long a test waits for the service. Generous on purpose: in a full `bin/earshot test` run the broker is shared
     * by the modules that ran before, and map's mentions.scored consumer (auto.offset.reset=earliest) first works
     * through the thousands of scored mentions they left before it reaches the first one of these tests.
     */
    public static final Duration WAIT = Duration.ofSeconds(120);

    private MapFixtures() {}

    public static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    public static String brand(String purpose) {
        return purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static RequestSpecification as(String role) {
        return given().header("Authorization", TestTokens.bearer(role));
    }

    public static UUID mention() {
        return Ids.mentionId("mastodon", "m-" + UUID.randomUUID());
    }

    public static InsightCandidate candidate(String brand, Zone zone, String theme, String text, Instant seen,
            UUID... mentions) {
        List<UUID> ids = mentions.length == 0 ? List.of(mention()) : List.of(mentions);
        return new InsightCandidate(InsightCandidate.SCHEMA_VERSION, Ids.candidateId(ids.get(0), zone.name(), theme),
                brand,
                "default", zone, text, theme, ids, ids.size(), seen, seen);
    }

    public static void send(String topic, String key, Event event) {
        try (TopicWriter writer = new TopicWriter(bootstrap())) {
            writer.send(topic, key, EventCodec.encode(event), Map.of());
        }
    }

    /** Mentions whose scored event a test sent already (so {@link #arrive} does not send another). */
    private static final Set<UUID> SCORED = ConcurrentHashMap.newKeySet();

    /**
     * Sends a candidate and waits until the service stored it. As in the pipeline, each of its mentions' scored event
     * is published too (unless the test sent one), so the candidate is assigned to its persona without waiting.
     */
    public static InsightCandidate arrive(InsightCandidate c) {
        return arrive(c, WAIT);
    }

    /** {@link #arrive(InsightCandidate)} waiting up to {@code wait} (a test class run alone meets a cold consumer). */
    public static InsightCandidate arrive(InsightCandidate c, Duration wait) {
        try (TopicWriter writer = new TopicWriter(bootstrap())) {
            for (UUID m : c.evidenceMentionIds()) {
                if (!SCORED.contains(m)) {
                    ScoredMention s = scored(m, c.brand(), "author-" + m, null, c.text(), List.of());
                    writer.send(Topics.MENTIONS_SCORED, "mastodon:author-" + m, EventCodec.encode(s), Map.of());
                }
            }
            writer.send(Topics.INSIGHTS_CANDIDATES, c.brand(), EventCodec.encode(c), Map.of());
        }
        await().atMost(wait).until(() -> as("analyst").get("/api/v1/candidates/" + c.id()).then().extract()
                .statusCode() == 200);
        return c;
    }

    static final String[] OUTAGE = {
            "Can't work from home when the internet drops every afternoon",
            "Internet drops again, I can't work from home today",
            "Working from home is impossible, the internet drops every hour",
            "The internet drops whenever I work from home on video calls",
    };

    /** {@code n} look-alike PAINS candidates of {@code theme} (one author each): enough to form a reviewable cluster. */
    public static List<InsightCandidate> outage(String brand, String theme, int n) {
        List<InsightCandidate> out = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(arrive(candidate(brand, Zone.PAINS, theme, OUTAGE[i % OUTAGE.length], Instant.now())));
        }
        return out;
    }

    public static JsonPath candidateJson(UUID id) {
        return as("analyst").get("/api/v1/candidates/" + id).then().statusCode(200).extract().jsonPath();
    }

    /** Validates a candidate as is; the id of the item it fed. */
    public static String validate(InsightCandidate c) {
        return as("analyst").contentType("application/json").body("{}")
                .post("/api/v1/candidates/" + c.id() + "/validate").then().statusCode(200)
                .extract().path("itemId");
    }

    public static JsonPath map(String brand) {
        return as("service").get("/api/v1/maps/" + brand + "/default").then().statusCode(200).extract().jsonPath();
    }

    static ScoredMention scored(UUID id, String brand, String authorId, String handle, String text) {
        return scored(id, brand, authorId, handle, text, List.of("loyalty"));
    }

    static ScoredMention scored(UUID id, String brand, String authorId, String handle, String text,
            List<String> topics) {
        return scored(id, "mastodon", brand, authorId, handle, text, topics);
    }

    /** A scored mention with the given facts; remembered, so that {@link #arrive} does not send another. */
    static ScoredMention scored(UUID id, String source, String brand, String authorId, String handle, String text,
            List<String> topics) {
        SCORED.add(id);
        Mention m = new Mention(Mention.SCHEMA_VERSION, id, source, "x-" + id, "https://example.social/" + id, brand,
                List.of(brand), new Author(authorId, handle, "Someone", 10L, false, Instant.parse(
                        "2020-01-01T00:00:00Z")),
                text, "en", Instant.now(), Instant.now(), null, null);
        Scores scores = new Scores(0.2, SentimentLabel.positive, null, 0.1, null, 0.0, topics, null);
        return new ScoredMention(ScoredMention.SCHEMA_VERSION, m, scores, "test-1", Instant.now());
    }
}
