package io.earshot.listener.sources;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.earshot.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class SourceResourceTest {
    /** A loopback port nothing listens on: these sources fail fast if the scheduler polls them. */
    static final String DEAD = "http://127.0.0.1:9";

    @Test
    void createGetPatchPauseResumeDelete() {
        String id = SourceApi.create(SourceApi.mastodon(DEAD, "#Acme", "\"acme\" AND (refund OR outage) NOT job",
                "PT1H", null))
                .statusCode(201)
                .header("Location", containsString("/api/v1/sources/"))
                .body("kind", equalTo("mastodon")).body("brand", equalTo("Acme"))
                .body("config.baseUrl", equalTo(DEAD)).body("config.hashtag", equalTo("Acme"))
                .body("pollInterval", equalTo("PT1H")).body("status", equalTo("ACTIVE"))
                .body("cursor", nullValue()).body("counts.polled", equalTo(0)).body("circuit", equalTo("CLOSED"))
                .extract().path("id");
        assertThat(SourceApi.get(id).getString("query")).isEqualTo("\"acme\" AND (refund OR outage) NOT job");

        given().header("Authorization", TestTokens.bearer("admin")).contentType(ContentType.JSON)
                .body("{\"query\":\"acme outage\",\"pollInterval\":\"PT30M\"}").patch(SourceApi.PATH + "/" + id).then()
                .statusCode(200).body("query", equalTo("acme outage")).body("pollInterval", equalTo("PT30M"))
                .body("config.hashtag", equalTo("Acme"));

        SourceApi.action(id, "pause").statusCode(200).body("status", equalTo("PAUSED"));
        assertThat(SourceApi.get(id).getString("status")).isEqualTo("PAUSED");
        SourceApi.action(id, "resume").statusCode(200).body("status", equalTo("ACTIVE")).body("nextPollAt",
                notNullValue());
        SourceApi.delete(id);
        given().header("Authorization", TestTokens.bearer("admin")).get(SourceApi.PATH + "/" + id).then()
                .statusCode(404).contentType("application/problem+json");
        given().header("Authorization", TestTokens.bearer("admin")).delete(SourceApi.PATH + "/" + id).then().statusCode(
                404);
    }

    @Test
    void theQueryDefaultsToTheBrand() {
        String id = SourceApi.createId("{\"kind\":\"mastodon\",\"brand\":\"Acme\",\"config\":{\"baseUrl\":\"" + DEAD
                + "\",\"hashtag\":\"acme\"}}");
        assertThat(SourceApi.get(id).getString("query")).isEqualTo("\"Acme\"");
        assertThat(SourceApi.get(id).getString("pollInterval")).isEqualTo("PT2M");
        SourceApi.delete(id);
    }

    @Test
    void aQueryThatDoesNotParseIs400NamingQueryWithThePosition() {
        SourceApi.create(SourceApi.mastodon(DEAD, "acme", "acme AND (refund OR", "PT1H", null))
                .statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("query"))
                .body("errors.find { it.field == 'query' }.message", containsString("at position 20"));
    }

    @Test
    void everyInvalidFieldIsNamed() {
        SourceApi.create("""
                {"kind":"mastodon","brand":"Acme Corp!","pollInterval":"PT0.01S","colour":"red",
                 "config":{"baseUrl":"ftp://x","hashtag":"no spaces allowed","limit":"99","token":"x"}}""")
                .statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("brand"))
                .body("errors.field", hasItem("pollInterval"))
                .body("errors.field", hasItem("colour"))
                .body("errors.field", hasItem("config.baseUrl"))
                .body("errors.field", hasItem("config.hashtag"))
                .body("errors.field", hasItem("config.limit"))
                .body("errors.field", hasItem("config.token"));
        SourceApi.create("{\"kind\":\"myspace\",\"brand\":\"acme\"}").statusCode(400).body("errors.field", hasItem(
                "kind"));
        SourceApi.create("{\"brand\":\"acme\"}").statusCode(400).body("errors.field", hasItem("kind"));
        SourceApi.create("{\"kind\":\"mastodon\",\"brand\":\"acme\",\"config\":{}}").statusCode(400)
                .body("errors.field", hasItem("config.baseUrl")).body("errors.field", hasItem("config.hashtag"));
        SourceApi.create(
                "{\"kind\":\"mastodon\",\"brand\":\"acme\",\"pollInterval\":\"soon\",\"config\":{\"baseUrl\":\"" + DEAD
                        + "\",\"hashtag\":\"a\"}}").statusCode(400).body("errors.field", hasItem("pollInterval"));
        SourceApi.create("{\"kind\":\"mastodon\",\"brand\":\"acme\",\"config\":\"baseUrl\"}").statusCode(400)
                .body("errors.field", hasItem("config"));
        SourceApi.create("[1]").statusCode(400);
        SourceApi.create("{not json").statusCode(400).contentType("application/problem+json");
    }

    @Test
    void theKindCannotBeChangedAndPatchesAreValidated() {
        String id = SourceApi.createId(SourceApi.mastodon(DEAD, "acme", "acme", "PT1H", null));
        given().header("Authorization", TestTokens.bearer("admin")).contentType(ContentType.JSON)
                .body("{\"kind\":\"rss\"}").patch(SourceApi.PATH + "/" + id).then()
                .statusCode(400).body("errors.field", hasItem("kind"));
        given().header("Authorization", TestTokens.bearer("admin")).contentType(ContentType.JSON)
                .body("{\"query\":\"(acme\"}").patch(SourceApi.PATH + "/" + id).then()
                .statusCode(400).body("errors.field", hasItem("query"));
        assertThat(SourceApi.get(id).getString("query")).isEqualTo("acme");
        SourceApi.delete(id);
    }

    @Test
    void listingPagesWithACursor() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(SourceApi.createId(SourceApi.mastodon(DEAD, "page" + i, "acme", "PT1H", null)));
        }
        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            var page = given().header("Authorization", TestTokens.bearer("admin")).queryParam("limit", 2)
                    .queryParam("cursor", cursor == null ? "" : cursor).get(SourceApi.PATH).then().statusCode(200)
                    .extract().jsonPath();
            List<String> items = page.getList("items.id");
            assertThat(items.size()).isLessThanOrEqualTo(2);
            assertThat(seen).doesNotContainAnyElementsOf(items);
            seen.addAll(items);
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null && pages < 100);
        assertThat(seen).containsAll(ids);
        given().header("Authorization", TestTokens.bearer("admin")).queryParam("limit", 0).get(SourceApi.PATH).then()
                .statusCode(400).body("errors.field", hasItem("limit"));
        given().header("Authorization", TestTokens.bearer("admin")).queryParam("cursor", "garbage!").get(SourceApi.PATH)
                .then()
                .statusCode(400).body("errors.field", hasItem("cursor"));
        ids.forEach(SourceApi::delete);
    }

    @ParameterizedTest
    @ValueSource(strings = {"agent", "lead", "comms", "analyst", "service"})
    void onlyAdminsManageSources(String role) {
        given().header("Authorization", TestTokens.bearer(role)).get(SourceApi.PATH).then().statusCode(403)
                .contentType("application/problem+json");
        given().header("Authorization", TestTokens.bearer(role)).contentType(ContentType.JSON)
                .body(SourceApi.mastodon(DEAD, "acme", "acme", "PT1H", null)).post(SourceApi.PATH).then().statusCode(
                        403);
        given().header("Authorization", TestTokens.bearer(role)).post(SourceApi.PATH + "/" + UUID.randomUUID()
                + "/pause")
                .then().statusCode(403);
    }

    @Test
    void noTokenIs401() {
        given().get(SourceApi.PATH).then().statusCode(401);
        given().delete(SourceApi.PATH + "/" + UUID.randomUUID()).then().statusCode(401);
    }

    @Test
    void unknownSourcesAre404Problems() {
        String path = SourceApi.PATH + "/" + UUID.randomUUID();
        given().header("Authorization", TestTokens.bearer("admin")).get(path).then().statusCode(404)
                .contentType("application/problem+json").body("status", equalTo(404));
        SourceApi.action(UUID.randomUUID().toString(), "resume").statusCode(404);
        given().header("Authorization", TestTokens.bearer("admin")).contentType(ContentType.JSON).body("{}")
                .patch(path).then().statusCode(404);
    }

    @Test
    void everyKindValidatesItsOwnSettingsAndDefaultsItsBaseUrl() {
        SourceApi.create("{\"kind\":\"rss\",\"brand\":\"acme\",\"config\":{}}").statusCode(400)
                .body("errors.field", hasItem("config.feedUrl"));
        SourceApi.create("{\"kind\":\"rss\",\"brand\":\"acme\",\"config\":{\"feedUrl\":\"file:///etc/passwd\"}}")
                .statusCode(400)
                .body("errors.field", hasItem("config.feedUrl"));
        SourceApi.create(
                "{\"kind\":\"reddit\",\"brand\":\"acme\",\"config\":{\"subreddit\":\"no/slashes\",\"limit\":\"0\"}}")
                .statusCode(400).body("errors.field", hasItem("config.subreddit")).body("errors.field", hasItem(
                        "config.limit"));
        SourceApi.create("{\"kind\":\"bluesky\",\"brand\":\"acme\",\"config\":{\"lang\":\"english!\"}}").statusCode(400)
                .body("errors.field", hasItem("config.lang"));
        SourceApi.create("{\"kind\":\"hackernews\",\"brand\":\"acme\",\"config\":{\"requestsPerMinute\":\"100000\"}}")
                .statusCode(400)
                .body("errors.field", hasItem("config.requestsPerMinute"));
        List<String> ids = new ArrayList<>();
        ids.add(SourceApi.create(
                "{\"kind\":\"hackernews\",\"status\":\"PAUSED\",\"brand\":\"acme\",\"pollInterval\":\"PT1H\",\"config\":{\"requestsPerMinute\":\"10\"}}")
                .statusCode(201).body("config.baseUrl", equalTo("https://hn.algolia.com"))
                .body("config.requestsPerMinute", equalTo("10")).extract().path("id"));
        ids.add(SourceApi.create(
                "{\"kind\":\"reddit\",\"status\":\"PAUSED\",\"brand\":\"acme\",\"pollInterval\":\"PT1H\",\"config\":{\"subreddit\":\"r/CustomerService\"}}")
                .statusCode(201).body("config.baseUrl", equalTo("https://oauth.reddit.com")).body("config.authUrl",
                        equalTo("https://www.reddit.com"))
                .body("config.subreddit", equalTo("CustomerService")).extract().path("id"));
        ids.add(SourceApi.create(
                "{\"kind\":\"bluesky\",\"status\":\"PAUSED\",\"brand\":\"acme\",\"pollInterval\":\"PT1H\",\"config\":{}}")
                .statusCode(201).body("status", equalTo("PAUSED")).body("config.baseUrl", equalTo(
                        "https://bsky.social")).extract().path("id"));
        // Created PAUSED: these point at the real public services, which tests never call.
        ids.forEach(id -> assertThat(SourceApi.get(id).getString("status")).isEqualTo("PAUSED"));
        SourceApi.create("{\"kind\":\"bluesky\",\"status\":\"SLEEPING\",\"brand\":\"acme\"}").statusCode(400)
                .body("errors.field", hasItem("status"));
        given().header("Authorization", TestTokens.bearer("admin")).contentType(ContentType.JSON)
                .body("{\"status\":\"ACTIVE\"}").patch(SourceApi.PATH + "/" + ids.get(0)).then()
                .statusCode(400).body("errors.field", hasItem("status"));
        ids.forEach(SourceApi::delete);
    }
}
