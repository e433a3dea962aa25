package io.earshot.escalation.cases;

import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.CaseEvent;
import io.earshot.platform.db.Sql;
import io.earshot.platform.messaging.ChannelProducer;
import io.earshot.platform.messaging.Messages;
import io.earshot.platform.vertx.SafeContext;
import io.opentelemetry.context.Context;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Case lifecycle events on {@code cases.events}, through an outbox: {@link #enqueue} writes the event in the
 * transaction of the change, and the relay publishes outbox rows in order (one relay at a time, by an advisory lock)
 * and deletes them once Kafka acknowledged them. The relay runs after each change ({@link #kick}) and every
 * {@code earshot.cases.events.relay-interval}, so events held back by a Kafka outage or a crash go out later.
 * Delivery is at least once (a pass that fails after sending is repeated): consumers dedupe by the event {@code id}.
 */
@ApplicationScoped
public class CaseEvents {
    private static final Logger LOG = Logger.getLogger(CaseEvents.class);
    private static final long LOCK = 0x6361736573L; // "cases"

    private final ChannelProducer producer;
    private final Pool pool;
    private final Clock clock;
    private final Vertx vertx;
    private final Duration interval;
    private final int batch;
    private long timer = -1;

    /**
     * The {@code cases-events} emitter only wires the channel: its sink owns the Kafka producer (configured from the
     * channel), and a relay pass hands its rows to that producer at once ({@link ChannelProducer}).
     */
    public CaseEvents(@Channel("cases-events") MutinyEmitter<String> channel, KafkaClientService clients, Pool pool,
            Clock clock, Vertx vertx, CaseEventSettings settings) {
        this.producer = new ChannelProducer(clients, "cases-events");
        this.pool = pool;
        this.clock = clock;
        this.vertx = vertx;
        this.interval = settings.relayInterval();
        this.batch = settings.relayBatch();
    }

    void start(@Observes StartupEvent ev) {
        if (!interval.isZero() && !interval.isNegative()) {
            timer = vertx.setPeriodic(interval.toMillis(), id -> kick());
        }
    }

    void stop(@Observes ShutdownEvent ev) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Writes the event of {@code type} for {@code c} (as it is now) into the outbox, inside the caller's transaction. */
    public Uni<Void> enqueue(Mutiny.Session s, CaseEntity c, CaseEvent.Type type, String actor, String detail) {
        return enqueueAll(s, List.of(event(c, type, actor, detail)));
    }

    /** An outbox row: the case and its encoded event. */
    public record Outgoing(UUID caseId, String payload) {}

    /** The event of {@code type} for {@code c} as it is now, for a batch that writes its events together. */
    public Outgoing event(CaseEntity c, CaseEvent.Type type, String actor, String detail) {
        CaseEvent e = new CaseEvent(CaseEvent.SCHEMA_VERSION, UUID.randomUUID(), c.id, type, c.brand, c.queue, c.status,
                c.priorityBand, c.priority, c.escalationLevel, actor, detail, clock.instant());
        return new Outgoing(c.id, EventCodec.encode(e));
    }

    /** Outbox rows in the order given (so they are relayed in that order), in one statement for both clients. */
    private static final String ENQUEUE = """
            insert into case_events_outbox (case_id, payload)
            select case_id, payload from unnest(cast($1 as uuid[]), cast($2 as text[])) with ordinality as e(case_id, payload, ord)
             order by ord""";
    private static final String ENQUEUE_HIBERNATE = Sql.hibernate(ENQUEUE);

    /** Writes the events into the outbox in the order given, inside the caller's Hibernate transaction. */
    public Uni<Void> enqueueAll(Mutiny.Session s, List<Outgoing> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return s.createNativeQuery(ENQUEUE_HIBERNATE)
                .setParameter(1, events.stream().map(Outgoing::caseId).toArray(UUID[]::new))
                .setParameter(2, events.stream().map(Outgoing::payload).toArray(String[]::new))
                .executeUpdate().replaceWithVoid();
    }

    /** Writes the events into the outbox in the order given, on the connection of the caller's transaction (hot path). */
    public Uni<Void> enqueueAll(SqlClient connection, List<Outgoing> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return connection.preparedQuery(ENQUEUE).execute(Tuple.of(events.stream().map(Outgoing::caseId).toArray(
                UUID[]::new),
                events.stream().map(Outgoing::payload).toArray(String[]::new))).replaceWithVoid();
    }

    /** Starts a relay pass in the background (after a commit); failures are logged and retried by the timer. */
    public void kick() {
        Uni.createFrom().deferred(this::relay)
                .runSubscriptionOn(SafeContext.current(vertx))
                .subscribe().with(n -> {}, f -> LOG.debugf("case events not relayed yet: %s", f.getMessage()));
    }

    /**
     * Publishes up to one batch of outbox rows in order and deletes them; 0 when another relay holds the lock. The
     * batch's sends are handed to the producer in order without waiting for each acknowledgement (the idempotent
     * producer keeps a partition's order), and the rows are deleted once all are acknowledged.
     */
    public Uni<Integer> relay() {
        return pool.withTransaction(c -> c.preparedQuery("select pg_try_advisory_xact_lock($1) as locked")
                .execute(Tuple.of(LOCK))
                .chain(locked -> !locked.iterator().next().getBoolean("locked")
                        ? Uni.createFrom().item(0)
                        : c
                                .preparedQuery(
                                        "select seq, case_id, payload from case_events_outbox order by seq limit $1")
                                .execute(Tuple.of(batch))
                                .chain(rows -> {
                                    if (rows.size() == 0) {
                                        return Uni.createFrom().item(0);
                                    }
                                    List<Long> seqs = new ArrayList<>(rows.size());
                                    List<ProducerRecord<String, String>> records = new ArrayList<>(rows.size());
                                    Context otel = Context.current();
                                    for (Row r : rows) {
                                        seqs.add(r.getLong("seq"));
                                        records.add(Messages.record(producer.topic(), r.getUUID("case_id")
                                                .toString(), r.getString("payload"), otel));
                                    }
                                    return producer.sendAll(records).invoke(CaseEvents::failOnAnyFailure)
                                            .chain(() -> c.preparedQuery(
                                                    "delete from case_events_outbox where seq = any($1)")
                                                    .execute(Tuple.of(seqs.toArray(Long[]::new))))
                                            .replaceWith(rows.size());
                                })));
    }

    /** A pass with any record Kafka did not acknowledge fails whole: nothing is deleted, the next pass resends. */
    private static void failOnAnyFailure(Throwable[] outcome) {
        Throwable failure = Messages.firstFailure(outcome);
        if (failure != null) {
            throw new IllegalStateException("case events not acknowledged: " + failure.getMessage(), failure);
        }
    }
}
