package io.earshot.listener.privacy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.earshot.contracts.Ids;
import io.earshot.contracts.Topics;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.Mention;
import io.earshot.platform.privacy.SubjectKeys;
import io.earshot.testing.TestTokens;
import io.earshot.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Crypto-shredding in the listener: a mention is stored in clear, and published on mentions.raw with its personal
 * fields sealed under its author's data key from the vault; the record names no one and opens with that key to the
 * mention as stored.
 */
@QuarkusTest
@TestProfile(SealedOutboxTest.Sealing.class)
class SealedOutboxTest {
    /** Sealing as in production (the test profile turns it off for the tests that read mentions.raw in clear). */
    public static class Sealing implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("earshot.privacy.seal-mentions", "true");
        }
    }

    static final Duration WAIT = Duration.ofSeconds(90);
    final String run = UUID.randomUUID().toString().substring(0, 8);
    final String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);

    @Inject
    SubjectKeys keys;

    @Test
    void aMentionLeavesSealedUnderItsAuthorsKeyAndIsStoredInClear() throws Throwable {
        String externalId = "sealed-" + run;
        String authorId = "ann-" + run;
        UUID id = Ids.mentionId("mastodon", externalId);
        try (TopicReader raw = new TopicReader(bootstrap, Topics.MENTIONS_RAW)) {
            given().header("Authorization", TestTokens.bearer("service")).contentType(ContentType.JSON).body(
                    """
                            {"source":"mastodon","externalId":"%s","brand":"acme","author":{"id":"%s","handle":"@ann_%s",
                             "displayName":"Ann Sealed %s"},"text":"the refund for %s never came","createdAt":"2026-11-20T10:00:00Z"}"""
                            .formatted(externalId, authorId, run, run, run)).post("/api/v1/mentions").then()
                    .statusCode(202).body("accepted", equalTo(1));

            ConsumerRecord<String, String> published = raw.awaitRecord(r -> r.value().contains(id.toString()), WAIT);
            assertThat(published.value()).doesNotContain(run).doesNotContain("refund");
            Mention sealed = EventCodec.decode(published.value(), Mention.class);
            String subject = Ids.subjectHash("mastodon", authorId);
            assertThat(sealed.sealedSubject()).isEqualTo(subject);
            assertThat(published.key()).isEqualTo(subject);
            byte[] key = VertxContextSupport.subscribeAndAwait(() -> keys.find(List.of(subject))).get(subject);
            Mention opened = sealed.open(key);
            assertThat(opened.author().id()).isEqualTo(authorId);
            assertThat(opened.text()).isEqualTo("the refund for " + run + " never came");
            assertThat(opened.externalId()).isEqualTo(externalId);
        }
        given().header("Authorization", TestTokens.bearer("analyst")).get("/api/v1/mentions/" + id).then()
                .statusCode(200).body("author.id", equalTo(authorId)).body("text", equalTo("the refund for " + run
                        + " never came"));
    }
}
