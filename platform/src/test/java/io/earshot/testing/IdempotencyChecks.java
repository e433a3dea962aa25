package io.earshot.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.platform.idempotency.IdempotencyFilter;
import io.quarkus.arc.Arc;
import io.quarkus.redis.datasource.RedisDataSource;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The Idempotency-Key contract, checked against one write endpoint of a running service (a {@code @QuarkusTest}):
 * a repeat returns the first answer (status and body) without running again, a different body with the same key
 * gets 422, a repeat while the first is in progress gets 409, a malformed key 400, and a request refused for its
 * token (401) does not claim the key.
 */
public final class IdempotencyChecks {
    private IdempotencyChecks() {}

    /** What a check needs: who calls, what, and two different JSON bodies. */
    public record Call(String role, String method, String path, String body, String otherBody) {}

    /** Runs the checks; returns the first answer so that the caller can verify the effect happened once. */
    public static Response verify(Call call) {
        String key = "k-" + UUID.randomUUID();
        given().header(IdempotencyFilter.HEADER, key).contentType("application/json").body(call.body())
                .request(call.method(), call.path()).then().statusCode(401);

        Response first = send(call, key, call.body());
        assertThat(first.statusCode()).as("first answer of %s %s", call.method(), call.path()).isBetween(200, 299);
        assertThat(first.header(IdempotencyFilter.REPLAYED)).isNull();

        Response again = send(call, key, call.body());
        assertThat(again.statusCode()).isEqualTo(first.statusCode());
        assertThat(again.body().asString()).isEqualTo(first.body().asString());
        assertThat(again.header(IdempotencyFilter.REPLAYED)).isEqualTo("true");

        Response other = send(call, key, call.otherBody());
        assertThat(other.statusCode()).isEqualTo(422);
        assertThat(other.contentType()).startsWith("application/problem+json");
        assertThat(other.jsonPath().getString("errors[0].field")).isEqualTo(IdempotencyFilter.HEADER);
        // Like every other problem, it names the request and its trace, so that support can find it.
        assertThat(other.jsonPath().getString("instance")).isEqualTo(call.path());
        assertThat(other.jsonPath().getString("traceId")).matches("[0-9a-f]{32}");

        // A request still running holds its key: mark one as in progress in Redis, as the filter does when it starts.
        String pendingKey = "k-" + UUID.randomUUID();
        String principal = "test-" + call.role();
        redis().value(String.class).set(IdempotencyFilter.redisKey(prefix(), principal, call.method(), call.path(),
                pendingKey),
                "{\"state\":\"pending\",\"fingerprint\":\"" + IdempotencyFilter.fingerprint("application/json",
                        call.body().getBytes(StandardCharsets.UTF_8)) + "\"}");
        Response inProgress = send(call, pendingKey, call.body());
        assertThat(inProgress.statusCode()).isEqualTo(409);
        assertThat(inProgress.contentType()).startsWith("application/problem+json");

        assertThat(send(call, "x".repeat(300), call.body()).statusCode()).isEqualTo(400);
        return first;
    }

    private static Response send(Call call, String key, String body) {
        return given().header("Authorization", TestTokens.bearer(call.role())).header(IdempotencyFilter.HEADER, key)
                .contentType("application/json").body(body).request(call.method(), call.path());
    }

    private static RedisDataSource redis() {
        return Arc.container().instance(RedisDataSource.class).get();
    }

    private static String prefix() {
        return ConfigProvider.getConfig().getValue("earshot.redis.key-prefix", String.class);
    }
}
