package io.earshot.listener.privacy;

import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.codec.InvalidEventException;
import io.earshot.contracts.events.ErasureDone;
import io.earshot.platform.messaging.ConsumerPolicy;
import io.earshot.platform.messaging.Messages;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Consumes {@code privacy.erasure.done}: each service's acknowledgement becomes a line of the request's progress
 * ({@code GET /api/v1/erasures/{id}}). The first acknowledgement per service counts, so redeliveries are harmless;
 * acknowledgements of requests not made here are ignored; unreadable ones go to {@code privacy.erasure.done.dlq}.
 */
@ApplicationScoped
public class ErasureDoneConsumer {
    private final ErasureRequests requests;
    private final Vertx vertx;
    private final int attempts;
    private final Duration backoff;

    public ErasureDoneConsumer(ErasureRequests requests, Vertx vertx,
            ConsumerPolicy policy) {
        this.requests = requests;
        this.vertx = vertx;
        this.attempts = policy.attempts();
        this.backoff = policy.backoff();
    }

    @Incoming("privacy-erasure-done")
    public Uni<Void> consume(Message<String> message) {
        return Messages.process(message, vertx, Math.max(1, attempts), backoff, () -> {
            ErasureDone done = EventCodec.decode(message.getPayload(), ErasureDone.class);
            if (done.requestId() == null) {
                throw new InvalidEventException("invalid ErasureDone: requestId is missing");
            }
            if (done.service() == null || !done.service().matches("[a-z0-9_-]{1,32}")) {
                throw new InvalidEventException("invalid ErasureDone: service must be 1-32 of a-z, 0-9, '_' or '-'");
            }
            if (done.erased() < 0) {
                throw new InvalidEventException("invalid ErasureDone: erased must not be negative");
            }
            return Panache.withTransaction(() -> Panache.getSession().flatMap(s -> requests.acknowledge(s, done
                    .requestId(), done.service(), done.erased(), done.doneAt())));
        });
    }
}
