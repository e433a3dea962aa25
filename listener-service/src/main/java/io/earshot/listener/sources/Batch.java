package io.earshot.listener.sources;

import io.earshot.listener.ingest.MentionInput;
import java.util.List;

/** The result of one poll: the items fetched (before query filtering) and the cursor to store after ingesting them. */
public record Batch(List<MentionInput> items, String nextCursor) {
    public Batch {
        items = List.copyOf(items);
    }
}
