package io.earshot.listener.sources;

import java.util.Map;
import java.util.UUID;

/**
 * What a connector needs to know about the source it polls; {@code credentials} are the opened sign-in secrets
 * (empty when none were given), never logged nor shown ({@link #toString} leaves them out).
 */
public record SourceConfig(UUID id, SourceKind kind, String brand, Map<String, String> config,
        Map<String, String> credentials) {
    public SourceConfig(UUID id, SourceKind kind, String brand, Map<String, String> config) {
        this(id, kind, brand, config, Map.of());
    }

    public SourceConfig {
        credentials = credentials == null ? Map.of() : Map.copyOf(credentials);
    }

    public String get(String key) {
        return config.get(key);
    }

    public String get(String key, String fallback) {
        String v = config.get(key);
        return v == null || v.isBlank() ? fallback : v;
    }

    /** How far back of its cursor a poll looks again by default, for posts that arrive or are indexed late. */
    public static final java.time.Duration DEFAULT_OVERLAP = java.time.Duration.ofMinutes(5);

    /**
     * The overlap window ({@code overlap} setting, ISO-8601, default {@link #DEFAULT_OVERLAP}): each poll asks again for
     * what is up to this much older than the newest item seen, and dedup absorbs the repeats, so a post published or
     * indexed late (a federated Mastodon status, a slow search index) is still caught.
     */
    public java.time.Duration overlap() {
        String v = config.get("overlap");
        return v == null || v.isBlank() ? DEFAULT_OVERLAP : java.time.Duration.parse(v);
    }

    public String credential(String key) {
        return credentials.get(key);
    }

    public boolean hasCredentials() {
        return !credentials.isEmpty();
    }

    /**
     * Tells credentials apart without keeping them (a SHA-256 prefix), so a connector's cached token or session is
     * dropped when they are rotated.
     */
    public String credentialsFingerprint() {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(new java.util.TreeMap<>(credentials)
                    .toString()
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "SourceConfig[id=" + id + ", kind=" + kind + ", brand=" + brand + ", config=" + config + ", credentials="
                + credentials.keySet() + "]";
    }
}
