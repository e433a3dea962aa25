package io.earshot.listener.sources;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/** The poller's reads and writes of source state; each in its own short transaction. */
@ApplicationScoped
public class SourceStore {
    /** What one successful poll did. */
    public record Outcome(int polled, int matched, int accepted, int duplicates, int optedOut, String cursor) {}

    /**
     * Claims up to {@code max} due sources by moving their next poll a lease into the future, so no other replica or
     * tick polls them meanwhile; the poll's own result sets the real next time (a crash leaves the lease to expire).
     */
    @WithTransaction
    public Uni<List<UUID>> claimDue(Instant now, Instant leaseUntil, int max) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery("""
                select id from sources where status = 'ACTIVE' and next_poll_at <= ?1
                order by next_poll_at limit ?2 for update skip locked""", UUID.class)
                .setParameter(1, at(now))
                .setParameter(2, max)
                .getResultList()
                .flatMap(ids -> ids.isEmpty()
                        ? Uni.createFrom().item(ids)
                        : s.createNativeQuery("update sources set next_poll_at = ?1 where id = any(?2)")
                                .setParameter(1, at(leaseUntil))
                                .setParameter(2, ids.toArray(new UUID[0]))
                                .executeUpdate()
                                .replaceWith(ids)));
    }

    @WithSession
    public Uni<SourceEntity> load(UUID id) {
        return SourceEntity.findById(id);
    }

    @WithTransaction
    public Uni<Void> recordSuccess(UUID id, Outcome o, Instant polledAt, Instant next) {
        return SourceEntity.<SourceEntity>findById(id).invoke(e -> {
            if (e == null) {
                return;
            }
            if (o.cursor() != null) {
                e.cursor = o.cursor();
            }
            e.lastPollAt = at(polledAt);
            e.lastSuccessAt = at(polledAt);
            e.lastError = null;
            e.consecutiveFailures = 0;
            e.circuitOpenUntil = null;
            e.nextPollAt = at(next);
            e.polled += o.polled();
            e.matched += o.matched();
            e.accepted += o.accepted();
            e.duplicates += o.duplicates();
            e.optedOut += o.optedOut();
        }).replaceWithVoid();
    }

    @WithTransaction
    public Uni<Void> recordFailure(UUID id, String error, Instant polledAt, Instant next, int failures,
            Instant circuitOpenUntil) {
        return SourceEntity.<SourceEntity>findById(id).invoke(e -> {
            if (e == null) {
                return;
            }
            e.lastPollAt = at(polledAt);
            e.lastError = error;
            e.consecutiveFailures = failures;
            e.circuitOpenUntil = circuitOpenUntil == null ? null : at(circuitOpenUntil);
            e.nextPollAt = at(next);
            e.errors += 1;
        }).replaceWithVoid();
    }

    /**
     * Stops a source whose sign-in was refused: status STOPPED with {@code state} ("login required" or "credentials
     * rejected") as its lastError, counted as a failure; no retry until its credentials change or it is resumed. The
     * source-health pass raises its source-silent alert at once.
     */
    @WithTransaction
    public Uni<Void> stop(UUID id, String state, Instant polledAt) {
        return SourceEntity.<SourceEntity>findById(id).invoke(e -> {
            if (e == null || !SourceEntity.ACTIVE.equals(e.status)) {
                return;
            }
            e.status = SourceEntity.STOPPED;
            e.lastPollAt = at(polledAt);
            e.lastError = state;
            e.consecutiveFailures += 1;
            e.errors += 1;
        }).replaceWithVoid();
    }

    /** Puts off a poll that its rate limit did not allow yet; not a failure. */
    @WithTransaction
    public Uni<Void> defer(UUID id, Instant next) {
        return SourceEntity.<SourceEntity>findById(id).invoke(e -> {
            if (e != null) {
                e.nextPollAt = at(next);
            }
        }).replaceWithVoid();
    }

    private static OffsetDateTime at(Instant t) {
        return t.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }
}
