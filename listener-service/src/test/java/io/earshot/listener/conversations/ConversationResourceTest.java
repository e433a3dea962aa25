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
        return """
                {"turnId":"%s","speaker":"%s","text":"%s","time":"%s","channel":"web","brand":"SkyAir",
                 "customerHandle":"@ann"}""".formatted(turnId, speaker, text, time);
    }

    static ValidatableResponse post(String conversation, String body, String role) {
        return given().header("Authorization", TestTokens.bearer(role)).contentType(ContentType.JSON).body(body)
                .post("/api/v1/conversations/" + conversation + "/turns").then();
    }

    @Test
    void turnsAreRedactedStoredOncePublishedAsMentionsAndReadBackInOrder() {
        String conv = "conv-" + UUID.randomUUID();
        UUID first = Ids.mentionId("chat", conv + ":t1");
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        try (TopicReader raw = new TopicReader(bootstrap, Topics.MENTIONS_RAW)) {
            post(conv, "[" + turn("t1", "customer", "my bag is lost, mail me at ann@example.com", "2026-12-07T10:00:00Z") + ","
                    + turn("t2", "bot", "Sorry, I didn't understand that.", "2026-12-07T10:00:05Z") + "]", "service")
                    .statusCode(202).body("ids", hasSize(2)).body("ids[0]", equalTo(first.toString()))
                    .body("accepted", equalTo(2)).body("duplicates", equalTo(0));
            ConsumerRecord<String, String> record = raw.awaitRecord(r -> r.value().contains(first.toString()), Duration.ofSeconds(30));
            Mention m = EventCodec.decode(record.value(), Mention.class);
            assertThat(record.key()).isEqualTo("chat:@ann");
            assertThat(m.text()).isEqualTo("my bag is lost, mail me at [EMAIL]");
            assertThat(m.thread().rootId()).isEqualTo(conv);
            assertThat(m.brand()).isEqualTo("skyair");
            assertThat(m.conversation()).isEqualTo(new ConversationRef(conv, "t1", ConversationRef.Speaker.customer, "web"));
        }
        // A single turn is a batch of one; a repeated turn id is a duplicate, whatever its text.
        post(conv, turn("t3", "customer", "I already said my bag is lost", "2026-12-07T10:00:09Z"), "admin").statusCode(202)
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
                .body("assessment", equalTo("escalation:/api/v1/conversations/" + conv));
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
        given().header("Authorization", TestTokens.bearer("service")).get("/api/v1/conversations/nobody-" + UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
    }
}
