package io.earshot.contracts.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A data subject's erasure request, published on {@code privacy.erasure}. Every service erases or anonymises what it
 * holds of the subject: {@code source} plus the author's id or handle.
 */
public record ErasureRequest(String schemaVersion, UUID id, Subject subject, String requestedBy, Instant requestedAt)
        implements Event {

    public static final String SCHEMA_VERSION = "1.0";

    public record Subject(String source, String authorId, String handle) {
    }
}
