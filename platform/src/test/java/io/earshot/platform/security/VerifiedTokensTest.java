package io.earshot.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.testing.TestTokens;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

class VerifiedTokensTest {
    private Instant now = Instant.now();

    @Test
    void aVerifiedTokenIsFoundUntilItsExpiryAndNotAfter() throws Exception {
        VerifiedTokens tokens = new VerifiedTokens(() -> now, 16, Duration.ofHours(1));
        String raw = TestTokens.lasting(Duration.ofMinutes(10), "service");
        JsonWebToken verified = verify(raw);
        tokens.put(raw, verified);

        assertThat(tokens.get(raw)).isSameAs(verified);
        now = Instant.ofEpochSecond(verified.getExpirationTime()).minusSeconds(1);
        assertThat(tokens.get(raw)).isSameAs(verified);
        now = Instant.ofEpochSecond(verified.getExpirationTime());
        assertThat(tokens.get(raw)).isNull();
        assertThat(tokens.size()).isZero();
    }

    @Test
    void aLongLivedTokenIsVerifiedAgainAfterTheHold() throws Exception {
        VerifiedTokens tokens = new VerifiedTokens(() -> now, 16, Duration.ofMinutes(5));
        String raw = TestTokens.lasting(Duration.ofMinutes(30), "service");
        tokens.put(raw, verify(raw));
        now = now.plus(Duration.ofMinutes(5)).minusSeconds(1);
        assertThat(tokens.get(raw)).isNotNull();
        now = now.plusSeconds(1);
        assertThat(tokens.get(raw)).isNull();
    }

    @Test
    void onlyTheExactStringThatWasVerifiedMatches() throws Exception {
        VerifiedTokens tokens = new VerifiedTokens(() -> now, 16, Duration.ofHours(1));
        String raw = TestTokens.token("service");
        tokens.put(raw, verify(raw));
        String[] parts = raw.split("\\.");
        String otherSignature = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();

        assertThat(tokens.get(otherSignature)).isNull();
        assertThat(tokens.get(raw + " ")).isNull();
        assertThat(tokens.get(TestTokens.token("service"))).as("another token of the same subject").isNull();
    }

    @Test
    void anAlreadyExpiredTokenIsNotKept() throws Exception {
        VerifiedTokens tokens = new VerifiedTokens(() -> now, 16, Duration.ofHours(1));
        String raw = TestTokens.lasting(Duration.ofMinutes(10), "service");
        JsonWebToken verified = verify(raw);
        now = Instant.ofEpochSecond(verified.getExpirationTime()).plusSeconds(1);
        tokens.put(raw, verified);
        assertThat(tokens.size()).isZero();
    }

    @Test
    void aFullCacheDropsTheExpiredEntriesFirstAndOtherwiseStartsAfresh() throws Exception {
        VerifiedTokens tokens = new VerifiedTokens(() -> now, 2, Duration.ofHours(1));
        String shortLived = TestTokens.lasting(Duration.ofMinutes(1), "service");
        String longLived = TestTokens.lasting(Duration.ofMinutes(20), "service");
        String third = TestTokens.lasting(Duration.ofMinutes(25), "agent");
        tokens.put(shortLived, verify(shortLived));
        tokens.put(longLived, verify(longLived));
        now = now.plus(Duration.ofMinutes(5));
        tokens.put(third, verify(third));
        assertThat(tokens.get(longLived)).isNotNull();
        assertThat(tokens.get(third)).isNotNull();
        assertThat(tokens.size()).isEqualTo(2);

        String fourth = TestTokens.lasting(Duration.ofMinutes(30), "lead");
        tokens.put(fourth, verify(fourth));
        assertThat(tokens.size()).isEqualTo(1);
        assertThat(tokens.get(fourth)).isNotNull();
    }

    private static JsonWebToken verify(String raw) throws Exception {
        return new DefaultJWTParser().verify(raw, publicKey());
    }

    private static PublicKey publicKey() throws Exception {
        try (InputStream in = VerifiedTokensTest.class.getResourceAsStream("/earshot-test-public.pem")) {
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(
                    pem)));
        }
    }
}
