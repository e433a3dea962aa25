package io.earshot.platform.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Mints RS256 JWTs for the demo users and for tests, with the plain JDK. In production tokens come from your OIDC
 * provider and only its public keys are configured in the services.
 *
 * <p>Command line: {@code TokenMinter <private-key.pem> <days> [role ...]} prints {@code role=token} lines.
 */
public final class TokenMinter {
    private final PrivateKey key;
    private final String issuer;
    private final String audience;

    public TokenMinter(PrivateKey key, String issuer, String audience) {
        this.key = key;
        this.issuer = issuer;
        this.audience = audience;
    }

    public static TokenMinter fromPem(String pem) {
        return new TokenMinter(parsePrivateKey(pem), Roles.DEFAULT_ISSUER, Roles.DEFAULT_AUDIENCE);
    }

    public TokenMinter withIssuer(String otherIssuer) {
        return new TokenMinter(key, otherIssuer, audience);
    }

    public TokenMinter withAudience(String otherAudience) {
        return new TokenMinter(key, issuer, otherAudience);
    }

    /**
     * A token for {@code subject} with the given roles and every brand ({@code "brands": ["*"]}), valid from now for
     * {@code ttl} (negative: already expired). The demo users' tokens: they see the whole demo.
     */
    public String mint(String subject, List<String> roles, Duration ttl) {
        return mint(subject, roles, List.of(Scope.ANY), null, ttl);
    }

    /**
     * A token for {@code subject} with the given roles, a {@code brands} claim (none when null) and a {@code queues}
     * claim (none when null: every queue of the brands); docs/security.md "Brand and queue scopes".
     */
    public String mint(String subject, List<String> roles, List<String> brands, List<String> queues, Duration ttl) {
        Instant now = Instant.now();
        Instant issuedAt = ttl.isNegative() ? now.plus(ttl).minus(Duration.ofMinutes(10)) : now;
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String groups = array(roles);
        String payload = "{\"iss\":\"" + jsonEscape(issuer) + "\",\"aud\":\"" + jsonEscape(audience) + "\""
                + ",\"sub\":\"" + jsonEscape(subject) + "\",\"upn\":\"" + jsonEscape(subject) + "\""
                + ",\"groups\":" + groups
                + (brands == null ? "" : ",\"brands\":" + array(brands))
                + (queues == null ? "" : ",\"queues\":" + array(queues))
                + ",\"iat\":" + issuedAt.getEpochSecond()
                + ",\"exp\":" + now.plus(ttl).getEpochSecond()
                + ",\"jti\":\"" + UUID.randomUUID() + "\"}";
        String signingInput = b64(header.getBytes(StandardCharsets.UTF_8)) + "." + b64(payload.getBytes(
                StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign token", e);
        }
    }

    public String mint(String role) {
        return mint("demo-" + role, List.of(role), Duration.ofHours(12));
    }

    static PrivateKey parsePrivateKey(String pem) {
        String base64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(
                    base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a PKCS#8 RSA private key in PEM form", e);
        }
    }

    private static String array(List<String> values) {
        return values.stream().map(r -> "\"" + jsonEscape(r) + "\"").collect(Collectors.joining(",", "[", "]"));
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String jsonEscape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: TokenMinter <private-key.pem> <days> [role ...]");
            System.exit(2);
        }
        TokenMinter minter = fromPem(Files.readString(Path.of(args[0])));
        Duration ttl = Duration.ofDays(Long.parseLong(args[1]));
        List<String> roles = args.length > 2 ? List.of(args).subList(2, args.length) : Roles.ALL;
        for (String role : roles) {
            System.out.println(role + "=" + minter.mint("demo-" + role, List.of(role), ttl));
        }
    }
}
