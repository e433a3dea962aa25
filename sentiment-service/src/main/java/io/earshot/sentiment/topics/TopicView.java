package io.earshot.sentiment.topics;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A topic as the API shows it. {@code version} goes back in a PUT to detect concurrent edits. */
public record TopicView(UUID id, String brand, String name, List<String> keywords, Instant createdAt, Instant updatedAt,
        long version) {
    static TopicView of(TopicEntity t) {
        return new TopicView(t.id, t.brand, t.name, List.of(t.keywords), t.createdAt.toInstant(), t.updatedAt
                .toInstant(),
                t.version);
    }
}
