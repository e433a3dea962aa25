package io.earshot.sentiment.badinput;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.contracts.Ids;
import io.earshot.contracts.Topics;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.Author;
import io.earshot.contracts.events.ErasureRequest;
import io.earshot.contracts.events.Mention;
import io.earshot.contracts.events.ThreadRef;
import io.earshot.testing.BadInput;
import io.earshot.testing.BadInput.Target;
import io.earshot.testing.PoisonRecords;
import io.earshot.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** The bad-input catalogue against every JSON write endpoint of sentiment-service, and poison on every topic it consumes. */
@QuarkusTest
class BadInputTest {
    static final long LIMIT = BadInput.maxBodyBytes();
    static final Duration WAIT = Duration.ofSeconds(120);
    final Supplier<Map<String, String>> tables = BadInput.serviceTables();

    @Test
    void everyWriteEndpointRefusesEveryKindOfBadInputWithAProblemAndWritesNothing() {
        String brand = "bad" + UUID.randomUUID().toString().substring(0, 8);
        String topics = "/api/v1/brands/" + brand + "/topics";
        String topic = "{\"name\":\"shipping\",\"keywords\":[\"late delivery\",\"parcel\"]}";
        String topicId = given().header("Authorization", TestTokens.bearer("analyst")).contentType(ContentType.JSON)
                .body(topic.replace("shipping", "existing")).post(topics).then().statusCode(201).extract().path("id");
        List<Target> targets = List.of(
                Target.of("PUT", "/api/v1/reviews/" + UUID.randomUUID() + "/label", "analyst",
                        "{\"label\":\"negative\",\"sarcastic\":false,\"distressKind\":\"grief\",\"note\":\"checked\"}",
                        LIMIT)
                        .required("label").enumAt("label"),
                Target.of("POST", topics, "analyst", topic, LIMIT).required("name"),
                Target.of("PUT", topics + "/" + topicId, "analyst", topic.replace("}", ",\"version\":1}"), LIMIT)
                        .required("name"),
                Target.of("POST", "/api/v1/scores/preview", "analyst", "{\"text\":\"not good at all\",\"lang\":\"en\"}",
                        LIMIT)
                        .required("text"));
        // Earlier modules' mentions may still be arriving, a batch (one commit) at a time; the tables are compared
        // only once the scoring consumer has caught up.
        PoisonRecords.awaitCaughtUp(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class),
                "sentiment-service", Topics.MENTIONS_RAW, WAIT);
        BadInput.awaitSettled(tables);
        assertThat(BadInput.verifyAll(targets, tables)).isGreaterThanOrEqualTo(25 * targets.size());
    }

    static String mention() {
        String externalId = UUID.randomUUID().toString();
        return EventCodec.encode(new Mention(Mention.SCHEMA_VERSION, Ids.mentionId("reddit", externalId), "reddit",
                externalId,
                "https://reddit.example/" + externalId, "acme", List.of("acme"),
                new Author("t2_ann", "@ann", "Ann", 10L, false, null), "Love the new app, great job!", "en", Instant
                        .now(),
                Instant.now(), new ThreadRef("t1", null), null));
    }

    @Test
    void poisonOnEveryConsumedTopicIsDeadLetteredAndTheConsumersGoOn() {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        int kinds = PoisonRecords.verify(bootstrap, new PoisonRecords.Consumer(Topics.MENTIONS_RAW,
                Topics.dlq(Topics.MENTIONS_RAW), BadInputTest::mention,
                good -> PoisonRecords.awaitCaughtUp(bootstrap, "sentiment-service", Topics.MENTIONS_RAW, WAIT)), WAIT);
        kinds += PoisonRecords.verify(bootstrap, new PoisonRecords.Consumer(Topics.PRIVACY_ERASURE,
                Topics.dlq(Topics.PRIVACY_ERASURE), () -> EventCodec.encode(new ErasureRequest(
                        ErasureRequest.SCHEMA_VERSION,
                        UUID.randomUUID(), new ErasureRequest.Subject("reddit", "t2_nobody" + UUID.randomUUID(), null),
                        "dpo@example.com", Instant.now())),
                good -> PoisonRecords.awaitCaughtUp(bootstrap, "sentiment-service", Topics.PRIVACY_ERASURE, WAIT)),
                WAIT);
        assertThat(kinds).isEqualTo(2 * PoisonRecords.KINDS.size());
    }
}
