package io.earshot.contracts.codec;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.spec.SecretKeySpec;

/**
 * Crypto-shredding of event fields: the personal part of an event is sealed with AES-256-GCM under its data subject's
 * own key (32 random bytes, {@link #newKey}), with a fresh 96-bit nonce per value and the subject's hash and the
 * record's id bound in as associated data, so a sealed part copied into another record or attributed to another
 * subject does not open. Destroying the subject's key makes every copy unreadable at once, on every topic and DLQ,
 * which is how records Kafka cannot delete one by one are erased. Sealed text is {@code s1.<base64(nonce || ciphertext
 * || tag)>}. A part that does not open ({@link #open}) is refused with {@link IllegalArgumentException}, without
 * saying why.
 */
public final class SubjectSeal {
    /** Bytes of a subject's data key (AES-256). */
    public static final int KEY_BYTES = 32;
    private static final String PREFIX = "s1.";
    private static final SecureRandom RANDOM = new SecureRandom();

    private SubjectSeal() {}

    /** A new random data key for one subject. */
    public static byte[] newKey() {
        byte[] k = new byte[KEY_BYTES];
        RANDOM.nextBytes(k);
        return k;
    }

    /** Seals {@code plain} under {@code key} for {@code subject} (its hash) and {@code record} (e.g. the event id). */
    public static String seal(byte[] key, String subject, String record, String plain) {
        return PREFIX + Base64.getEncoder().encodeToString(AesGcm.seal(spec(key), aad(subject, record), plain.getBytes(
                StandardCharsets.UTF_8)));
    }

    /** Opens what {@link #seal} sealed with the same key, subject and record; else IllegalArgumentException. */
    public static String open(byte[] key, String subject, String record, String sealed) {
        if (sealed == null || !sealed.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a sealed part");
        }
        try {
            return new String(AesGcm.open(spec(key), aad(subject, record), Base64.getDecoder().decode(sealed.substring(
                    PREFIX.length()))), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the sealed part does not open with this key, subject and record");
        }
    }

    private static SecretKeySpec spec(byte[] key) {
        if (key == null || key.length != KEY_BYTES) {
            throw new IllegalArgumentException("a subject key has " + KEY_BYTES + " bytes");
        }
        return new SecretKeySpec(key, "AES");
    }

    private static byte[] aad(String subject, String record) {
        return (subject + "\u0000" + record).getBytes(StandardCharsets.UTF_8);
    }
}
