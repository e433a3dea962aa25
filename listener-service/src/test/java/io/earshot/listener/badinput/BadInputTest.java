package io.earshot.listener.badinput;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.contracts.Topics;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.ErasureDone;
import io.earshot.contracts.events.ErasureRequest;
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

/**
 * The bad-input catalogue against every JSON write endpoint of listener-service, the file catalogue against its bulk
 * import, poison on every topic it consumes, and injection strings in mentions, stored verbatim and returned as JSON.
 */
@QuarkusTest
class BadInputTest {
    static final long LIMIT = BadInput.maxBodyBytes();
    static final Duration WAIT = Duration.ofSeconds(120);
    static final String MENTIONS = "[{\"source\":\"reddit\",\"externalId\":\"bad-input-1\",\"url\":\"https://reddit.example/1\","
            + "\"brand\":\"acme\",\"text\":\"the app is down again\",\"lang\":\"en\",\"createdAt\":\"2026-11-20T08:00:00Z\","
            + "\"author\":{\"id\":\"t2_ann\",\"handle\":\"ann\",\"displayName\":\"Ann\",\"followers\":10,\"verified\":false},"
            + "\"thread\":{\"rootId\":\"r1\"}}]";
    static final String SOURCE = "{\"kind\":\"rss\",\"brand\":\"acme\",\"query\":\"acme\",\"pollInterval\":\"PT5M\","
            + "\"status\":\"PAUSED\",\"config\":{\"feedUrl\":\"https://feeds.example/rss.xml\"}}";
    final Supplier<Map<String, String>> tables = BadInput.serviceTables();

    @Test
    void everyWriteEndpointRefusesEveryKindOfBadInputWithAProblemAndWritesNothing() {
        String sourceId = given().header("Authorization", TestTokens.bearer("admin")).contentType(ContentType.JSON)
                .body(SOURCE).post("/api/v1/sources").then().statusCode(201).extract().path("id");
        List<Target> targets = List.of(
                Target.of("POST", "/api/v1/mentions", "service", MENTIONS, LIMIT).required("0.text")
                        .timestampAt("0.createdAt").countAt("0.author.followers"),
                Target.of("POST", "/api/v1/sources", "admin", SOURCE, LIMIT).required("kind").enumAt("kind"),
                Target.of("PATCH", "/api/v1/sources/" + sourceId, "admin", "{\"query\":\"acme OR acmecorp\"}", LIMIT),
                Target.of("POST", "/api/v1/erasures", "admin",
                        "{\"subject\":{\"source\":\"reddit\",\"authorId\":\"t2_erase\"},\"optOut\":false}", LIMIT)
                        .required("subject"),
                Target.of("POST", "/api/v1/opt-outs", "admin",
                        "{\"subject\":{\"source\":\"reddit\",\"authorId\":\"t2_out\"}}",
                        LIMIT).required("subject"));
        BadInput.awaitSettled(tables);
        assertThat(BadInput.verifyAll(targets, tables)).isGreaterThanOrEqualTo(25 * targets.size());
    }

    @Test
    void theBulkImportRefusesEveryKindOfBadFileWithAProblemAndWritesNothing() {
        String imports = "/api/v1/imports?brand=acme&source=bad-input";
        List<Target> targets = List.of(
                Target.of("POST", imports, "service", "externalId,text,createdAt\n"
                        + "bad-input-csv-1,the app is down again,2026-11-20T08:00:00Z\n", LIMIT),
                Target.of("POST", imports, "admin",
                        "{\"externalId\":\"bad-input-jsonl-1\",\"text\":\"the app is down again\","
                                + "\"createdAt\":\"2026-11-20T08:00:00Z\"}\n", LIMIT));
        BadInput.awaitSettled(tables);
        assertThat(BadInput.verifyAll(targets, BadInput::uploadCatalogue, 17, tables)).isGreaterThanOrEqualTo(17 * 2);
    }

    @Test
    void injectionStringsInAMentionAreStoredVerbatimAndReturnedAsJson() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < BadInput.INJECTIONS.size(); i++) {
            String mention = BadInput.withText(MENTIONS.substring(1, MENTIONS.length() - 1), "text",
                    "complaint " + run + " " + BadInput.INJECTIONS.get(i));
            mention = BadInput.withText(mention, "externalId", "injection-" + run + "-" + i);
            mention = BadInput.withText(mention, "author.displayName", BadInput.INJECTIONS.get(i));
            batch.append(i == 0 ? "" : ",").append(mention);
        }
        List<String> ids = given().header("Authorization", TestTokens.bearer("service")).contentType(ContentType.JSON)
                .body(batch.append(']').toString()).post("/api/v1/mentions").then().statusCode(202)
                .body("accepted", org.hamcrest.Matchers.equalTo(BadInput.INJECTIONS.size())).extract().jsonPath()
                .getList("ids", String.class);
        for (int i = 0; i < BadInput.INJECTIONS.size(); i++) {
            io.restassured.response.Response r = given().header("Authorization", TestTokens.bearer("analyst"))
                    .get("/api/v1/mentions/" + ids.get(i));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.contentType()).startsWith("application/json");
            assertThat(r.jsonPath().getString("text")).isEqualTo("complaint " + run + " " + BadInput.INJECTIONS.get(i));
            assertThat(r.jsonPath().getString("author.displayName")).isEqualTo(BadInput.INJECTIONS.get(i));
        }
        // The SQL string did nothing: the tables are all there and the earlier mentions still read back.
        assertThat(tables.get()).containsKeys("mentions", "imports");
        given().header("Authorization", TestTokens.bearer("analyst")).get("/api/v1/mentions/" + ids.get(0)).then()
                .statusCode(200);
    }

    @Test
    void poisonOnEveryConsumedTopicIsDeadLetteredAndTheConsumersGoOn() {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        int kinds = PoisonRecords.verify(bootstrap, new PoisonRecords.Consumer(Topics.PRIVACY_ERASURE,
                Topics.dlq(Topics.PRIVACY_ERASURE), () -> EventCodec.encode(new ErasureRequest(
                        ErasureRequest.SCHEMA_VERSION,
                        UUID.randomUUID(), new ErasureRequest.Subject("reddit", "t2_nobody" + UUID.randomUUID(), null),
                        "dpo@example.com", Instant.now())),
                good -> PoisonRecords.awaitCaughtUp(bootstrap, "listener-service", Topics.PRIVACY_ERASURE, WAIT)),
                WAIT);
        kinds += PoisonRecords.verify(bootstrap, new PoisonRecords.Consumer(Topics.PRIVACY_ERASURE_DONE,
                Topics.dlq(Topics.PRIVACY_ERASURE_DONE), () -> EventCodec.encode(new ErasureDone(
                        ErasureDone.SCHEMA_VERSION,
                        UUID.randomUUID(), "map", 0, Instant.now())),
                good -> PoisonRecords.awaitCaughtUp(bootstrap, "listener-service", Topics.PRIVACY_ERASURE_DONE, WAIT)),
                WAIT);
        assertThat(kinds).isEqualTo(2 * PoisonRecords.KINDS.size());
    }
}
