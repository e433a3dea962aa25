package io.earshot.listener.privacy;

import static io.earshot.listener.privacy.PrivacyApi.count;
import static io.earshot.listener.privacy.PrivacyApi.subject;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.earshot.contracts.Ids;
import io.earshot.contracts.Topics;
import io.earshot.platform.privacy.Subjects;
import io.earshot.testing.TestTokens;
import io.earshot.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** The opt-out list: admin API (hashes only), and the push and import paths dropping opted-out authors. */
@QuarkusTest
class OptOutTest {
    static final String PATH = "/api/v1/opt-outs";
    final String run = UUID.randomUUID().toString().substring(0, 8);
    final String brand = "oo" + run;

    @Test
    void theOptOutApiIsForAdminsKeepsOnlyHashesAndIsIdempotent() {
        String body = subject("mastodon", "u-" + run, "@Jo" + run);
        given().contentType(ContentType.JSON).body(body).post(PATH).then().statusCode(401);
        for (String role : new String[]{"service", "analyst", "agent"}) {
            given().header("Authorization", TestTokens.bearer(role)).contentType(ContentType.JSON).body(body).post(PATH)
                    .then().statusCode(403);
            given().header("Authorization", TestTokens.bearer(role)).get(PATH).then().statusCode(403);
        }
        admin().body("{}").post(PATH).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("subject"));
        admin().body("{\"subject\":{\"authorId\":\"x\"}}").post(PATH).then().statusCode(400)
                .body("errors.field", hasItem("subject.source"));
        admin().body("{\"subject\":{\"source\":\"mastodon\",\"handle\":\"@\"}}").post(PATH).then().statusCode(400)
                .body("errors.field", hasItem("subject.authorId"));
        admin().body("{\"subject\":{\"source\":\"mastodon\",\"authorId\":7}}").post(PATH).then().statusCode(400)
                .body("errors.field", hasItem("subject.authorId"));
        admin().body("[1]").post(PATH).then().statusCode(400).contentType("application/problem+json");

        String created = admin().body(body).post(PATH).then().statusCode(201)
                .body("authorHash", equalTo(Subjects.sha256("mastodon:u-" + run)))
                .body("handleHash", equalTo(Subjects.sha256("mastodon:@jo" + run)))
                .body("createdBy", equalTo("test-admin"))
                .extract().asString();
        assertThat(created).doesNotContain("u-" + run).doesNotContainIgnoringCase("jo" + run);
        String id = JsonPath.from(created).getString("id");
        // Again, or by the handle alone: the same entry.
        admin().body(body).post(PATH).then().statusCode(201).body("id", equalTo(id));
        admin().body(subject("mastodon", null, "jo" + run)).post(PATH).then().statusCode(201).body("id", equalTo(id));
        assertThat(count("select count(*) from opt_outs where source = 'mastodon' and handle_hash = ?",
                Subjects.sha256("mastodon:@jo" + run))).isEqualTo(1);
        assertThat(count(
                "select count(*) from opt_outs where concat(source, author_hash, handle_hash, created_by) like ?", "%"
                        + run + "%"))
                .isZero();

        admin().get(PATH + "/" + id).then().statusCode(200).body("source", equalTo("mastodon"));
        admin().queryParam("limit", 200).get(PATH).then().statusCode(200).body("items.id", hasItem(id));
        admin().delete(PATH + "/" + id).then().statusCode(204);
        admin().get(PATH + "/" + id).then().statusCode(404).contentType("application/problem+json");
        admin().delete(PATH + "/" + id).then().statusCode(404);
        admin().queryParam("limit", 200).get(PATH).then().statusCode(200).body("items.id", not(hasItem(id)));
    }

    @Test
    void pushedMentionsOfAnOptedOutAuthorAreNeverStoredNorPublishedAndAreCounted() {
        String optOut = PrivacyApi.optOut("forum", null, "@Quiet" + run);
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        try (TopicReader raw = new TopicReader(bootstrap, Topics.MENTIONS_RAW)) {
            String batch = "[" + mention("q1-" + run, "qa-" + run, "quiet" + run, "first words")
                    + "," + mention("q2-" + run, "qb-" + run, "@QUIET" + run, "other words")
                    + "," + mention("l1-" + run, "loud-" + run, "loud" + run, "loud words") + "]";
            given().header("Authorization", TestTokens.bearer("service")).contentType(ContentType.JSON).body(batch)
                    .post("/api/v1/mentions").then().statusCode(202)
                    .body("accepted", equalTo(1)).body("duplicates", equalTo(0)).body("optedOut", equalTo(2))
                    .body("ids.size()", equalTo(3));
            for (String ext : new String[]{"q1-" + run, "q2-" + run}) {
                given().header("Authorization", TestTokens.bearer("analyst")).get("/api/v1/mentions/" + Ids.mentionId(
                        "forum", ext))
                        .then().statusCode(404);
            }
            raw.awaitRecord(r -> r.value().contains("l1-" + run), Duration.ofSeconds(60));
            assertThat(raw.records()).noneMatch(r -> r.value().contains("q1-" + run) || r.value().contains("q2-"
                    + run));
            assertThat(count("select count(*) from mentions where brand = ?", brand)).isEqualTo(1);
            assertThat(count("select count(*) from outbox where payload like ?", "%quiet" + run + "%")).isZero();
        } finally {
            PrivacyApi.removeOptOut(optOut);
        }
        // Once the opt-out is removed, the author is ingested again.
        given().header("Authorization", TestTokens.bearer("service")).contentType(ContentType.JSON)
                .body(mention("q3-" + run, "qa-" + run, "quiet" + run, "back again")).post("/api/v1/mentions").then()
                .statusCode(202).body("accepted", equalTo(1)).body("optedOut", equalTo(0));
    }

    @Test
    void importedMentionsOfAnOptedOutAuthorAreDroppedAndCountedInTheImport() {
        String optOut = PrivacyApi.optOut("chat", "cust-out-" + run, null);
        try {
            String file = "{\"text\":\"chat " + run + " one\",\"author\":\"cust-out-" + run
                    + "\",\"createdAt\":\"2026-11-20T10:00:00Z\"}\n"
                    + "{\"text\":\"chat " + run + " two\",\"author\":\"cust-out-" + run
                    + "\",\"createdAt\":\"2026-11-20T10:01:00Z\"}\n"
                    + "{\"text\":\"chat " + run + " three\",\"author\":\"cust-in-" + run
                    + "\",\"createdAt\":\"2026-11-20T10:02:00Z\"}\n";
            String id = given().header("Authorization", TestTokens.bearer("service")).contentType(
                    "application/x-ndjson")
                    .queryParam("brand", brand).queryParam("source", "chat").body(file.getBytes(StandardCharsets.UTF_8))
                    .post("/api/v1/imports").then().statusCode(202).extract().path("id");
            JsonPath done = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                    .until(() -> given().header("Authorization", TestTokens.bearer("service")).get("/api/v1/imports/"
                            + id)
                            .then().statusCode(200).extract().jsonPath(), p -> !"RUNNING".equals(p.getString("state")));
            assertThat(done.getString("state")).isEqualTo("DONE");
            assertThat(done.getLong("rowsRead")).isEqualTo(3);
            assertThat(done.getLong("accepted")).isEqualTo(1);
            assertThat(done.getLong("optedOut")).isEqualTo(2);
            assertThat(done.getLong("failed")).isZero();
            assertThat(count("select count(*) from mentions where author_id = ?", "cust-out-" + run)).isZero();
            assertThat(count("select count(*) from mentions where author_id = ?", "cust-in-" + run)).isEqualTo(1);
        } finally {
            PrivacyApi.removeOptOut(optOut);
        }
    }

    String mention(String externalId, String authorId, String handle, String text) {
        return """
                {"source":"forum","externalId":"%s","brand":"%s","author":{"id":"%s","handle":"%s"},
                 "text":"%s %s","createdAt":"2026-11-20T10:00:00Z"}""".formatted(externalId, brand, authorId, handle,
                text, run);
    }

    static io.restassured.specification.RequestSpecification admin() {
        return given().header("Authorization", TestTokens.bearer("admin")).contentType(ContentType.JSON);
    }
}
