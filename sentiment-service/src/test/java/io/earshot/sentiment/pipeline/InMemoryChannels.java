package io.earshot.sentiment.pipeline;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A test profile that runs the service with its three Kafka channels on the in-memory connector (no broker); the
 * database stays the real test database. The connector's switches set system properties, which {@code stop} clears
 * so that the test classes on the real broker that run later in the same JVM are not affected.
 */
public class InMemoryChannels implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Switch.class));
    }

    public static class Switch implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            Map<String, String> config = new HashMap<>();
            config.putAll(InMemoryConnector.switchIncomingChannelsToInMemory("mentions-raw"));
            config.putAll(InMemoryConnector.switchOutgoingChannelsToInMemory("mentions-scored", "insights-candidates"));
            // One in-memory source, not one per copy of the channel (the Kafka channel runs several copies).
            config.put("mp.messaging.incoming.mentions-raw.concurrency", "1");
            return config;
        }

        @Override
        public void stop() {
            InMemoryConnector.clear();
        }
    }
}
