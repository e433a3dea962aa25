package io.earshot.listener.sources;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;

/** {@link SourceSettings} for tests that build the poller's parts themselves: the defaults, then these keys. */
final class TestSettings {
    private TestSettings() {}

    /** {@code values}: keys under {@code earshot.sources.} (e.g. {@code backoff.initial}) to their values. */
    static SourceSettings sources(Map<String, String> values) {
        Map<String, String> full = new java.util.HashMap<>();
        values.forEach((k, v) -> full.put("earshot.sources." + k, v));
        return new SmallRyeConfigBuilder().withMapping(SourceSettings.class)
                .withSources(new PropertiesConfigSource(full, "test", 500)).build()
                .getConfigMapping(SourceSettings.class);
    }
}
