package io.earshot.listener.sources;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A source as the admin API shows it: settings, schedule, health and counts. {@code credentials} lists the names of
 * the sign-in secrets it holds, never their values (they are write-only).
 */
public record SourceView(UUID id, String kind, String brand, String query, Map<String, String> config,
        java.util.List<String> credentials,
        String pollInterval, String status, String cursor, Instant lastPollAt, Instant lastSuccessAt, String lastError,
        Instant nextPollAt, int consecutiveFailures, String circuit, Instant circuitOpenUntil, Counts counts,
        Instant createdAt, Instant updatedAt) {

    public record Counts(long polled, long matched, long accepted, long duplicates, long optedOut, long errors) {}
}
