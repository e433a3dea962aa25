package io.earshot.listener.imports;

import java.time.Instant;
import java.util.UUID;

/** What {@code GET /api/v1/imports/{id}} shows: the import's state and counts so far. */
public record ImportView(UUID id, String format, String brand, String source, String state, long bytes, long rowsRead,
        long accepted, long duplicates, long optedOut, long failed, String error, Instant createdAt, Instant updatedAt,
        Instant finishedAt) {

    static ImportView of(ImportEntity e) {
        return new ImportView(e.id, e.format, e.brand, e.source, e.state, e.bytes, e.rowsRead, e.accepted, e.duplicates,
                e.optedOut,
                e.failed, e.error, instant(e.createdAt), instant(e.updatedAt), instant(e.finishedAt));
    }

    private static Instant instant(java.time.OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
