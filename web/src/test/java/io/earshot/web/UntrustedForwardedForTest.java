package io.earshot.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The sign-in rate limit when the test client (loopback) is not a trusted proxy: {@code X-Forwarded-For} is ignored,
 * so a client cannot dodge the limit, nor lock others out, by naming other addresses.
 */
@QuarkusTest
@TestProfile(UntrustedForwardedForTest.NotTrusted.class)
class UntrustedForwardedForTest {
    public static class NotTrusted implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Only a documentation address is trusted; a fresh key prefix so earlier runs' buckets do not count.
            return Map.of("earshot.trusted-proxies", "192.0.2.1",
                    "earshot.redis.key-prefix", "earshot:web-test:" + UUID.randomUUID() + ":");
        }
    }

    @Test
    void forwardedAddressesFromAnUntrustedPeerAreIgnored() {
        for (int i = 0; i < 3; i++) { // burst 3: each attempt names another address, all count for the socket's
            given().header("X-Forwarded-For", "203.0.113." + (i + 1)).contentType("application/x-www-form-urlencoded")
                    .formParam("token", "wrong-" + i).post("/ui/login").then().statusCode(400);
        }
        var limited = given().redirects().follow(false).header("X-Forwarded-For", "203.0.113.200")
                .contentType("application/x-www-form-urlencoded").formParam("token", TestTokens.token("agent"))
                .post("/ui/login");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.header("Set-Cookie")).isNull();
    }
}
