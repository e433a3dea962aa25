package io.earshot.platform.redis;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code earshot.redis.*}: how a service names its Redis keys. Each service sets its own prefix
 * ({@code earshot:<service>:}, {@code EARSHOT_REDIS_PREFIX}), so services sharing one Redis never meet.
 */
@ConfigMapping(prefix = "earshot.redis")
public interface RedisSettings {
    @WithDefault("earshot:")
    String keyPrefix();
}
