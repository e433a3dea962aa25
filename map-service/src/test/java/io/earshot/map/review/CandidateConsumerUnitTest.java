package io.earshot.map.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.codec.InvalidEventException;
import io.earshot.contracts.events.InsightCandidate;
import io.earshot.contracts.events.Zone;
import io.earshot.platform.messaging.ConsumerPolicy;
import io.earshot.platform.messaging.Messages;
import io.earshot.platform.privacy.SubjectKeys;
import io.earshot.platform.secrets.Secrets;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The consumer's settling rules without a broker: what is acked, what is retried, what is dead-lettered and why. */
class CandidateConsumerUnitTest {
    static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    /** A store whose first {@code failures} inserts fail, recording the Vert.x context each attempt ran on. */
    static final class FlakyStore extends CandidateStore {
        final AtomicInteger calls = new AtomicInteger();
        final List<Boolean> onContext = Collections.synchronizedList(new ArrayList<>());
        final int failures;

        FlakyStore(int failures) {
            this.failures = failures;
        }

        @Override
        public Uni<Boolean> insert(InsightCandidate c, String traceId) {
            onContext.add(Vertx.currentContext() != null);
            return calls.incrementAndGet() <= failures
                    ? Uni.createFrom().failure(new IllegalStateException("database unavailable"))
                    : Uni.createFrom().item(true);
        }
    }

    static final class Settled {
        final AtomicBoolean acked = new AtomicBoolean();
        final AtomicReference<Throwable> nacked = new AtomicReference<>();

        Message<String> message(String payload) {
            return Message.of(payload, () -> {
                acked.set(true);
                return CompletableFuture.completedFuture(null);
            }, failure -> {
                nacked.set(failure);
                return CompletableFuture.completedFuture(null);
            });
        }
    }

    static CandidateConsumer consumer(CandidateStore store, int attempts) {
        // Candidates in clear: the key vault (no pool here) is not read.
        return new CandidateConsumer(store, new SubjectKeys(null, new Secrets(Optional.empty())), vertx,
                new SimpleMeterRegistry(),
                ConsumerPolicy.of(attempts, Duration.ofMillis(10)));
    }

    static InsightCandidate valid() {
        return new InsightCandidate("1.0", UUID.randomUUID(), "acme", "p", Zone.SAYS, "love it", "praise",
                List.of(UUID.randomUUID()), 2, Instant.parse("2026-01-01T00:00:00Z"), Instant.parse(
                        "2026-01-02T00:00:00Z"));
    }

    @Test
    void aTransientStorageFailureIsRetriedOnAVertxContextThenAcked() {
        FlakyStore store = new FlakyStore(2);
        Settled settled = new Settled();
        consumer(store, 5).consumeOne(settled.message(EventCodec.encode(valid()))).await().atMost(Duration.ofSeconds(
                10));
        assertThat(store.calls).hasValue(3);
        assertThat(store.onContext).containsOnly(true);
        assertThat(settled.acked).isTrue();
        assertThat(settled.nacked).hasValue(null);
    }

    @Test
    void aLastingStorageFailureIsNackedAfterTheConfiguredAttempts() {
        FlakyStore store = new FlakyStore(Integer.MAX_VALUE);
        Settled settled = new Settled();
        consumer(store, 3).consumeOne(settled.message(EventCodec.encode(valid()))).await().atMost(Duration.ofSeconds(
                10));
        assertThat(store.calls).hasValue(3);
        assertThat(settled.acked).isFalse();
        assertThat(settled.nacked.get()).hasMessageContaining("database unavailable");
    }

    @Test
    void oneAttemptMeansNoRetry() {
        FlakyStore store = new FlakyStore(1);
        Settled settled = new Settled();
        consumer(store, 1).consumeOne(settled.message(EventCodec.encode(valid()))).await().atMost(Duration.ofSeconds(
                10));
        assertThat(store.calls).hasValue(1);
        assertThat(settled.nacked.get()).hasMessageContaining("database unavailable");
    }

    @Test
    void anInvalidRecordIsNackedAtOnceWithTheReason() {
        FlakyStore store = new FlakyStore(0);
        Settled settled = new Settled();
        consumer(store, 5).consumeOne(settled.message("[1,2]")).await().atMost(Duration.ofSeconds(10));
        assertThat(store.calls).hasValue(0);
        assertThat(settled.acked).isFalse();
        assertThat(settled.nacked.get()).isInstanceOf(InvalidEventException.class).hasMessageContaining("JSON object");
    }

    @Test
    void validationNamesTheOffendingField() {
        InsightCandidate ok = valid();
        assertThat(CandidateConsumer.validate(ok)).isSameAs(ok);
        assertInvalid(with(ok, null, ok.brand(), ok.zone(), ok.text(), ok.count()), "id is missing");
        assertInvalid(with(ok, ok.id(), " ", ok.zone(), ok.text(), ok.count()), "brand is missing");
        assertInvalid(with(ok, ok.id(), "b".repeat(65), ok.zone(), ok.text(), ok.count()), "brand is longer");
        assertInvalid(with(ok, ok.id(), ok.brand(), null, ok.text(), ok.count()), "zone is missing");
        assertInvalid(with(ok, ok.id(), ok.brand(), ok.zone(), "", ok.count()), "text is missing");
        assertInvalid(with(ok, ok.id(), ok.brand(), ok.zone(), "x".repeat(10_001), ok.count()), "text is longer");
        assertInvalid(with(ok, ok.id(), ok.brand(), ok.zone(), "nul\u0000byte", ok.count()), "NUL");
        assertInvalid(with(ok, ok.id(), ok.brand(), ok.zone(), ok.text(), -1), "count is negative");
        assertInvalid(new InsightCandidate("1.0", ok.id(), ok.brand(), ok.persona(), ok.zone(), ok.text(), ok.theme(),
                ok.evidenceMentionIds(), 1, ok.lastSeen(), ok.firstSeen()), "lastSeen is before firstSeen");
    }

    @Test
    void theTraceIdFallsBackToNoneWithoutTracing() {
        assertThat(Messages.traceId(Message.of("x"))).isNull();
    }

    private static InsightCandidate with(InsightCandidate c, UUID id, String brand, Zone zone, String text, int count) {
        return new InsightCandidate(c.schemaVersion(), id, brand, c.persona(), zone, text, c.theme(), c
                .evidenceMentionIds(),
                count, c.firstSeen(), c.lastSeen());
    }

    private static void assertInvalid(InsightCandidate c, String reason) {
        assertThatThrownBy(() -> CandidateConsumer.validate(c)).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining(reason);
    }
}
