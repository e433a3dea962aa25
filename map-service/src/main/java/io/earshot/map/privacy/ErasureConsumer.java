package io.earshot.map.privacy;

import io.earshot.platform.idempotency.IdempotencyFilter;
import io.earshot.platform.messaging.ConsumerPolicy;
import io.earshot.platform.privacy.Erasures;
import io.earshot.platform.privacy.SubjectKeys;
import io.earshot.platform.privacy.Subjects;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Consumes {@code privacy.erasure}: erases the subject from every map, version and candidate, and their names from
 * stored idempotent answers, then acknowledges on
 * {@code privacy.erasure.done} (the number of the subject's mentions found). A request that cannot be read or names no
 * subject goes to {@code privacy.erasure.dlq} with the reason; storage failures are retried.
 */
@ApplicationScoped
public class ErasureConsumer {
    static final String SERVICE = "map";

    private final SubjectErasure erasure;
    private final Vertx vertx;
    private final ConsumerPolicy policy;
    private final MutinyEmitter<String> done;
    private final IdempotencyFilter idempotency;
    private final SubjectKeys keys;

    public ErasureConsumer(SubjectErasure erasure, Vertx vertx, ConsumerPolicy policy,
            @Channel("privacy-erasure-done") MutinyEmitter<String> done, IdempotencyFilter idempotency,
            SubjectKeys keys) {
        this.erasure = erasure;
        this.keys = keys;
        this.idempotency = idempotency;
        this.vertx = vertx;
        this.policy = policy;
        this.done = done;
    }

    @Incoming("privacy-erasure")
    public Uni<Void> consume(Message<String> message) {
        return Erasures.consume(message, vertx, policy.attempts(), policy.backoff(), SERVICE, done,
                request -> erasure.erase(request).call(o -> idempotency.scrub(Subjects.pattern(java.util.Arrays.asList(
                        request.subject().authorId(), Subjects.bareHandle(request.subject().handle())))))
                        .invoke(keys::forgetCached) // the destroyed data key is read again (found gone)
                        .map(SubjectErasure.Outcome::mentions));
    }
}
