package io.earshot.contracts.codec;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with a fresh 96-bit nonce per value and associated data: the one cipher behind {@link SubjectSeal}
 * (event fields under a subject's key) and the platform's {@code SecretBox} (secrets at rest under the operator's key).
 * Sealed bytes are {@code nonce || ciphertext || tag}.
 */
public final class AesGcm {
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private AesGcm() {}

    /** {@code plain} sealed under {@code key} with {@code aad}. */
    public static byte[] seal(SecretKeySpec key, byte[] aad, byte[] plain) {
        byte[] nonce = new byte[NONCE];
        RANDOM.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(aad);
            byte[] sealed = c.doFinal(plain);
            byte[] out = Arrays.copyOf(nonce, NONCE + sealed.length);
            System.arraycopy(sealed, 0, out, NONCE, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** What {@link #seal} sealed with the same key and {@code aad}; GeneralSecurityException when it does not open. */
    public static byte[] open(SecretKeySpec key, byte[] aad, byte[] in) throws GeneralSecurityException {
        if (in.length <= NONCE) {
            throw new GeneralSecurityException("too short");
        }
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE));
        c.updateAAD(aad);
        return c.doFinal(in, NONCE, in.length - NONCE);
    }
}
