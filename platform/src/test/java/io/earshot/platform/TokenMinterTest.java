package io.earshot.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.testing.TestTokens;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class TokenMinterTest {
    @Test
    void tokensVerifyWithThePublicKeyAndCarryTheRoles() throws Exception {
        String[] parts = TestTokens.token("agent").split("\\.");
        assertThat(parts).hasSize(3);
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertThat(payload).contains("\"groups\":[\"agent\"]").contains("\"iss\":\"https://earshot.local/issuer\"");
        assertThat(verify(parts)).isTrue();
    }

    @Test
    void demoTokensGrantEveryBrandAndScopedOnesTheirBrandsAndQueues() throws Exception {
        assertThat(payload(TestTokens.token("agent"))).contains("\"brands\":[\"*\"]").doesNotContain("queues");
        String scoped = payload(TestTokens.scoped("ann", java.util.List.of("acme"), java.util.List.of("vip"), "agent"));
        assertThat(scoped).contains("\"brands\":[\"acme\"]").contains("\"queues\":[\"vip\"]");
        assertThat(payload(TestTokens.scoped("bob", null, null, "agent"))).doesNotContain("brands").doesNotContain(
                "queues");
    }

    private static String payload(String token) {
        return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    @Test
    void aTamperedTokenNoLongerVerifies() throws Exception {
        assertThat(verify(TestTokens.tampered("agent").split("\\."))).isFalse();
    }

    private static boolean verify(String[] parts) throws Exception {
        String pem = new String(TokenMinterTest.class.getResourceAsStream("/earshot-test-public.pem").readAllBytes(),
                StandardCharsets.US_ASCII).replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(
                pem)));
        Signature sig = Signature.getInstance("SHA256withRSA");
        sig.initVerify(key);
        sig.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        return sig.verify(Base64.getUrlDecoder().decode(parts[2]));
    }
}
