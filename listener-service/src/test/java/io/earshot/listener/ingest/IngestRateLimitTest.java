package io.earshot.listener.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.earshot.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The push ingest limit per principal, counted in mentions (README "Configuration", {@code EARSHOT_INGEST_RATE_*}):
 * here 2 a minute (one every 30 s, slow enough that a loaded machine cannot refill a token between two calls) in bursts
 * of 5. Each test uses principals of its own (JWT subjects), so runs and tests never share a bucket.
 */
@QuarkusTest
@TestProfile(IngestRateLimitTest.LowLimit.class)
class IngestRateLimitTest {
    public static class LowLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("earshot.ingest.rate.per-minute", "2", "earshot.ingest.rate.burst", "5");
        }
    }

    static String subject() {
        return "rate-" + UUID.randomUUID();
    }

    static Response ingest(String subject, int mentions) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String body = IntStream.range(0, mentions).mapToObj(i -> MentionResourceTest.mention("rl-" + run + "-" + i,
                "hello " + i))
                .collect(Collectors.joining(",", "[", "]"));
        return given().header("Authorization", "Bearer " + TestTokens.forSubject(subject, "service"))
                .contentType(ContentType.JSON).body(body).post("/api/v1/mentions");
    }

    @Test
    void underTheLimitIsAcceptedOverItIs429WithRetryAfterAndTheBucketRefills() {
        String client = subject();
        ingest(client, 5).then().statusCode(202).body("accepted", equalTo(5));
        Response refused = ingest(client, 1);
        refused.then().statusCode(429).contentType("application/problem+json").body("status", equalTo(429))
                .body("detail", containsString("2 mentions a minute"));
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 30L);
        // A token comes back every 30 s: the client is served again after Retry-After without anyone resetting anything.
        await().atMost(Duration.ofSeconds(retryAfter + 10)).pollInterval(Duration.ofSeconds(1))
                .until(() -> ingest(client, 1).statusCode() == 202);
    }

    @Test
    void aBatchCountsItsMentionsNotOneRequest() {
        String client = subject();
        ingest(client, 3).then().statusCode(202);
        // 2 of 5 left: a batch of 3 is refused whole (nothing of it stored), a single mention still fits.
        ingest(client, 3).then().statusCode(429).header("Retry-After", org.hamcrest.Matchers.notNullValue());
        ingest(client, 1).then().statusCode(202).body("accepted", equalTo(1));
    }

    @Test
    void anotherPrincipalIsNotAffected() {
        String noisy = subject();
        ingest(noisy, 5).then().statusCode(202);
        ingest(noisy, 1).then().statusCode(429);
        ingest(subject(), 5).then().statusCode(202).body("accepted", equalTo(5));
        ingest(noisy, 1).then().statusCode(429);
    }

    @Test
    void invalidBatchesAreRefusedWithoutTakingTokens() {
        String client = subject();
        for (int i = 0; i < 8; i++) {
            given().header("Authorization", "Bearer " + TestTokens.forSubject(client, "service")).contentType(
                    ContentType.JSON)
                    .body("{}").post("/api/v1/mentions").then().statusCode(400);
        }
        ingest(client, 5).then().statusCode(202);
    }
}
