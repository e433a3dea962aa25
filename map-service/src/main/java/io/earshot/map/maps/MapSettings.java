package io.earshot.map.maps;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code earshot.maps.*}: map listings and scheduled snapshots (values and their variables in application.properties). */
@ConfigMapping(prefix = "earshot.maps")
public interface MapSettings {
    /** Page size of map item and evidence lists when the client gives no limit. */
    @WithDefault("50")
    int defaultLimit();

    /** Quartz cron (UTC) of scheduled snapshots of every map with items ({@code @Scheduled}, read there); off: none. */
    @WithDefault("0 0 3 * * ?")
    String snapshotCron();
}
