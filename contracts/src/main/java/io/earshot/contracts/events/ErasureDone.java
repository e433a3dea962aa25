package io.earshot.contracts.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A service's acknowledgement, on {@code privacy.erasure.done}, that it has erased the subject of one
 * {@link ErasureRequest} ({@code requestId}): {@code service} is the service's short name (listener, sentiment,
 * escalation, map), {@code erased} how many of its records held the subject (0 is a valid answer). Carries no personal
 * data. A redelivered request is acknowledged again; the listener keeps the first acknowledgement.
 */
public record ErasureDone(String schemaVersion, UUID requestId, String service, int erased, Instant doneAt)
        implements
            Event {

    public static final String SCHEMA_VERSION = "1.0";

    public static ErasureDone of(UUID requestId, String service, int erased) {
        return new ErasureDone(SCHEMA_VERSION, requestId, service, erased, Instant.now());
    }
}
