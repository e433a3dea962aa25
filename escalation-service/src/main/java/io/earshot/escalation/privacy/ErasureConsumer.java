package io.earshot.escalation.privacy;

import io.earshot.platform.messaging.ConsumerPolicy;
import io.earshot.platform.privacy.Erasures;
import io.earshot.platform.privacy.SubjectKeys;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Consumes {@code privacy.erasure}: erases the subject from cases, CRM links, the recent-mentions cache, coordination
 * samples, audit entries and Redis ({@link SubjectErasure}), then acknowledges on {@code privacy.erasure.done}.
 * Unreadable requests go to {@code privacy.erasure.dlq} with the reason.
 */
@ApplicationScoped
public class ErasureConsumer {
    static final String SERVICE = "escalation";

    private final SubjectErasure erasure;
    private final SubjectKeys keys;
    private final Vertx vertx;
    private final MutinyEmitter<String> done;
    private final int attempts;
    private final Duration backoff;

    public ErasureConsumer(SubjectErasure erasure, SubjectKeys keys, Vertx vertx,
            @Channel("privacy-erasure-done") MutinyEmitter<String> done,
            ConsumerPolicy policy) {
        this.erasure = erasure;
        this.keys = keys;
        this.vertx = vertx;
        this.done = done;
        this.attempts = policy.attempts();
        this.backoff = policy.backoff();
    }

    @Incoming("privacy-erasure")
    public Uni<Void> consume(Message<String> message) {
        // The subject's data key, destroyed by the listener, is read again (and found gone) after this erasure.
        return Erasures.consume(message, vertx, attempts, backoff, SERVICE, done, request -> erasure.erase(request)
                .invoke(keys::forgetCached));
    }
}
