package io.earshot.platform.privacy;

import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.ErasureDone;
import io.earshot.contracts.events.ErasureRequest;
import io.earshot.platform.messaging.Messages;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.Function;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * What every service's {@code privacy.erasure} consumer does: decode and validate the request (unreadable or
 * subject-less requests go to {@code privacy.erasure.dlq} at once), erase, then acknowledge on
 * {@code privacy.erasure.done}; storage or publish failures are retried ({@link Messages#process}). Erasing must be
 * idempotent: a redelivered request erases nothing more and is acknowledged again.
 */
public final class Erasures {
    private static final Logger LOG = Logger.getLogger(Erasures.class);

    private Erasures() {}

    public static Uni<Void> consume(Message<String> message, Vertx vertx, int attempts, Duration backoff,
            String service,
            MutinyEmitter<String> done, Function<ErasureRequest, Uni<Integer>> erase) {
        return Messages.process(message, vertx, Math.max(1, attempts), backoff, () -> {
            ErasureRequest request = Subjects.validate(EventCodec.decode(message.getPayload(), ErasureRequest.class));
            return erase.apply(request)
                    .invoke(n -> LOG.infof("erasure %s: %d records of the subject erased by %s", request.id(), n,
                            service))
                    .flatMap(n -> done.sendMessage(Messages.keyed(request.id().toString(),
                            EventCodec.encode(ErasureDone.of(request.id(), service, n)), Messages.tracingContext(
                                    message))));
        });
    }
}
