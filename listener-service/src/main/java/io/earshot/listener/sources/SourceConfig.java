package io.earshot.listener.sources;

import java.util.Map;
import java.util.UUID;

/** What a connector needs to know about the source it polls. */
public record SourceConfig(UUID id, SourceKind kind, String brand, Map<String, String> config) {
    public String get(String key) {
        return config.get(key);
    }

    public String get(String key, String fallback) {
        String v = config.get(key);
        return v == null || v.isBlank() ? fallback : v;
    }
}
