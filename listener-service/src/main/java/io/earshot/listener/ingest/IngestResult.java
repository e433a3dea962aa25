package io.earshot.listener.ingest;

import java.util.List;
import java.util.UUID;

/**
 * Answer to an ingest call: the id of every mention in request order, how many were new, how many were duplicates,
 * and how many were dropped because their author opted out (never stored, never published).
 */
public record IngestResult(List<UUID> ids, int accepted, int duplicates, int optedOut) {
    public static final IngestResult NONE = new IngestResult(List.of(), 0, 0, 0);
}
