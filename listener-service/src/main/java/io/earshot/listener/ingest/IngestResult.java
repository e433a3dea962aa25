package io.earshot.listener.ingest;

import java.util.List;
import java.util.UUID;

/** Answer to an ingest call: the id of every mention in request order, and how many were new. */
public record IngestResult(List<UUID> ids, int accepted, int duplicates) {
}
