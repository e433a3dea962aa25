package io.earshot.escalation;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.earshot.contracts.Ids;
import io.earshot.contracts.Topics;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.Author;
import io.earshot.contracts.events.Distress;
import io.earshot.contracts.events.Emotions;
import io.earshot.contracts.events.Mention;
import io.earshot.contracts.events.Pii;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.contracts.events.Scores;
import io.earshot.contracts.events.SentimentLabel;
import io.earshot.contracts.events.ThreadRef;
import io.earshot.testing.TestTokens;
import io.earshot.testing.TopicWriter;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;

/** Scored mentions for tests, published on the test broker, and quick reads of the cases they open. */
public final class Fixtures {
    /** How long tests wait for asynchronous outcomes; generous because the CI machines are shared and slow. */
    public static final Duration PATIENCE = Duration.ofSeconds(120);
    private static TopicWriter writer;

    private Fixtures() {}

    /** A mention builder with sensible defaults: a negative post by a small account. */
    public static final class M {
        public String brand;
        public String source = "reddit";
        public String author = "ann";
        public String thread = "t1";
        public long followers = 150;
        public boolean verified;
        public String text = "this is not ok";
        public double sentiment = -0.8;
        public double urgency = 0.1;
        public double sarcasm;
        public Distress distress = Distress.NONE;
        public Emotions emotions = Emotions.NONE;
        public List<String> topics = List.of();
        /** Kinds of personal data the listener redacted from the text (email, phone, ...). */
        public List<String> pii = List.of();

        public M(String brand) {
            this.brand = brand;
        }

        public ScoredMention build() {
            String externalId = UUID.randomUUID().toString();
            Mention m = new Mention(Mention.SCHEMA_VERSION, Ids.mentionId(source, externalId), source, externalId,
                    "https://" + source + ".example/" + externalId, brand, List.of(brand),
                    new Author(author, "@" + author, author, followers, verified, null), text, "en", Instant.now(),
                    Instant.now(), new ThreadRef(thread, null), new Pii(!pii.isEmpty(), pii));
            return new ScoredMention(ScoredMention.SCHEMA_VERSION, m, new Scores(sentiment,
                    sentiment < 0 ? SentimentLabel.negative : SentimentLabel.positive, emotions, urgency, distress,
                    sarcasm,
                    topics, List.of()), "test", Instant.now());
        }
    }

    public static String brand() {
        return "b" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    public static synchronized void publish(ScoredMention s) {
        if (writer == null) {
            writer = new TopicWriter(bootstrap());
        }
        writer.send(Topics.MENTIONS_SCORED, s.mention().kafkaKey(), EventCodec.encode(s));
    }

    public static ScoredMention publish(M m) {
        ScoredMention s = m.build();
        publish(s);
        return s;
    }

    public static JsonPath cases(String brand) {
        return given().header("Authorization", TestTokens.bearer("lead")).queryParam("brand", brand)
                .get("/api/v1/cases").then().statusCode(200).extract().jsonPath();
    }

    /** Waits for the brand's only case and returns its id. */
    public static String awaitCase(String brand) {
        return await().atMost(PATIENCE).until(() -> cases(brand).getString("items[0].id"), v -> v != null);
    }

    public static JsonPath caseById(String id) {
        return given().header("Authorization", TestTokens.bearer("agent")).get("/api/v1/cases/" + id)
                .then().statusCode(200).extract().jsonPath();
    }
}
