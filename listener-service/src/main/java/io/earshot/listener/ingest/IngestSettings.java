package io.earshot.listener.ingest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

/** {@code earshot.ingest.*}: limits of push ingest (values and their variables in application.properties). */
@ConfigMapping(prefix = "earshot.ingest")
public interface IngestSettings {
    /** Most mentions in one ingest call. */
    int maxBatch();

    /** The per-client budget in mentions: refill per minute. */
    @WithName("rate.per-minute")
    int ratePerMinute();

    /** The per-client budget in mentions: burst. */
    @WithName("rate.burst")
    int rateBurst();
}
