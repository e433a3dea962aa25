package io.earshot.map.review;

import io.earshot.platform.vertx.SafeContext;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Assigns candidates that have waited {@code earshot.personas.wait} for their mentions' facts (mentions.scored lagging
 * or missing) with whatever is known by then, every {@code earshot.personas.sweep-interval}. Replicas may sweep at
 * once: rows are claimed with {@code for update skip locked} and leave the inbox by a delete.
 */
@ApplicationScoped
public class InboxSweeper {
    private static final Logger LOG = Logger.getLogger(InboxSweeper.class);

    private final CandidateStore store;
    private final Vertx vertx;
    private final Clock clock;
    private final Duration wait;
    private final int batch;

    public InboxSweeper(CandidateStore store, Vertx vertx, Clock clock,
            PersonaSettings settings) {
        this.store = store;
        this.vertx = vertx;
        this.clock = clock;
        this.wait = settings.waitFor();
        this.batch = Math.max(1, settings.sweepBatch());
    }

    @Scheduled(identity = "persona-inbox", every = "{earshot.personas.sweep-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        int assigned = sweep().await().atMost(Duration.ofMinutes(5));
        if (assigned > 0) {
            LOG.infof("assigned %d candidates that waited %s for their mentions' facts", assigned, wait);
        }
    }

    /** Assigns every candidate that has waited long enough, a batch per transaction; the number assigned. */
    public Uni<Integer> sweep() {
        return Uni.createFrom().deferred(() -> store.assignWaiting(clock.instant().minus(wait), batch))
                .runSubscriptionOn(SafeContext.current(vertx))
                .flatMap(n -> n < batch ? Uni.createFrom().item(n) : sweep().map(more -> n + more));
    }
}
