package io.earshot.map.privacy;

import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.codec.InvalidEventException;
import io.earshot.contracts.events.ErasureRequest;
import io.earshot.contracts.messaging.Messages;
import io.earshot.map.review.CandidatesConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes {@code privacy.erasure}: erases the subject from every map, version and candidate. A request that cannot
 * be read or names no subject goes to {@code privacy.erasure.dlq} with the reason; storage failures are retried.
 */
@ApplicationScoped
public class ErasureConsumer {
    private static final Logger LOG = Logger.getLogger(ErasureConsumer.class);

    private final ErasureService erasure;
    private final Vertx vertx;
    private final CandidatesConfig config;

    public ErasureConsumer(ErasureService erasure, Vertx vertx, CandidatesConfig config) {
        this.erasure = erasure;
        this.vertx = vertx;
        this.config = config;
    }

    @Incoming("privacy-erasure")
    public Uni<Void> consume(Message<String> message) {
        return Messages.process(message, vertx, Math.max(1, config.storeAttempts()), config.storeBackoff(), () -> {
            ErasureRequest request = validate(EventCodec.decode(message.getPayload(), ErasureRequest.class));
            return erasure.erase(request).invoke(o -> LOG.infof(
                    "erasure %s: %d mentions, %d evidence rows removed, %d versions scrubbed",
                    request.id(), o.mentions(), o.evidenceRemoved(), o.versionsScrubbed()));
        });
    }

    static ErasureRequest validate(ErasureRequest r) {
        ErasureRequest.Subject s = r.subject();
        if (s == null) {
            throw new InvalidEventException("invalid ErasureRequest: subject is missing");
        }
        if (s.source() == null || s.source().isBlank()) {
            throw new InvalidEventException("invalid ErasureRequest: subject.source is missing");
        }
        if (AuthorKeys.author(s.source(), s.authorId()) == null && AuthorKeys.handle(s.source(), s.handle()) == null) {
            throw new InvalidEventException("invalid ErasureRequest: subject needs authorId or handle");
        }
        return r;
    }
}
