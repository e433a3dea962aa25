package io.earshot.contracts.events;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A polled source gone silent or back, published by the listener on {@code sources.health} (key: the source id). One
 * {@code id} per silent episode: the SILENT event opens it, the RECOVERED event with the same id closes it.
 * {@code reason} QUIET: no mention for longer than the source's learned gaps allow ({@code expectedGap}); ERRORS: the
 * connector failed {@code consecutiveFailures} times in a row ({@code lastError}). {@code since} is when coverage was
 * last known good (the last mention, or the first failed poll).
 */
public record SourceHealth(
        String schemaVersion,
        UUID id,
        UUID sourceId,
        String kind,
        String brand,
        State state,
        Reason reason,
        Instant since,
        Instant lastArrivalAt,
        Duration expectedGap,
        int consecutiveFailures,
        String lastError,
        Instant at) implements Event {

    public static final String SCHEMA_VERSION = "1.0";

    public enum State {
        SILENT, RECOVERED
    }

    public enum Reason {
        QUIET, ERRORS
    }
}
