package io.earshot.listener.sources;

import io.earshot.platform.http.Problem;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Map;

/**
 * Speaks one public API. A poll fetches what is new since the cursor and answers the items plus the cursor to store
 * once they were ingested; it never touches the database. Failures are {@link SourceHttpException} (HTTP status,
 * Retry-After), {@link MalformedPayloadException} or I/O and timeout errors; the scheduler records them.
 */
public interface Connector {
    SourceKind kind();

    /** Checks and normalises a source's settings; adds field errors named {@code config.<key>}. */
    Map<String, String> validate(Map<String, String> config, List<Problem.FieldError> errors);

    Uni<Batch> poll(SourceConfig source, Cursor cursor);

    /**
     * The sign-in secrets this kind takes (all of them or none); empty when it takes none. They are stored sealed and
     * never shown: see {@link SourceService}.
     */
    default java.util.Set<String> credentialKeys() {
        return java.util.Set.of();
    }

    /**
     * Whether the service's terms require honouring deletions, so that recent items are re-checked
     * ({@link #deleted}; see {@link DeletionRecheck}).
     */
    default boolean rechecksDeletions() {
        return false;
    }

    /** Of these stored external ids, the ones the service now says were deleted or removed. */
    default Uni<java.util.Set<String>> deleted(SourceConfig source, List<String> externalIds) {
        return Uni.createFrom().item(java.util.Set.of());
    }
}
