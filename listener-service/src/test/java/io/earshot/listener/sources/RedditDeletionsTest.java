package io.earshot.listener.sources;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.earshot.contracts.Ids;
import io.earshot.contracts.Topics;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.ErasureRequest;
import io.earshot.listener.sources.FixtureServer.Reply;
import io.earshot.testing.TestTokens;
import io.earshot.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Reddit's terms require honouring deletions: recent items are re-checked through {@code /api/info} and the ones
 * deleted by their author or removed by moderators are erased, against a fixture that behaves like Reddit (a token
 * required, deleted items shown as {@code [deleted]}, removed ones with {@code removed_by_category}).
 */
@QuarkusTest
class RedditDeletionsTest {
    static final ObjectMapper MAPPER = new ObjectMapper();
    final String run = Long.toString(ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L));
    final long now = Instant.now().getEpochSecond();
    /** Fullname to how it is gone: "author" (deleted by its author) or "moderator" (removed). */
    final Map<String, String> gone = new ConcurrentHashMap<>();

    ObjectNode post(String suffix, long created, String title) {
        String name = "t3_" + run + suffix;
        ObjectNode p = MAPPER.createObjectNode().put("name", name).put("id", run + suffix).put("author", "user_"
                + suffix)
                .put("author_fullname", "t2_" + suffix).put("title", title).put("selftext", "acme refund please")
                .put("created_utc", (double) created).put("permalink", "/r/CustomerService/comments/" + run + suffix
                        + "/x/")
                .putNull("removed_by_category");
        String how = gone.get(name);
        if ("author".equals(how)) {
            p.put("author", "[deleted]").put("selftext", "[deleted]").remove("author_fullname");
        } else if ("moderator".equals(how)) {
            p.put("selftext", "[removed]").put("removed_by_category", "moderator");
        }
        return MAPPER.createObjectNode().put("kind", "t3").set("data", p);
    }

    List<ObjectNode> posts() {
        return List.of(post("c", now - 60, "Acme refund stuck"), post("b", now - 120, "Acme refund again"), post("a",
                now - 180, "Acme refund form"));
    }

    static Reply listing(List<ObjectNode> children) {
        ObjectNode root = MAPPER.createObjectNode().put("kind", "Listing");
        ArrayNode list = root.putObject("data").putNull("after").putArray("children");
        children.forEach(list::add);
        return Reply.json(root.toString());
    }

    static int status(String externalId) {
        return given().header("Authorization", TestTokens.bearer("analyst"))
                .get("/api/v1/mentions/" + Ids.mentionId("reddit", externalId)).then().extract().statusCode();
    }

    @Test
    void deletedAndRemovedPostsAreReCheckedAndErased() {
        try (FixtureServer reddit = new FixtureServer()) {
            reddit.answer(r -> {
                if (r.path().equals("/api/v1/access_token")) {
                    return Reply.json("{\"access_token\":\"tok-" + run
                            + "\",\"token_type\":\"bearer\",\"expires_in\":86400,\"scope\":\"*\"}");
                }
                if (!("bearer tok-" + run).equals(r.header("Authorization"))) {
                    return Reply.status(403, Map.of("Content-Type", "text/html"),
                            "<h1>whoa there, pardner!</h1>Blocked");
                }
                if (r.path().equals("/api/info")) {
                    Set<String> asked = Set.of(r.query().get("id").split(","));
                    return listing(posts().stream().filter(p -> asked.contains(p.get("data").get("name").asText()))
                            .toList());
                }
                // the search no longer lists what was deleted or removed, like Reddit's
                return listing(posts().stream().filter(p -> !gone.containsKey(p.get("data").get("name").asText()))
                        .toList());
            });
            String id = SourceApi.createId(
                    "{\"kind\":\"reddit\",\"brand\":\"Acme\",\"query\":\"acme\",\"pollInterval\":\"PT0.3S\","
                            + "\"config\":{\"baseUrl\":\"" + reddit.baseUrl() + "\",\"authUrl\":\"" + reddit.baseUrl()
                            + "\"},"
                            + "\"credentials\":{\"clientId\":\"app1\",\"clientSecret\":\"s\",\"username\":\"earshot_dev\"}}");
            try (TopicReader erasures = new TopicReader(
                    ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class),
                    Topics.PRIVACY_ERASURE)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> status("t3_" + run + "a") == 200 && status("t3_"
                        + run + "b") == 200
                        && status("t3_" + run + "c") == 200);
                gone.put("t3_" + run + "a", "author");
                gone.put("t3_" + run + "b", "moderator");
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .until(() -> status("t3_" + run + "a") == 404 && status("t3_" + run + "b") == 404);
                assertThat(status("t3_" + run + "c")).isEqualTo(200);
                FixtureServer.Request info = reddit.requests().stream().filter(r -> r.path().equals("/api/info"))
                        .reduce((x, y) -> y).orElseThrow();
                assertThat(info.header("Authorization")).isEqualTo("bearer tok-" + run);
                List<String> asked = List.of(info.query().get("id").split(","));
                assertThat(asked).contains("t3_" + run + "c").hasSizeLessThanOrEqualTo(100);
                // every other service is asked to erase exactly these posts (not their authors) through the erasure
                // path, and the request's progress shows the listener done
                Set<UUID> erasedIds = new HashSet<>();
                List<ErasureRequest> requests = new ArrayList<>();
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    requests.clear();
                    erasedIds.clear();
                    erasures.records().stream().map(r -> EventCodec.decode(r.value(), ErasureRequest.class))
                            .filter(r -> r.mentionScoped() && r.mentions().stream().anyMatch(m -> m.externalId()
                                    .contains(run)))
                            .forEach(r -> {
                                requests.add(r);
                                erasedIds.addAll(r.mentionIds());
                            });
                    return erasedIds.size() == 2;
                });
                assertThat(erasedIds).containsExactlyInAnyOrder(Ids.mentionId("reddit", "t3_" + run + "a"),
                        Ids.mentionId("reddit", "t3_" + run + "b"));
                for (ErasureRequest r : requests) {
                    assertThat(r.subject()).isEqualTo(new ErasureRequest.Subject("reddit", null, null));
                    assertThat(r.schemaVersion()).isEqualTo(ErasureRequest.SCHEMA_VERSION);
                    given().header("Authorization", TestTokens.bearer("admin")).get("/api/v1/erasures/" + r.id())
                            .then().statusCode(200)
                            .body("services.find { it.service == 'listener' }.state", org.hamcrest.Matchers.equalTo(
                                    "DONE"));
                }
                // erased, and not stored again by the polls that follow
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                        .until(() -> status("t3_" + run + "a") == 404 && status("t3_" + run + "b") == 404);
            } finally {
                SourceApi.delete(id);
            }
        }
    }
}
