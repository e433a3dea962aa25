package io.earshot.escalation.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.platform.redis.RedisSettings;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands.ReactiveRedisSubscriber;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * The live fan-out behind the dashboard stream, across replicas: whoever produces an event (the replica running the
 * crisis monitor) publishes it on the Redis channel {@code <prefix>cr:live}; every replica subscribes once and hands
 * each event to its own SSE clients. Events are JSON {@code {"type": "window"|"alert"|"cluster", "brand": ..., "data": ...}}.
 * Redis pub/sub is fire-and-forget: a client that is not connected misses events (the GET endpoints have the state).
 */
@ApplicationScoped
public class LiveEvents {
    private static final Logger LOG = Logger.getLogger(LiveEvents.class);

    /** One event on the stream. */
    public record LiveEvent(String type, String brand, JsonNode data) {}

    private final ReactiveRedisDataSource redis;
    private final String channel;
    private final BroadcastProcessor<LiveEvent> local = BroadcastProcessor.create();
    private volatile ReactiveRedisSubscriber subscriber;

    public LiveEvents(ReactiveRedisDataSource redis, RedisSettings redisSettings) {
        this.redis = redis;
        this.channel = redisSettings.keyPrefix() + "cr:live";
    }

    void start(@Observes StartupEvent ev) {
        subscribe();
    }

    private void subscribe() {
        redis.pubsub(String.class).subscribe(channel, this::deliver)
                .subscribe().with(s -> subscriber = s, e -> {
                    LOG.warnf("live events: cannot subscribe to Redis (%s), retrying", e.getMessage());
                    Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofSeconds(2))
                            .subscribe().with(x -> subscribe());
                });
    }

    void stop(@Observes ShutdownEvent ev) {
        ReactiveRedisSubscriber s = subscriber;
        if (s != null) {
            s.unsubscribe().subscribe().with(x -> {}, e -> {});
        }
    }

    private void deliver(String json) {
        try {
            JsonNode node = EventCodec.mapper().readTree(json);
            local.onNext(new LiveEvent(node.path("type").asText(), node.path("brand").asText(), node.path("data")));
        } catch (Exception e) {
            LOG.debugf("live events: unreadable message dropped: %s", e.getMessage());
        }
    }

    /** Publishes an event to every replica's SSE clients (failures are logged, never raised). */
    public Uni<Void> publish(String type, String brand, Object data) {
        ObjectNode msg = EventCodec.mapper().createObjectNode().put("type", type).put("brand", brand);
        msg.set("data", EventCodec.mapper().valueToTree(data));
        return redis.pubsub(String.class).publish(channel, msg.toString())
                .onFailure().recoverWithUni(e -> {
                    LOG.debugf("live events: publish failed: %s", e.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }

    /** The events of one brand (every brand when null), from now on. */
    public Multi<LiveEvent> stream(String brand) {
        return local.filter(e -> brand == null || brand.equals(e.brand()));
    }
}
