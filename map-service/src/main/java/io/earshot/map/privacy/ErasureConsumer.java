package io.earshot.map.privacy;

import io.earshot.contracts.privacy.Erasures;
import io.earshot.map.review.CandidatesConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Consumes {@code privacy.erasure}: erases the subject from every map, version and candidate, then acknowledges on
 * {@code privacy.erasure.done} (the number of the subject's mentions found). A request that cannot be read or names no
 * subject goes to {@code privacy.erasure.dlq} with the reason; storage failures are retried.
 */
@ApplicationScoped
public class ErasureConsumer {
    static final String SERVICE = "map";

    private final ErasureService erasure;
    private final Vertx vertx;
    private final CandidatesConfig config;
    private final MutinyEmitter<String> done;

    public ErasureConsumer(ErasureService erasure, Vertx vertx, CandidatesConfig config,
            @Channel("privacy-erasure-done") MutinyEmitter<String> done) {
        this.erasure = erasure;
        this.vertx = vertx;
        this.config = config;
        this.done = done;
    }

    @Incoming("privacy-erasure")
    public Uni<Void> consume(Message<String> message) {
        return Erasures.consume(message, vertx, config.storeAttempts(), config.storeBackoff(), SERVICE, done,
                request -> erasure.erase(request).map(ErasureService.Outcome::mentions));
    }
}
