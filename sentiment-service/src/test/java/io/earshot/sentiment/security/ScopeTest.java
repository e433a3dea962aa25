package io.earshot.sentiment.security;

import static io.earshot.testing.ScopeMatrix.filtered;
import static io.earshot.testing.ScopeMatrix.hidden;
import static io.earshot.testing.ScopeMatrix.unscoped;
import static io.earshot.testing.SecurityMatrix.api;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.earshot.contracts.Ids;
import io.earshot.contracts.Topics;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.Author;
import io.earshot.contracts.events.Mention;
import io.earshot.sentiment.pipeline.ScoreResource;
import io.earshot.testing.ScopeMatrix;
import io.earshot.testing.ScopeMatrix.ScopeRow;
import io.earshot.testing.TestTokens;
import io.earshot.testing.TopicWriter;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Brand scopes in the sentiment service (issue #26 finding 1, docs/security.md "Brand and queue scopes"): every
 * endpoint with a user whose token grants the resource's brand and one whose token grants another brand only. Review
 * items, scores and topics of another brand are 404 and left out of listings, exports and agreement figures.
 */
@QuarkusTest
class ScopeTest {
    static final List<String> ROLES = List.of("analyst", "agent", "comms", "admin");

    static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    /** A mention the review gate queues (an ironic text from a large account), scored and queued. */
    static UUID queued(String brand) {
        String externalId = UUID.randomUUID().toString();
        Mention m = new Mention(Mention.SCHEMA_VERSION, Ids.mentionId("mastodon", externalId), "mastodon", externalId,
                "https://mastodon.example/" + externalId, brand, List.of(brand),
                new Author("a" + externalId.substring(0, 8), "@someone", "Someone", 80_000L, false, null),
                "Wow, thanks for losing my package again. Amazing service.", "en", Instant.now(), Instant.now(), null,
                null);
        try (TopicWriter writer = new TopicWriter(
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class))) {
            writer.send(Topics.MENTIONS_RAW, m.kafkaKey(), EventCodec.encode(m));
        }
        await().atMost(Duration.ofSeconds(120)).until(() -> as(TestTokens.token("analyst"))
                .get("/api/v1/reviews/" + m.id()).statusCode() == 200);
        return m.id();
    }

    @Test
    void everyEndpointHidesWhatIsOutsideTheCallersBrands() {
        String brand = "sc" + UUID.randomUUID().toString().substring(0, 8);
        String other = "so" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> in = new HashMap<>();
        Map<String, String> out = new HashMap<>();
        for (String role : ROLES) {
            in.put(role, TestTokens.scoped("in-" + role, List.of(brand), null, role));
            out.put(role, TestTokens.scoped("out-" + role, List.of(other), null, role));
        }
        String pending = queued(brand).toString();
        String labelled = queued(brand).toString();
        as(in.get("analyst")).body(Map.of("label", "negative")).put("/api/v1/reviews/" + labelled + "/label").then()
                .statusCode(200);
        String topics = "/api/v1/brands/" + brand + "/topics";
        String topic = as(in.get("analyst")).body("{\"name\":\"Parcels\",\"keywords\":[\"parcel\"]}").post(topics)
                .then()
                .statusCode(201).extract().path("id");

        List<ScopeRow> rows = List.of(
                filtered(api("GET", "/api/v1/reviews?limit=200"), "analyst", pending),
                hidden(api("GET", "/api/v1/reviews?brand=" + brand), "analyst"),
                hidden(api("GET", "/api/v1/reviews/" + pending), "analyst"),
                hidden(api("PUT", "/api/v1/reviews/" + pending + "/label").json("{\"label\":\"positive\"}"), "analyst"),
                filtered(api("GET", "/api/v1/reviews/export"), "analyst", labelled),
                hidden(api("GET", "/api/v1/reviews/export?brand=" + brand), "analyst"),
                hidden(api("GET", "/api/v1/reviews/agreement?brand=" + brand), "analyst"),
                hidden(api("GET", "/api/v1/scores/" + pending), "agent"),
                hidden(api("GET", topics), "comms"),
                hidden(api("GET", topics + "/" + topic), "comms"),
                hidden(api("POST", topics).json("{\"name\":\"Refunds\",\"keywords\":[\"refund\"]}"), "analyst"),
                hidden(api("PUT", topics + "/" + topic).json("{\"name\":\"Parcel\",\"keywords\":[\"parcel\"],"
                        + "\"version\":0}"), "admin"),
                hidden(api("DELETE", topics + "/" + topic), "analyst"),
                unscoped(api("POST", "/api/v1/scores/preview"), "scores a text given in the request; no brand"));
        ScopeMatrix scope = new ScopeMatrix(SecurityMatrixTest.MATRIX, in, out, rows);
        scope.assertCovers("io.earshot.sentiment", ScoreResource.class);
        scope.check();
        // Out of scope nothing changed: the pending item was labelled only by the in-scope analyst.
        assertThat(as(in.get("analyst")).get("/api/v1/reviews/" + pending).then().statusCode(200).extract()
                .<String>path("review.reviewer")).isEqualTo("in-analyst");
        // The agreement figures without a brand count only the caller's brands.
        assertThat(as(out.get("analyst")).get("/api/v1/reviews/agreement?to=2999-01-01T00:00:00Z").then().statusCode(
                200)
                .extract().<Integer>path("overall.reviewed")).isZero();
    }

    @Test
    void withoutABrandsClaimAnAnalystSeesNoReviewItem() {
        String brand = "sc" + UUID.randomUUID().toString().substring(0, 8);
        String id = queued(brand).toString();
        String bare = TestTokens.scoped("bare-analyst", null, null, "analyst");
        as(bare).get("/api/v1/reviews/" + id).then().statusCode(404).contentType("application/problem+json");
        assertThat(as(bare).get("/api/v1/reviews?limit=200").then().statusCode(200).extract().asString())
                .doesNotContain(id);
        as(TestTokens.scoped("star-analyst", List.of("*"), null, "analyst")).get("/api/v1/reviews/" + id).then()
                .statusCode(200);
    }
}
