package io.earshot.platform.messaging;

import io.earshot.platform.vertx.SafeContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaProducer;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The Kafka producer of an outgoing channel, used straight: a whole batch of records is handed to the producer's
 * sending thread at once ({@link KafkaProducer#runOnSendingThread}), one hand-off per batch instead of one message,
 * emitter hand-over, sink stream element and acknowledgement chain per record. The producer is the channel's own
 * (the connector creates it from the channel's configuration), so acks, idempotence, compression, linger, timeouts and
 * the channel's health and metrics all still apply; the channel must exist, i.e. be wired by an {@code @Channel}
 * emitter (its sink owns the producer). Records carry their key, topic and trace headers themselves
 * ({@link Messages#record}).
 */
public final class ChannelProducer {
    private final KafkaClientService clients;
    private final String channel;
    private final String topic;
    private volatile KafkaProducer<String, String> producer;

    public ChannelProducer(KafkaClientService clients, String channel) {
        this.clients = clients;
        this.channel = channel;
        this.topic = ConfigProvider.getConfig().getOptionalValue("mp.messaging.outgoing." + channel + ".topic",
                String.class).orElse(channel);
    }

    /** The channel's topic (where a record without a topic of its own goes). */
    public String topic() {
        return topic;
    }

    /**
     * Sends every record at once and completes when each one is settled, with one slot per record in order: null
     * when Kafka acknowledged it, its failure otherwise (a record the producer refused at once, e.g. its metadata
     * wait timed out, is a failure in its slot). The records of a batch reach the producer in list order, so the
     * records of one key keep their order. The outcome arrives on the caller's Vert.x context when it has one (not on
     * the producer's network thread).
     */
    public Uni<Throwable[]> sendAll(List<ProducerRecord<String, String>> records) {
        int n = records.size();
        Throwable[] outcome = new Throwable[n];
        if (n == 0) {
            return Uni.createFrom().item(outcome);
        }
        Context caller = Vertx.currentContext();
        AtomicInteger pending = new AtomicInteger(n);
        AtomicIntegerArray once = new AtomicIntegerArray(n); // a slot is settled once, by its callback or its throw
        CompletableFuture<Throwable[]> done = new CompletableFuture<>();
        Uni<Throwable[]> sent = Uni.createFrom().deferred(() -> producer().runOnSendingThread((
                Producer<String, String> p) -> {
            for (int i = 0; i < n; i++) {
                int at = i;
                try {
                    p.send(records.get(i), (metadata, failure) -> settle(at, failure, once, pending, done, outcome));
                } catch (RuntimeException e) { // refused at once (metadata wait timed out, producer closed)
                    settle(at, e, once, pending, done, outcome);
                }
            }
        })).onItem().transformToUni(ignored -> Uni.createFrom().completionStage(done))
                // No producer (it could not be created, or is closed): nothing was sent, every record failed.
                .onFailure().recoverWithItem(failure -> {
                    Arrays.fill(outcome, failure);
                    return outcome;
                });
        return caller == null ? sent : sent.emitOn(SafeContext.on(caller));
    }

    private static void settle(int at, Throwable failure, AtomicIntegerArray once, AtomicInteger pending,
            CompletableFuture<Throwable[]> done, Throwable[] outcome) {
        if (!once.compareAndSet(at, 0, 1)) {
            return;
        }
        outcome[at] = failure;
        if (pending.decrementAndGet() == 0) {
            done.complete(outcome);
        }
    }

    private KafkaProducer<String, String> producer() {
        KafkaProducer<String, String> p = producer;
        if (p == null) {
            p = clients.getProducer(channel);
            if (p == null) {
                throw new IllegalStateException("no Kafka producer for channel " + channel
                        + ": it must be a smallrye-kafka outgoing channel wired by an emitter");
            }
            producer = p;
        }
        return p;
    }
}
