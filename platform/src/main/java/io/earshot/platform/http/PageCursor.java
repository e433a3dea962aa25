package io.earshot.platform.http;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * An opaque keyset cursor for listings ordered by (timestamp desc, id desc): the position of the last item of a page.
 * Clients pass it back as {@code cursor}; a cursor they tampered with is a 400 naming {@code cursor}.
 */
public record PageCursor(Instant at, UUID id) {
    public String encode() {
        String raw = at.toEpochMilli() * 1000 + at.getNano() / 1000 % 1000 + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes a cursor; null or blank means "first page". */
    public static PageCursor decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int bar = raw.indexOf('|');
            long micros = Long.parseLong(raw.substring(0, bar));
            Instant at = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L)
                    * 1000L);
            return new PageCursor(at, UUID.fromString(raw.substring(bar + 1)));
        } catch (RuntimeException e) {
            throw ProblemException.badRequest("cursor", "is not a cursor returned by this API");
        }
    }

    /** Checks a page size against 1..max; null or blank means the default. */
    public static int limit(String limit, int defaultLimit, int max) {
        if (limit == null || limit.isBlank()) {
            return defaultLimit;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(limit.trim());
        } catch (NumberFormatException e) {
            parsed = -1;
        }
        if (parsed < 1 || parsed > max) {
            throw ProblemException.badRequest("limit", "must be a whole number from 1 to " + max);
        }
        return parsed;
    }
}
