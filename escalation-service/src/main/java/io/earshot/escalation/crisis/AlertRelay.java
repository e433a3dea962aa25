package io.earshot.escalation.crisis;

import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.CrisisAlert;
import io.earshot.escalation.dashboard.LiveEvents;
import io.earshot.platform.messaging.Messages;
import io.opentelemetry.context.Context;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Relays the outbox of crisis alerts: each stored alert goes to {@code crisis.alerts} (keyed by brand, its top
 * authors pseudonymous: {@link CrisisAlert#pseudonymous}; marked
 * published only once Kafka acknowledged it), is queued for the webhooks in the same transaction (sent, signed and
 * retried from PostgreSQL by the webhook dispatcher) and goes to the live stream. Rows are
 * locked with {@code for update skip locked}, so two replicas never relay the same alert; a failure leaves the rest
 * for the next tick, in order.
 */
@ApplicationScoped
public class AlertRelay {
    private final CrisisStore store;
    private final MutinyEmitter<String> alerts;
    private final WebhookNotifier webhooks;
    private final LiveEvents live;

    public AlertRelay(CrisisStore store, @Channel("crisis-alerts") MutinyEmitter<String> alerts,
            WebhookNotifier webhooks,
            LiveEvents live) {
        this.store = store;
        this.alerts = alerts;
        this.webhooks = webhooks;
        this.live = live;
    }

    /** Relays what is pending; returns how many alerts went out. */
    @WithTransaction
    public Uni<Integer> relay() {
        return Panache.getSession().flatMap(session -> store.pending(session, 50).flatMap(pending -> Multi.createFrom()
                .iterable(pending)
                .onItem().transformToUniAndConcatenate(p -> {
                    CrisisAlert alert = EventCodec.decode(p.payload(), CrisisAlert.class);
                    // The topic keeps records until retention: its copy names no author (the stored one does).
                    return alerts.sendMessage(Messages.keyed(alert.brand(), EventCodec.encode(alert.pseudonymous()),
                            Context.current()))
                            .flatMap(v -> store.markPublished(session, p.seq()))
                            .flatMap(v -> webhooks.enqueue(session, alert))
                            .flatMap(v -> live.publish("alert", alert.brand(), alert));
                })
                .collect().asList()
                .map(l -> l.size())))
                .invoke(n -> {
                    if (n > 0) {
                        webhooks.kick();
                    }
                });
    }
}
