package io.earshot.escalation.sourcehealth;

import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.codec.InvalidEventException;
import io.earshot.contracts.events.SourceHealth;
import io.earshot.escalation.dashboard.LiveEvents;
import io.earshot.platform.messaging.ConsumerPolicy;
import io.earshot.platform.messaging.Messages;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Reads {@code sources.health}: stores each source-silent alert (opened by SILENT, closed by RECOVERED) and shows it on
 * the live stream ({@code source} events). Unreadable events go to {@code sources.health.dlq} with the reason;
 * PostgreSQL failures are retried.
 */
@ApplicationScoped
public class SourceAlertConsumer {
    private final SourceAlertStore store;
    private final LiveEvents live;
    private final Vertx vertx;
    private final int attempts;
    private final Duration backoff;

    public SourceAlertConsumer(SourceAlertStore store, LiveEvents live, Vertx vertx,
            ConsumerPolicy policy) {
        this.store = store;
        this.live = live;
        this.vertx = vertx;
        this.attempts = policy.attempts();
        this.backoff = policy.backoff();
    }

    @Incoming("sources-health")
    public Uni<Void> consume(Message<String> message) {
        return Messages.process(message, vertx, attempts, backoff, () -> process(message.getPayload()));
    }

    Uni<Void> process(String payload) {
        SourceHealth e = EventCodec.decode(payload, SourceHealth.class);
        if (e.id() == null || e.sourceId() == null || e.state() == null || e.reason() == null || e.at() == null
                || e.brand() == null || e.brand().isBlank() || e.brand().length() > 64 || e.kind() == null) {
            throw new InvalidEventException("SourceHealth lacks its id, source, brand, kind, state, reason or time");
        }
        return store.apply(e).flatMap(changed -> changed
                ? live.publish("source", e.brand(), e)
                : Uni.createFrom().voidItem());
    }
}
