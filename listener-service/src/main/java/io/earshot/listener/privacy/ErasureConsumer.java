package io.earshot.listener.privacy;

import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.ErasureRequest;
import io.earshot.platform.messaging.ConsumerPolicy;
import io.earshot.platform.messaging.Messages;
import io.earshot.platform.privacy.Subjects;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes {@code privacy.erasure} in the listener (mentions, outbox rows, dedup keys; see {@link SubjectErasure}).
 * A request that cannot be read or names no subject goes to {@code privacy.erasure.dlq} with the reason; storage
 * failures are retried first.
 */
@ApplicationScoped
public class ErasureConsumer {
    private static final Logger LOG = Logger.getLogger(ErasureConsumer.class);

    private final SubjectErasure erasure;
    private final Vertx vertx;
    private final int attempts;
    private final Duration backoff;

    public ErasureConsumer(SubjectErasure erasure, Vertx vertx,
            ConsumerPolicy policy) {
        this.erasure = erasure;
        this.vertx = vertx;
        this.attempts = policy.attempts();
        this.backoff = policy.backoff();
    }

    @Incoming("privacy-erasure")
    public Uni<Void> consume(Message<String> message) {
        return Messages.process(message, vertx, Math.max(1, attempts), backoff, () -> {
            ErasureRequest request = Subjects.validate(EventCodec.decode(message.getPayload(), ErasureRequest.class));
            return erasure.erase(request).invoke(n -> LOG.infof("erasure %s: %d mentions removed", request.id(), n));
        });
    }
}
