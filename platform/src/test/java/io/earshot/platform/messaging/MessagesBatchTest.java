package io.earshot.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.earshot.contracts.codec.InvalidEventException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link Messages#processBatch}: what is worked on together, what is dead-lettered alone, and the fallback. */
class MessagesBatchTest {
    static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    /** Records whose acks and nacks are observed; payload "bad" cannot be decoded. */
    static final class Batch {
        final List<Message<String>> records = new ArrayList<>();
        final List<String> acked = new CopyOnWriteArrayList<>();
        final Map<String, Throwable> nacked = new ConcurrentHashMap<>();
        final AtomicInteger batchAcks = new AtomicInteger();
        final Message<List<String>> batch;

        Batch(String... payloads) {
            for (String p : payloads) {
                records.add(Message.of(p).withAck(() -> {
                    acked.add(p);
                    return CompletableFuture.completedFuture(null);
                }).withNack(reason -> {
                    nacked.put(p, reason);
                    return CompletableFuture.completedFuture(null);
                }));
            }
            batch = Message.of(List.of(payloads)).withAck(() -> {
                batchAcks.incrementAndGet();
                return CompletableFuture.completedFuture(null);
            });
        }
    }

    static String decode(String payload) {
        if (payload.startsWith("bad")) {
            throw new InvalidEventException("cannot read " + payload);
        }
        return payload.toUpperCase();
    }

    static void run(Batch b, Function<List<Messages.Decoded<String>>, Uni<?>> work,
            Function<Message<String>, Uni<Void>> one) {
        Messages.processBatch(b.batch, b.records, vertx, 3, Duration.ofMillis(10), MessagesBatchTest::decode, work, one)
                .await().atMost(Duration.ofSeconds(10));
    }

    @Test
    void readableRecordsAreWorkedOnTogetherAndTheBatchIsAckedOnce() {
        Batch b = new Batch("a", "b", "c");
        List<List<String>> calls = new CopyOnWriteArrayList<>();
        run(b, decoded -> {
            calls.add(decoded.stream().map(Messages.Decoded::event).toList());
            return Uni.createFrom().voidItem();
        }, r -> Uni.createFrom().failure(new AssertionError("no record should go one by one")));
        assertThat(calls).containsExactly(List.of("A", "B", "C"));
        assertThat(b.batchAcks).hasValue(1);
        assertThat(b.nacked).isEmpty();
    }

    @Test
    void anUnreadableRecordIsDeadLetteredAloneWithItsReason() {
        Batch b = new Batch("a", "bad-1", "c");
        List<String> worked = new CopyOnWriteArrayList<>();
        run(b, decoded -> {
            decoded.forEach(d -> worked.add(d.event()));
            return Uni.createFrom().voidItem();
        }, r -> Uni.createFrom().failure(new AssertionError("no record should go one by one")));
        assertThat(worked).containsExactly("A", "C");
        assertThat(b.nacked).containsOnlyKeys("bad-1");
        assertThat(b.nacked.get("bad-1")).isInstanceOf(InvalidEventException.class).hasMessage("cannot read bad-1");
        assertThat(b.batchAcks).hasValue(1);
    }

    @Test
    void aTransientFailureRetriesTheWholeBatch() {
        Batch b = new Batch("a", "b");
        AtomicInteger attempts = new AtomicInteger();
        run(b, decoded -> attempts.incrementAndGet() < 3
                ? Uni.createFrom().failure(new IllegalStateException("db down"))
                : Uni.createFrom().voidItem(), r -> Uni.createFrom().failure(new AssertionError("not one by one")));
        assertThat(attempts).hasValue(3);
        assertThat(b.batchAcks).hasValue(1);
        assertThat(b.nacked).isEmpty();
    }

    @Test
    void aBatchThatKeepsFailingGoesOneByOneInOrderThenIsAcked() {
        Batch b = new Batch("a", "bad-2", "c");
        AtomicInteger attempts = new AtomicInteger();
        List<String> oneByOne = Collections.synchronizedList(new ArrayList<>());
        run(b, decoded -> {
            attempts.incrementAndGet();
            return Uni.createFrom().failure(new IllegalStateException("value too long"));
        }, r -> {
            oneByOne.add(r.getPayload());
            return Uni.createFrom().voidItem();
        });
        assertThat(attempts).as("the batch is tried as often as configured").hasValue(3);
        assertThat(oneByOne).containsExactly("a", "bad-2", "c");
        assertThat(b.nacked).as("the fallback settles each record itself").isEmpty();
        assertThat(b.batchAcks).hasValue(1);
    }

    @Test
    void whenTheFallbackFailsTheBatchIsNotAcked() {
        Batch b = new Batch("a");
        Uni<Void> result = Messages.processBatch(b.batch, b.records, vertx, 1, Duration.ofMillis(10),
                MessagesBatchTest::decode, decoded -> Uni.createFrom().failure(new IllegalStateException("down")),
                r -> Uni.createFrom().failure(new IllegalStateException("dead-letter topic unreachable")));
        assertThatThrownBy(() -> result.await().atMost(Duration.ofSeconds(10)))
                .hasMessageContaining("dead-letter topic unreachable");
        assertThat(b.batchAcks).hasValue(0);
    }
}
