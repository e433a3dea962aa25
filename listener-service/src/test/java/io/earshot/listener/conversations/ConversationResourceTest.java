package io.earshot.listener.conversations;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import io.earshot.contracts.Ids;
import io.earshot.contracts.Topics;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.ConversationRef;
import io.earshot.contracts.events.Mention;
import io.earshot.testing.TestTokens;
import io.earshot.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ConversationResourceTest {
    static String turn(String turnId, String speaker, String text, String time) {
        return turn("SkyAir", turnId, speaker, text, time);
    }

    static String turn(String brand, String turnId, String speaker, String text, String time) {
        return """
                {"turnId":"%s","speaker":"%s","text":"%s","time":"%s","channel":"web","brand":"%s",
                 "customerHandle":"@ann"}""".formatted(turnId, speaker, text, time, brand);
    }

    static ValidatableResponse post(String conversation, String body, String role) {
        return given().header("Authorization", TestTokens.bearer(role)).contentType(ContentType.JSON).body(body)
                .post("/api/v1/conversations/" + conversation + "/turns").then();
    }

    @Test
    void turnsAreRedactedStoredOncePublishedAsMentionsAndReadBackInOrder() {
        String conv = "conv-" + UUID.randomUUID();
        UUID first = Ids.mentionId("chat", "skyair/" + conv + "/t1");
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        try (TopicReader raw = new TopicReader(bootstrap, Topics.MENTIONS_RAW)) {
            post(conv, "[" + turn("t1", "customer", "my bag is lost, mail me at ann@example.com",
                    "2026-12-07T10:00:00Z") + ","
                    + turn("t2", "bot", "Sorry, I didn't understand that.", "2026-12-07T10:00:05Z") + "]", "service")
                    .statusCode(202).body("ids", hasSize(2)).body("ids[0]", equalTo(first.toString()))
                    .body("accepted", equalTo(2)).body("duplicates", equalTo(0));
            ConsumerRecord<String, String> record = raw.awaitRecord(r -> r.value().contains(first.toString()), Duration
                    .ofSeconds(30));
            Mention m = EventCodec.decode(record.value(), Mention.class);
            assertThat(record.key()).as("the author's subject hash, not the handle").isEqualTo(Ids.subjectHash("chat", m
                    .author()
                    .id())).doesNotContainIgnoringCase("ann");
            assertThat(m.text()).isEqualTo("my bag is lost, mail me at [EMAIL]");
            assertThat(m.thread().rootId()).isEqualTo(conv);
            assertThat(m.brand()).isEqualTo("skyair");
            assertThat(m.conversation()).isEqualTo(new ConversationRef(conv, "t1", ConversationRef.Speaker.customer,
                    "web"));
            // Turns stay out of the brand's near-duplicate index (and its lock): common phrasing across chats is no campaign.
            assertThat(m.nearDuplicate()).isNull();
        }
        // A single turn is a batch of one; a repeated turn id is a duplicate, whatever its text.
        post(conv, turn("t3", "customer", "I already said my bag is lost", "2026-12-07T10:00:09Z"), "admin").statusCode(
                202)
                .body("accepted", equalTo(1));
        post(conv, turn("t1", "customer", "edited text", "2026-12-07T10:00:00Z"), "service").statusCode(202)
                .body("accepted", equalTo(0)).body("duplicates", equalTo(1)).body("ids[0]", equalTo(first.toString()));
        given().header("Authorization", TestTokens.bearer("agent")).get("/api/v1/conversations/" + conv).then()
                .statusCode(200).body("brand", equalTo("skyair")).body("channel", equalTo("web"))
                .body("customerHandle", equalTo("@ann"))
                .body("turns.turnId", org.hamcrest.Matchers.contains("t1", "t2", "t3"))
                .body("turns.speaker", org.hamcrest.Matchers.contains("customer", "bot", "customer"))
                .body("turns[0].text", equalTo("my bag is lost, mail me at [EMAIL]"))
                .body("turns[0].pii", org.hamcrest.Matchers.contains("email"))
                .body("assessment", equalTo("escalation:/api/v1/conversations/" + conv + "?brand=skyair"));
    }

    @Test
    void twoBrandsMayUseTheSameConversationIdWithoutColliding() {
        String conv = "shared-" + UUID.randomUUID();
        String a = "brand-a" + UUID.randomUUID().toString().substring(0, 6);
        String b = "brand-b" + UUID.randomUUID().toString().substring(0, 6);
        String idA = post(conv, turn(a, "1", "customer", "where is my parcel", "2026-12-07T10:00:00Z"), "service")
                .statusCode(202).body("accepted", equalTo(1)).extract().path("ids[0]");
        // The same conversation and turn id for another brand is another turn, not a duplicate of the first.
        String idB = post(conv, turn(b, "1", "customer", "my card was charged twice", "2026-12-07T10:00:01Z"),
                "service")
                .statusCode(202).body("accepted", equalTo(1)).body("duplicates", equalTo(0)).extract().path("ids[0]");
        assertThat(idB).isNotEqualTo(idA);
        assertThat(idA).isEqualTo(Ids.mentionId("chat", ConversationRef.externalId(a, conv, "1")).toString());
        // Each brand's retry is still a duplicate of its own turn.
        post(conv, turn(b, "1", "customer", "my card was charged twice", "2026-12-07T10:00:01Z"), "service")
                .statusCode(202).body("accepted", equalTo(0)).body("duplicates", equalTo(1));

        given().header("Authorization", TestTokens.bearer("agent")).queryParam("brand", b).get("/api/v1/conversations/"
                + conv)
                .then().statusCode(200).body("brand", equalTo(b)).body("turns.text", org.hamcrest.Matchers.contains(
                        "my card was charged twice"));
        // Unscoped, the id alone is ambiguous: a 409 that says to name the brand.
        given().header("Authorization", TestTokens.bearer("agent")).get("/api/v1/conversations/" + conv).then()
                .statusCode(409).contentType("application/problem+json").body("detail", org.hamcrest.Matchers
                        .containsString("?brand="));
        // A caller scoped to one brand sees its own conversation only, without naming it.
        String scopedToA = TestTokens.scoped("bot-a", java.util.List.of(a), null, "service");
        given().header("Authorization", "Bearer " + scopedToA).get("/api/v1/conversations/" + conv).then()
                .statusCode(200).body("brand", equalTo(a)).body("turns.text", org.hamcrest.Matchers.contains(
                        "where is my parcel"));
    }

    @Test
    void badTurnsAreNamedInTheProblemAndUnknownConversationsAre404() {
        post("c1", "{\"turnId\":\"1\",\"speaker\":\"robot\",\"text\":\"hi\"}", "service").statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("speaker"));
        post("c1", "{\"turnId\":\"1\",\"speaker\":\"bot\",\"text\":\"\"}", "service").statusCode(400)
                .body("errors.field", hasItem("text")).body("errors.field", hasItem("time"))
                .body("errors.field", hasItem("brand")).body("errors.field", hasItem("customerHandle"));
        post("bad%20id", turn("1", "bot", "hi", "2026-12-07T10:00:00Z"), "service").statusCode(400)
                .body("errors.field", hasItem("id"));
        post("c1", "[]", "service").statusCode(400);
        given().header("Authorization", TestTokens.bearer("service")).get("/api/v1/conversations/nobody-" + UUID
                .randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
    }
}
