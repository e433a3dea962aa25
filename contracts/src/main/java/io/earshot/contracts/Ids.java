package io.earshot.contracts;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;

/** Deterministic identifiers (RFC 9562 UUIDv5), so that re-ingesting or redelivering the same thing yields the same id. */
public final class Ids {
    /** Earshot's namespace UUID for version-5 names. */
    public static final UUID NAMESPACE = UUID.fromString("6f1b6c2e-3b0d-5c1e-9a57-2f3e8f0c6a11");

    private Ids() {}

    /** The id of a mention: a function of its source and the source's own id for it. */
    public static UUID mentionId(String source, String externalId) {
        return v5(NAMESPACE, source + "\u0000" + externalId);
    }

    /** The id of an insight candidate drawn from one mention for one zone and theme. */
    public static UUID candidateId(UUID mentionId, String zone, String theme) {
        return v5(NAMESPACE, "candidate\u0000" + mentionId + "\u0000" + zone + "\u0000" + theme);
    }

    /**
     * A data subject's author key {@code source:authorId} (source lower-cased, both trimmed), or null when either is
     * blank: what erasure tombstones hash, and what {@link #subjectHash} hashes for a Kafka record key.
     */
    public static String authorKey(String source, String authorId) {
        return blank(source) || blank(authorId) ? null : source.trim().toLowerCase(Locale.ROOT) + ":" + authorId.trim();
    }

    /**
     * The Kafka record key of an author's mentions: SHA-256 (hex) of {@link #authorKey}, the same hash as the
     * subject's erasure tombstone, so one author's records stay on one partition, in order, without naming the author
     * on the topic. Without an author id, the hash of {@code source:} (the source's anonymous records share a key).
     */
    public static String subjectHash(String source, String authorId) {
        String key = authorKey(source, authorId);
        return sha256(key != null ? key : (source == null ? "" : source.trim().toLowerCase(Locale.ROOT)) + ":");
    }

    /** SHA-256 of the UTF-8 text, in lower-case hex. */
    public static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(
                    StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    public static UUID v5(UUID namespace, String name) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every Java platform", e);
        }
        ByteBuffer ns = ByteBuffer.allocate(16);
        ns.putLong(namespace.getMostSignificantBits()).putLong(namespace.getLeastSignificantBits());
        sha1.update(ns.array());
        byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50); // version 5
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // IETF variant
        ByteBuffer bb = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(bb.getLong(), bb.getLong());
    }
}
