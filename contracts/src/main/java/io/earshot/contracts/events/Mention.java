package io.earshot.contracts.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A public mention of a brand, as published by the listener on {@code mentions.raw}. {@code text} is already
 * PII-redacted. Kafka key: {@link #kafkaKey()} so that one author's mentions stay in order.
 */
public record Mention(
        String schemaVersion,
        UUID id,
        String source,
        String externalId,
        String url,
        String brand,
        List<String> matchedTerms,
        Author author,
        String text,
        String lang,
        Instant createdAt,
        Instant fetchedAt,
        ThreadRef thread,
        Pii pii) implements Event {

    public static final String SCHEMA_VERSION = "1.0";

    public Mention {
        matchedTerms = matchedTerms == null ? List.of() : List.copyOf(matchedTerms);
        thread = thread == null ? ThreadRef.NONE : thread;
        pii = pii == null ? Pii.NONE : pii;
    }

    public String kafkaKey() {
        return source + ":" + (author == null ? "" : author.id());
    }
}
