package io.earshot.platform.secrets;

import io.earshot.contracts.codec.AesGcm;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets that a service must store and use again (sign-in credentials of polled sources): AES-256-GCM
 * under a key given by the operator ({@code EARSHOT_SECRETS_KEY}, 32 bytes in base64), a fresh 96-bit nonce per
 * value, and the value's owner (e.g. the row id) bound in as associated data, so a sealed value copied to another row
 * does not open there. Sealed text is {@code v1.<base64(nonce || ciphertext || tag)>}; the version prefix leaves room
 * for a later key rotation. No key, no box: {@link #configured()} is false and sealing is refused, never done in the
 * clear.
 */
public final class SecretBox {
    private static final String PREFIX = "v1.";

    private final SecretKeySpec key;

    private SecretBox(byte[] key) {
        this.key = key == null ? null : new SecretKeySpec(key, "AES");
    }

    /** A box over a base64 key of 32 bytes; a blank key gives a box that refuses to seal or open. */
    public static SecretBox of(String base64Key) {
        if (base64Key == null || base64Key.isBlank()) {
            return new SecretBox(null);
        }
        byte[] k;
        try {
            k = Base64.getDecoder().decode(base64Key.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the secrets key is not base64");
        }
        if (k.length != 32) {
            throw new IllegalArgumentException(
                    "the secrets key must be 32 bytes (base64 of `openssl rand -base64 32`), not " + k.length);
        }
        return new SecretBox(k);
    }

    public boolean configured() {
        return key != null;
    }

    /** Seals {@code plain} for {@code owner}. */
    public String seal(String plain, String owner) {
        requireKey();
        return PREFIX + Base64.getEncoder().encodeToString(AesGcm.seal(key, owner.getBytes(StandardCharsets.UTF_8),
                plain.getBytes(StandardCharsets.UTF_8)));
    }

    /** Opens what {@link #seal} sealed for the same owner; fails (without saying more) on a wrong key, owner or text. */
    public String open(String sealed, String owner) {
        requireKey();
        if (sealed == null || !sealed.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a sealed secret");
        }
        try {
            return new String(AesGcm.open(key, owner.getBytes(StandardCharsets.UTF_8), Base64.getDecoder().decode(
                    sealed.substring(PREFIX.length()))), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the sealed secret does not open with this key and owner");
        }
    }

    private void requireKey() {
        if (key == null) {
            throw new IllegalStateException("no secrets key is configured (EARSHOT_SECRETS_KEY)");
        }
    }

    @Override
    public String toString() {
        return "SecretBox[" + (configured() ? "configured" : "no key") + "]";
    }
}
