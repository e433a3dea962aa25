package io.earshot.listener.sources;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.earshot.contracts.Ids;
import io.earshot.listener.privacy.PrivacyApi;
import io.earshot.listener.sources.FixtureServer.Reply;
import io.earshot.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** A polled source drops the mentions of an opted-out author and counts them (Hacker News fixture). */
@QuarkusTest
class OptOutPollingTest {
    final String run = Long.toString(ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L));

    @Test
    void polledMentionsOfAnOptedOutAuthorAreDroppedAndCounted() {
        // The fixture's comment is by throwaway42, its story by pgx.
        String optOut = PrivacyApi.optOut("hackernews", null, "Throwaway42");
        String source = null;
        try (FixtureServer hn = new FixtureServer()) {
            hn.answer(r -> r.path().equals("/api/v1/search_by_date")
                    ? Reply.json(FixtureServer.resource("1".equals(r.query().get("page"))
                            ? "hackernews/page1.json"
                            : "hackernews/page0.json").replace("{{run}}", run))
                    : Reply.status(404, Map.of(), ""));
            source = SourceApi.createId(
                    "{\"kind\":\"hackernews\",\"brand\":\"Acme\",\"query\":\"acme\",\"pollInterval\":\"PT0.3S\","
                            + "\"config\":{\"baseUrl\":\"" + hn.baseUrl() + "\",\"hitsPerPage\":\"2\"}}");
            String id = source;
            JsonPath s = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> SourceApi.get(id), p -> hn.requests().size() >= 3 && p.getInt("counts.polled") >= 5);
            // Counted each time it is seen: a dropped mention is not stored, so a re-poll of the same page sees it again.
            assertThat(s.getInt("counts.optedOut")).isGreaterThanOrEqualTo(1);
            assertThat(s.getInt("counts.accepted")).isGreaterThanOrEqualTo(1);
            assertThat(status(run + "12")).isEqualTo(404);
            assertThat(status(run + "00")).isEqualTo(200);
        } finally {
            if (source != null) {
                SourceApi.delete(source);
            }
            PrivacyApi.removeOptOut(optOut);
        }
    }

    static int status(String externalId) {
        return given().header("Authorization", TestTokens.bearer("analyst"))
                .get("/api/v1/mentions/" + Ids.mentionId("hackernews", externalId)).then().extract().statusCode();
    }
}
