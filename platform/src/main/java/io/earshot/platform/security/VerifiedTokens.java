package io.earshot.platform.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Bearer tokens this process has verified, each kept until it expires (docs/security.md "Verified tokens"): a bot
 * platform sends the same service token with every turn, and verifying its RS256 signature and claims again each time
 * was 13% of the listener's CPU. An entry is found by the SHA-256 of the whole token (header, claims and signature), so
 * only the exact string that was verified matches, and it ends at the token's {@code exp} (a token the verifier
 * accepted stays acceptable until then: its signature, issuer, audience and lifetime do not change), or {@code hold}
 * after it was verified, whichever comes first, so that a key taken out of a JWKS stops being honoured from the
 * cache as soon as the verifier itself would refetch the keys. At most {@code capacity} entries: when full, the
 * expired ones go, and if none had expired, all of them.
 */
public final class VerifiedTokens {
    private record Entry(JsonWebToken token, Instant until) {}

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final InstantSource clock;
    private final int capacity;
    private final Duration hold;

    public VerifiedTokens(InstantSource clock, int capacity, Duration hold) {
        this.clock = clock;
        this.capacity = capacity;
        this.hold = hold;
    }

    /** The token as verified earlier, while it is still valid; null when it has not been verified or has expired. */
    public JsonWebToken get(String raw) {
        String key = key(raw);
        Entry e = entries.get(key);
        if (e == null) {
            return null;
        }
        if (!clock.instant().isBefore(e.until())) {
            entries.remove(key, e);
            return null;
        }
        return e.token();
    }

    /** Keeps a token its verifier accepted (one without an expiry is not kept: it is verified each time). */
    public void put(String raw, JsonWebToken verified) {
        long exp = verified.getExpirationTime();
        if (exp <= 0) {
            return;
        }
        Instant now = clock.instant();
        Instant until = Instant.ofEpochSecond(exp);
        if (now.plus(hold).isBefore(until)) {
            until = now.plus(hold);
        }
        if (!now.isBefore(until)) {
            return;
        }
        if (entries.size() >= capacity) {
            entries.values().removeIf(old -> !now.isBefore(old.until()));
            if (entries.size() >= capacity) {
                entries.clear();
            }
        }
        entries.put(key(raw), new Entry(verified, until));
    }

    /** How many tokens are kept. */
    public int size() {
        return entries.size();
    }

    private static String key(String raw) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(raw.getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
