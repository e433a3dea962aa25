package io.earshot.platform.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of an outbound webhook: header {@code Earshot-Signature: t=<unix seconds>,v1=<hex>} where
 * {@code v1 = HMAC-SHA256(secret, t + "." + body)} over the exact bytes of the body. A receiver recomputes it, compares
 * in constant time, and refuses a {@code t} outside its replay window (5 minutes is the documented default), and
 * de-duplicates on the {@code Earshot-Delivery} id. Several {@code v1=} entries may appear while a secret is rotated.
 */
public final class WebhookSignature {
    public static final String HEADER = "Earshot-Signature";
    public static final String DELIVERY_HEADER = "Earshot-Delivery";
    public static final String EVENT_HEADER = "Earshot-Event";
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private WebhookSignature() {}

    /** The header value for {@code body} signed at {@code at}. */
    public static String sign(String secret, Instant at, String body) {
        return sign(List.of(secret), at, body);
    }

    /**
     * The header value for {@code body} signed at {@code at} with each of {@code secrets} (one {@code v1=} entry each,
     * in order): while a rotation's overlap lasts, the new secret and the one it replaced.
     */
    public static String sign(List<String> secrets, Instant at, String body) {
        long t = at.getEpochSecond();
        StringBuilder header = new StringBuilder("t=").append(t);
        for (String secret : secrets) {
            header.append(",v1=").append(hmac(secret, t + "." + body));
        }
        return header.toString();
    }

    /**
     * Whether {@code header} is a valid signature of {@code body} with {@code secret}, made within {@code tolerance}
     * of {@code now}.
     */
    public static boolean verify(String header, String body, String secret, Instant now, Duration tolerance) {
        if (header == null || body == null || secret == null) {
            return false;
        }
        Long t = null;
        for (String part : header.split(",")) {
            String p = part.trim();
            if (p.startsWith("t=")) {
                try {
                    t = Long.parseLong(p.substring(2));
                } catch (NumberFormatException e) {
                    return false;
                }
            }
        }
        if (t == null || Math.abs(now.getEpochSecond() - t) > tolerance.toSeconds()) {
            return false;
        }
        byte[] expected = hmac(secret, t + "." + body).getBytes(StandardCharsets.US_ASCII);
        for (String part : header.split(",")) {
            String p = part.trim();
            if (p.startsWith("v1=") && MessageDigest.isEqual(expected, p.substring(3).getBytes(
                    StandardCharsets.US_ASCII))) {
                return true;
            }
        }
        return false;
    }

    static String hmac(String secret, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
