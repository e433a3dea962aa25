package io.earshot.listener.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import io.earshot.contracts.Ids;
import io.earshot.contracts.Topics;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.Mention;
import io.earshot.testing.TestTokens;
import io.earshot.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class MentionResourceTest {
    static final String PATH = "/api/v1/mentions";

    static String mention(String externalId, String text) {
        return """
                {"source":"mastodon","externalId":"%s","url":"https://mastodon.example/@ann/%s","brand":"Acme",
                 "author":{"id":"ann-42","handle":"@ann","displayName":"Ann","followers":120,"verified":false},
                 "text":"%s","lang":"en","createdAt":"2026-11-20T10:00:00Z","thread":{"rootId":null,"parentId":null}}
                """.formatted(externalId, externalId, text);
    }

    static ValidatableResponse post(String body, String... roles) {
        return given().header("Authorization", TestTokens.bearer(roles)).contentType(ContentType.JSON).body(body)
                .post(PATH).then();
    }

    @Test
    void ingestStoresRedactsAndPublishesWithTheTraceContext() {
        String externalId = "pub-" + UUID.randomUUID();
        UUID id = Ids.mentionId("mastodon", externalId);
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        try (TopicReader raw = new TopicReader(bootstrap, Topics.MENTIONS_RAW)) {
            post(mention(externalId, "my card 4111 1111 1111 1111 was charged twice, mail me at ann@example.com"),
                    "service")
                    .statusCode(202)
                    .body("ids", hasSize(1)).body("ids[0]", equalTo(id.toString()))
                    .body("accepted", equalTo(1)).body("duplicates", equalTo(0));

            ConsumerRecord<String, String> record = raw.awaitRecord(r -> r.value().contains(id.toString()), Duration
                    .ofSeconds(30));
            Mention published = EventCodec.decode(record.value(), Mention.class);
            assertThat(record.key()).as("SHA-256 of source:authorId, the author not in clear").isEqualTo(Ids.sha256(
                    "mastodon:ann-42"));
            assertThat(published.text()).isEqualTo("my card [CARD] was charged twice, mail me at [EMAIL]");
            assertThat(published.pii().redacted()).isTrue();
            assertThat(published.pii().kinds()).containsExactly("email", "card");
            assertThat(published.brand()).isEqualTo("acme");
            assertThat(TopicReader.header(record, "traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
        }
        given().header("Authorization", TestTokens.bearer("analyst")).get(PATH + "/" + id).then()
                .statusCode(200).body("text", not(containsString("4111"))).body("pii.redacted", equalTo(true));
    }

    @Test
    void reIngestingTheSameMentionIsADuplicateWithTheSameId() {
        String externalId = "dup-" + UUID.randomUUID();
        String body = "[" + mention(externalId, "first") + "," + mention(externalId, "first again") + "]";
        post(body, "service").statusCode(202).body("ids", hasSize(2)).body("accepted", equalTo(1)).body("duplicates",
                equalTo(1));
        post(mention(externalId, "first"), "admin").statusCode(202).body("accepted", equalTo(0)).body("duplicates",
                equalTo(1))
                .body("ids[0]", equalTo(Ids.mentionId("mastodon", externalId).toString()));
    }

    @Inject
    DedupCache dedup;

    @Test
    void aStaleDedupCacheCannotMakeTheListenerDropAMention() {
        // Redis remembers an id the database does not hold (a recreated or restored database): the mention is stored.
        String externalId = "stale-" + UUID.randomUUID();
        UUID id = Ids.mentionId("mastodon", externalId);
        dedup.remember(java.util.Set.of(id)).await().atMost(Duration.ofSeconds(5));
        assertThat(dedup.known(java.util.List.of(id)).await().atMost(Duration.ofSeconds(5))).containsExactly(id);
        post(mention(externalId, "remembered but never stored"), "service").statusCode(202)
                .body("accepted", equalTo(1)).body("duplicates", equalTo(0));
        given().header("Authorization", TestTokens.bearer("analyst")).get(PATH + "/" + id).then().statusCode(200);
        post(mention(externalId, "remembered but never stored"), "service").statusCode(202).body("duplicates", equalTo(
                1));
    }

    @Test
    void aBatchIsAcceptedWhole() {
        String a = "batch-a-" + UUID.randomUUID();
        String b = "batch-b-" + UUID.randomUUID();
        post("[" + mention(a, "one") + "," + mention(b, "two") + "]", "service").statusCode(202).body("accepted",
                equalTo(2));
    }

    @Test
    void missingFieldsAreNamedInTheProblem() {
        post("{\"source\":\"mastodon\",\"brand\":\"acme\"}", "service")
                .statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors.field", hasItem("externalId"))
                .body("errors.field", hasItem("author"))
                .body("errors.field", hasItem("text"))
                .body("errors.field", hasItem("createdAt"));
    }

    @Test
    void batchErrorsCarryTheIndexAndNothingIsStored() {
        String ok = "partial-" + UUID.randomUUID();
        post("[" + mention(ok, "fine") + ",{\"source\":\"BAD SOURCE\"}]", "service")
                .statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("[1].source"));
        given().header("Authorization", TestTokens.bearer("analyst"))
                .get(PATH + "/" + Ids.mentionId("mastodon", ok)).then().statusCode(404).contentType(
                        "application/problem+json");
    }

    @Test
    void wrongTypesAndBadTimestampsAreRejected() {
        post(mention("t-" + UUID.randomUUID(), "x").replace("\"followers\":120", "\"followers\":\"many\""), "service")
                .statusCode(400).body("errors.field", hasItem("author.followers"));
        post(mention("t-" + UUID.randomUUID(), "x").replace("2026-11-20T10:00:00Z", "yesterday"), "service")
                .statusCode(400).body("errors.field", hasItem("createdAt"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{not json", "\"a string\"", "42", "[]", "null", "[1,2]"})
    void malformedBodiesGetAProblemNeverA500(String body) {
        post(body, "service").statusCode(400).contentType("application/problem+json").body("title", equalTo(
                "Bad Request"));
    }

    @Test
    void wrongContentTypeIs415() {
        given().header("Authorization", TestTokens.bearer("service")).contentType(ContentType.TEXT).body("hello")
                .post(PATH).then().statusCode(415).contentType("application/problem+json");
    }

    @Test
    void injectionStringsAreStoredInert() {
        String externalId = "inj-" + UUID.randomUUID();
        String text = "'; drop table mentions; -- <script>alert(1)</script>";
        post(mention(externalId, text), "service").statusCode(202).body("accepted", equalTo(1));
        given().header("Authorization", TestTokens.bearer("analyst")).get(PATH + "/" + Ids.mentionId("mastodon",
                externalId))
                .then().statusCode(200).body("text", equalTo(text));
    }

    @Test
    void unknownMentionIs404Problem() {
        given().header("Authorization", TestTokens.bearer("analyst")).get(PATH + "/" + UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json").body("detail", containsString(
                        "not found"));
    }

    @Test
    void malformedIdIs404Or400NotA500() {
        int status = given().header("Authorization", TestTokens.bearer("analyst")).get(PATH + "/not-a-uuid")
                .then().contentType("application/problem+json").extract().statusCode();
        assertThat(status).isIn(400, 404);
    }
}
