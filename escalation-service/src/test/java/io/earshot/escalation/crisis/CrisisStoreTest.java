package io.earshot.escalation.crisis;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.contracts.events.CrisisAlert;
import io.earshot.contracts.events.CrisisAlert.Severity;
import io.earshot.contracts.events.CrisisAlert.State;
import io.earshot.platform.http.Page;
import io.earshot.platform.vertx.SafeContext;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** One crisis per stream in PostgreSQL, whichever replica or restart reports it, and rate-limited updates. */
@QuarkusTest
class CrisisStoreTest {
    static final Instant T = Instant.parse("2026-03-02T10:00:00Z");

    @Inject
    CrisisStore store;
    @Inject
    Vertx vertx;

    <T> T run(Supplier<Uni<T>> work) {
        return Uni.createFrom().<T>deferred(() -> work.get()).runSubscriptionOn(SafeContext.current(vertx)).await()
                .atMost(Duration.ofSeconds(10));
    }

    static CrisisAlert alert(UUID id, String brand, State state, Severity severity, long volume, Instant at) {
        return new CrisisAlert(CrisisAlert.SCHEMA_VERSION, id, brand, "billing", Duration.ofMinutes(5), volume, 10, 0.5,
                7,
                severity, List.of(), state, at);
    }

    @Test
    void aSecondOpenOfTheSameStreamBecomesAnUpdateOfTheFirstAndUpdatesAreRateLimited() {
        String brand = "s" + UUID.randomUUID().toString().substring(0, 8);
        UUID first = UUID.randomUUID();
        Optional<CrisisAlert> opened = run(() -> store.apply(alert(first, brand, State.OPEN, Severity.LOW, 50, T)));
        assertThat(opened).get().extracting(CrisisAlert::state).isEqualTo(State.OPEN);

        // Another replica (or this one after a restart) detects the same crisis a minute later under another id.
        Optional<CrisisAlert> again = run(() -> store.apply(alert(UUID.randomUUID(), brand, State.OPEN, Severity.LOW,
                55,
                T.plusSeconds(60))));
        assertThat(again).isEmpty(); // same severity: stored, not published again
        // The same OPEN replayed is nothing new either.
        assertThat(run(() -> store.apply(alert(first, brand, State.OPEN, Severity.LOW, 50, T)))).isEmpty();

        // Growth within the update interval is stored quietly; a rise in severity goes out at once, under the first id.
        assertThat(run(() -> store.apply(alert(first, brand, State.UPDATED, Severity.LOW, 80, T.plusSeconds(120)))))
                .isEmpty();
        Optional<CrisisAlert> rose = run(() -> store.apply(alert(first, brand, State.UPDATED, Severity.HIGH, 200, T
                .plusSeconds(180))));
        assertThat(rose).get().extracting(CrisisAlert::id, CrisisAlert::state).containsExactly(first, State.UPDATED);
        Optional<CrisisAlert> resolved = run(() -> store.apply(alert(UUID.randomUUID(), brand, State.RESOLVED,
                Severity.LOW, 12,
                T.plusSeconds(900))));
        assertThat(resolved).get().extracting(CrisisAlert::id, CrisisAlert::state).containsExactly(first,
                State.RESOLVED);

        Page<CrisisAlert> page = run(() -> store.list(io.earshot.platform.security.Scope.ALL, brand, false, null, 10));
        assertThat(page.items()).singleElement().satisfies(a -> {
            assertThat(a.id()).isEqualTo(first);
            assertThat(a.state()).isEqualTo(State.RESOLVED);
        });
        assertThat(run(() -> store.get(first)).alerts()).extracting(CrisisAlert::state)
                .containsExactly(State.OPEN, State.UPDATED, State.RESOLVED);

        // After it resolved, the stream can open a new crisis.
        UUID next = UUID.randomUUID();
        assertThat(run(() -> store.apply(alert(next, brand, State.OPEN, Severity.MEDIUM, 90, T.plusSeconds(3600)))))
                .isPresent();
        assertThat(run(() -> store.list(io.earshot.platform.security.Scope.ALL, brand, true, null, 10)).items())
                .extracting(CrisisAlert::id).containsExactly(next);
    }
}
