package io.earshot.listener.outbox;

import io.earshot.contracts.messaging.Messages;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Relays the outbox to Kafka in commit order, each row to its own topic (mentions.raw, privacy.erasure). One relay runs at a time across all replicas (a transaction-scoped
 * advisory lock) and within a batch one row per key is in flight at a time, so per-key order holds even when an
 * attempt fails half-way; rows are deleted only after Kafka acknowledged them, so a Kafka outage delays publication
 * and loses nothing. A crash between the acknowledgement and the delete republishes those rows:
 * delivery is at least once and consumers dedupe by mention id.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Arbitrary, fixed key of the advisory lock that serialises relays. */
    private static final long RELAY_LOCK = 0x4541525348_4F42L;
    private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final MutinyEmitter<String> emitter;
    private final int batchSize;
    private final Vertx vertx;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private final AtomicLong published = new AtomicLong();

    public OutboxRelay(@Channel("mentions-raw") MutinyEmitter<String> emitter,
            @ConfigProperty(name = "earshot.outbox.batch-size") int batchSize, Vertx vertx) {
        this.emitter = emitter;
        this.batchSize = batchSize;
        this.vertx = vertx;
    }

    /** Number of outbox rows published since start. */
    public long published() {
        return published.get();
    }

    /** Relay now (called after new rows were committed); coalesces with a relay already running. */
    public void kick() {
        again.set(true);
        if (draining.compareAndSet(false, true)) {
            drainLoop();
        }
    }

    @Scheduled(every = "${earshot.outbox.interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "${earshot.outbox.initial-delay:5s}")
    void sweep() {
        kick();
    }

    private void drainLoop() {
        again.set(false);
        // Hibernate Reactive needs a safe duplicated Vert.x context of its own, whoever called kick().
        io.vertx.core.Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> Uni.createFrom().deferred(this::drainAll).subscribe().with(total -> {
            draining.set(false);
            if (again.get()) {
                kick();
            }
        }, failure -> {
            draining.set(false);
            LOG.warnf("outbox relay paused, will retry: %s", failure.getMessage());
        }));
    }

    private Uni<Integer> drainAll() {
        return Uni.createFrom().deferred(this::relayBatch)
                // whilst, not until: until drops the item that ends the loop, and with it a batch's failure.
                .repeat().whilst(outcome -> outcome.failure() == null && outcome.rows() >= batchSize)
                .collect().asList()
                .map(outcomes -> {
                    for (Outcome o : outcomes) {
                        if (o.failure() != null) {
                            // The acknowledged rows are deleted already; the rest wait for the next sweep.
                            throw new IllegalStateException(o.failure().getMessage(), o.failure());
                        }
                    }
                    return outcomes.stream().mapToInt(Outcome::rows).sum();
                });
    }

    /** What one batch did: rows relayed, and the first send failure (null when all were acknowledged). */
    record Outcome(int rows, Throwable failure) {
    }

    /** Publish one batch and delete what Kafka acknowledged (no rows when another replica holds the lock). */
    @WithTransaction
    Uni<Outcome> relayBatch() {
        return Panache.getSession().flatMap(session -> session
                .createNativeQuery("select pg_try_advisory_xact_lock(" + RELAY_LOCK + ")", Boolean.class)
                .getSingleResult()
                .flatMap(locked -> locked ? publishBatch(session) : Uni.createFrom().item(new Outcome(0, null))));
    }

    /**
     * Per-key order, even across a failed attempt: the rows of one key are sent one after the other, each only once
     * the previous one was acknowledged, and a key's chain stops at its first failure, so a later row of that key can
     * never reach Kafka before an earlier one (rows of different keys go in parallel). The attempt ends only when every
     * chain has settled, so no send of a failed attempt is still in flight when the next attempt starts.
     */
    private Uni<Outcome> publishBatch(Mutiny.Session session) {
        return session.createNativeQuery("select seq, kafka_key, payload, traceparent, topic from outbox order by seq limit " + batchSize,
                Object[].class)
                .getResultList()
                .flatMap(rows -> {
                    if (rows.isEmpty()) {
                        return Uni.createFrom().item(new Outcome(0, null));
                    }
                    // Kafka acknowledges on its own threads: continue the session on its Vert.x context.
                    io.vertx.core.Context context = Vertx.currentContext();
                    Map<String, List<Object[]>> byKey = new LinkedHashMap<>();
                    for (Object[] row : rows) {
                        byKey.computeIfAbsent((String) row[1], k -> new ArrayList<>()).add(row);
                    }
                    List<Uni<Chain>> chains = byKey.values().stream().map(keyRows -> chain(keyRows, 0, new ArrayList<>())).toList();
                    return Uni.join().all(chains).andFailFast()
                            .emitOn(command -> context.runOnContext(ignored -> command.run()))
                            .flatMap(settled -> {
                                List<Long> acked = settled.stream().flatMap(c -> c.acked().stream()).toList();
                                Throwable failure = settled.stream().map(Chain::failure).filter(java.util.Objects::nonNull)
                                        .findFirst().orElse(null);
                                Uni<Integer> deleted = acked.isEmpty() ? Uni.createFrom().item(0)
                                        : session.createNativeQuery("delete from outbox where seq = any(?1)")
                                                .setParameter(1, acked.toArray(new Long[0]))
                                                .executeUpdate();
                                return deleted.invoke(n -> published.addAndGet(n))
                                        .map(n -> new Outcome(rows.size(), failure));
                            });
                });
    }

    /** The seqs a key's chain got acknowledged, in order, and the failure that stopped it (if any). */
    private record Chain(List<Long> acked, Throwable failure) {
    }

    private Uni<Chain> chain(List<Object[]> rows, int next, List<Long> acked) {
        if (next == rows.size()) {
            return Uni.createFrom().item(new Chain(acked, null));
        }
        Object[] row = rows.get(next);
        return emitter.sendMessage(message((String) row[4], (String) row[1], (String) row[2], (String) row[3]))
                .onItemOrFailure().transformToUni((ok, failure) -> {
                    if (failure != null) {
                        return Uni.createFrom().item(new Chain(acked, failure));
                    }
                    acked.add(((Number) row[0]).longValue());
                    return chain(rows, next + 1, acked);
                });
    }

    private static Message<String> message(String topic, String key, String payload, String traceparent) {
        Context parent = traceparent == null ? Context.root()
                : W3CTraceContextPropagator.getInstance().extract(Context.root(), Map.of("traceparent", traceparent), GETTER);
        return Messages.keyed(topic, key, payload, parent);
    }
}
