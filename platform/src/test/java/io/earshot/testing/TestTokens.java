package io.earshot.testing;

import io.earshot.platform.security.TokenMinter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Tokens signed with the test-only key pair in this test-jar ({@code earshot-test-private.pem}); services' test
 * profiles trust {@code earshot-test-public.pem}. Never used outside tests.
 */
public final class TestTokens {
    private static final TokenMinter MINTER = TokenMinter.fromPem(read("/earshot-test-private.pem"));

    private TestTokens() {}

    /** A valid token with the given roles and every brand ({@code "brands": ["*"]}). */
    public static String token(String... roles) {
        return MINTER.mint("test-" + String.join("-", roles), List.of(roles), Duration.ofMinutes(30));
    }

    /** A valid token of {@code subject} (the principal's name), for tests of per-principal behaviour. */
    public static String forSubject(String subject, String... roles) {
        return MINTER.mint(subject, List.of(roles), Duration.ofMinutes(30));
    }

    /**
     * A valid token of {@code subject} limited to {@code brands} (a {@code brands} claim; none at all when null) and
     * {@code queues} (a {@code queues} claim; none when null, i.e. every queue), for the scope tests.
     */
    public static String scoped(String subject, List<String> brands, List<String> queues, String... roles) {
        return MINTER.mint(subject, List.of(roles), brands, queues, Duration.ofMinutes(30));
    }

    public static String bearer(String... roles) {
        return "Bearer " + token(roles);
    }

    public static String expired(String role) {
        return MINTER.mint("test-" + role, List.of(role), Duration.ofMinutes(-5));
    }

    /** A token of every brand that expires {@code ttl} from now. */
    public static String lasting(Duration ttl, String... roles) {
        return MINTER.mint("test-" + String.join("-", roles), List.of(roles), ttl);
    }

    /** A valid signature whose lifetime (exp - iat) is two days: longer than the services' maximum token age. */
    public static String tooLongLived(String role) {
        return MINTER.mint("test-" + role, List.of(role), Duration.ofDays(2));
    }

    public static String wrongIssuer(String role) {
        return MINTER.withIssuer("https://evil.example/issuer").mint("test-" + role, List.of(role), Duration.ofMinutes(
                30));
    }

    public static String wrongAudience(String role) {
        return MINTER.withAudience("someone-else").mint("test-" + role, List.of(role), Duration.ofMinutes(30));
    }

    /** A valid token whose payload was altered after signing. */
    public static String tampered(String role) {
        String[] parts = token(role).split("\\.");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"" + role + "\"", "\"admin\"");
        return parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }

    private static String read(String resource) {
        try (InputStream in = TestTokens.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " missing from the platform test-jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
