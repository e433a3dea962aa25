package io.earshot.platform.idempotency;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code earshot.idempotency.*}: how long {@code Idempotency-Key}s are remembered ({@link IdempotencyFilter}). */
@ConfigMapping(prefix = "earshot.idempotency")
public interface IdempotencySettings {
    /** How long the first answer to a key is replayed. */
    @WithDefault("PT24H")
    Duration ttl();

    /** How long a request in progress holds its key (a crashed request frees it after this). */
    @WithDefault("PT1M")
    Duration lockTtl();
}
