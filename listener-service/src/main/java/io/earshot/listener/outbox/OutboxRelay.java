package io.earshot.listener.outbox;

import io.earshot.platform.messaging.ChannelProducer;
import io.earshot.platform.messaging.Messages;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * Relays the outbox to Kafka in commit order, each row to its own topic (mentions.raw, privacy.erasure). One relay runs
 * at a time across all replicas (a transaction-scoped advisory lock) and a key's rows reach Kafka in order even when an
 * attempt fails half-way (see {@link #publish}); rows are deleted only after Kafka acknowledged them, so a Kafka outage
 * delays publication and loses nothing. A crash between the acknowledgement and the delete republishes those rows:
 * delivery is at least once and consumers dedupe by mention id.
 *
 * <p>A batch is one transaction on the reactive PostgreSQL client: one statement takes the lock and reads up to
 * {@code earshot.outbox.batch-size} rows, the rows are sent in a few pipelined rounds, and one statement deletes the
 * acknowledged ones (docs/pipeline.md).
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
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

    private final ChannelProducer producer;
    private final int batchSize;
    private final Pool pool;
    private final OutboxStore store;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private final AtomicLong published = new AtomicLong();

    /**
     * The {@code mentions-raw} emitter only wires the channel: its sink owns the Kafka producer (configured from the
     * channel), and the relay hands each round to that producer at once ({@link ChannelProducer}).
     */
    public OutboxRelay(@Channel("mentions-raw") MutinyEmitter<String> channel, KafkaClientService clients,
            @ConfigProperty(name = "earshot.outbox.batch-size") int batchSize, Pool pool, OutboxStore store) {
        this.producer = new ChannelProducer(clients, "mentions-raw");
        this.batchSize = batchSize;
        this.pool = pool;
        this.store = store;
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

    @Scheduled(every = "${earshot.outbox.interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, delayed = "${earshot.outbox.initial-delay:5s}")
    void sweep() {
        kick();
    }

    private void drainLoop() {
        again.set(false);
        Uni.createFrom().deferred(this::drainAll).subscribe().with(total -> {
            draining.set(false);
            if (again.get()) {
                kick();
            }
        }, failure -> {
            draining.set(false);
            LOG.warnf("outbox relay paused, will retry: %s", failure.getMessage());
        });
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
    record Outcome(int rows, Throwable failure) {}

    /** Publish one batch and delete what Kafka acknowledged (no rows when another replica holds the lock). */
    Uni<Outcome> relayBatch() {
        return pool.withTransaction(connection -> store.lockAndRead(connection, batchSize)
                .flatMap(rows -> rows.isEmpty()
                        ? Uni.createFrom().item(new Outcome(0, null))
                        : publishAndDelete(connection, rows)));
    }

    private Uni<Outcome> publishAndDelete(SqlConnection connection, List<OutboxStore.OutboxRow> rows) {
        Map<String, List<OutboxStore.OutboxRow>> byKey = new LinkedHashMap<>();
        for (OutboxStore.OutboxRow row : rows) {
            byKey.computeIfAbsent(row.key(), k -> new ArrayList<>()).add(row);
        }
        List<Long> acked = new ArrayList<>(rows.size());
        return publish(new ArrayList<>(byKey.values()), 0, acked, null)
                .flatMap(failure -> store.delete(connection, acked.toArray(new Long[0]))
                        .invoke(n -> published.addAndGet(n))
                        .map(n -> new Outcome(rows.size(), failure)));
    }

    /**
     * Sends the batch in rounds: round {@code r} sends the r-th row of every key whose earlier rows were all
     * acknowledged, all at once (the producer batches them), and waits for the round's acknowledgements. A key stops
     * at its first failure, so a later row of a key never reaches Kafka before an earlier one, even across a failed
     * attempt; rows of different keys travel together. A batch takes as many rounds as its busiest key has rows (one
     * for most batches), not one acknowledgement per row. Completes with the first failure (null when none), the
     * acknowledged seqs added to {@code acked}.
     */
    private Uni<Throwable> publish(List<List<OutboxStore.OutboxRow>> keys, int round, List<Long> acked,
            Throwable failed) {
        List<List<OutboxStore.OutboxRow>> live = new ArrayList<>(keys.size());
        List<ProducerRecord<String, String>> records = new ArrayList<>(keys.size());
        List<OutboxStore.OutboxRow> sent = new ArrayList<>(keys.size());
        for (List<OutboxStore.OutboxRow> keyRows : keys) {
            if (keyRows.size() > round) {
                OutboxStore.OutboxRow row = keyRows.get(round);
                live.add(keyRows);
                sent.add(row);
                records.add(record(row));
            }
        }
        if (records.isEmpty()) {
            return Uni.createFrom().item(failed);
        }
        return producer.sendAll(records).flatMap(outcome -> {
            Throwable first = failed;
            List<List<OutboxStore.OutboxRow>> next = new ArrayList<>(live.size());
            for (int i = 0; i < outcome.length; i++) {
                if (outcome[i] == null) {
                    acked.add(sent.get(i).seq());
                    next.add(live.get(i));
                } else if (first == null) {
                    first = outcome[i];
                }
            }
            return publish(next, round + 1, acked, first);
        });
    }

    private static ProducerRecord<String, String> record(OutboxStore.OutboxRow row) {
        Context parent = row.traceparent() == null
                ? Context.root()
                : W3CTraceContextPropagator.getInstance().extract(Context.root(), Map.of("traceparent", row
                        .traceparent()), GETTER);
        return Messages.record(row.topic(), row.key(), row.payload(), parent);
    }
}
