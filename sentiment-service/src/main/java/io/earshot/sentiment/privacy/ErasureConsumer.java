package io.earshot.sentiment.privacy;

import io.earshot.contracts.events.ErasureRequest;
import io.earshot.contracts.privacy.Erasures;
import io.earshot.contracts.privacy.Subjects;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Consumes {@code privacy.erasure}: deletes the subject's scores (the only rows sentiment keeps about an author: the
 * score and the scored mention it was published as; sentiment keeps nothing in Redis) and acknowledges on
 * {@code privacy.erasure.done}. Unreadable requests go to {@code privacy.erasure.dlq}; a redelivery deletes nothing
 * more and is acknowledged again.
 */
@ApplicationScoped
public class ErasureConsumer {
    static final String SERVICE = "sentiment";
    private static final String DELETE = """
            delete from scores where lower(source) = ?1
              and ((cast(?2 as varchar) is not null and author_id = ?2)
                or (cast(?3 as varchar) is not null
                    and lower(ltrim(cast(payload as jsonb) -> 'mention' -> 'author' ->> 'handle', '@')) = ?3))""";

    private final Vertx vertx;
    private final MutinyEmitter<String> done;
    private final int attempts;
    private final Duration backoff;

    public ErasureConsumer(Vertx vertx, @Channel("privacy-erasure-done") MutinyEmitter<String> done,
            @ConfigProperty(name = "earshot.consumer.attempts") int attempts,
            @ConfigProperty(name = "earshot.consumer.backoff") Duration backoff) {
        this.vertx = vertx;
        this.done = done;
        this.attempts = attempts;
        this.backoff = backoff;
    }

    @Incoming("privacy-erasure")
    public Uni<Void> consume(Message<String> message) {
        return Erasures.consume(message, vertx, attempts, backoff, SERVICE, done, this::erase);
    }

    /** Deletes the subject's scores; how many. */
    Uni<Integer> erase(ErasureRequest request) {
        ErasureRequest.Subject s = request.subject();
        String authorId = s.authorId() == null || s.authorId().isBlank() ? null : s.authorId().trim();
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session.createNativeQuery(DELETE)
                .setParameter(1, s.source().trim().toLowerCase(Locale.ROOT))
                .setParameter(2, authorId)
                .setParameter(3, Subjects.bareHandle(s.handle()))
                .executeUpdate()));
    }
}
