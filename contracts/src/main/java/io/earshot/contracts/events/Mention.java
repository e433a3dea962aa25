package io.earshot.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.earshot.contracts.Ids;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A public mention of a brand, as published by the listener on {@code mentions.raw}. {@code text} is already
 * PII-redacted. Kafka key: {@link #kafkaKey()} (the author's subject hash) so that one author's mentions stay in order.
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
        Pii pii,
        NearDuplicate nearDuplicate,
        @JsonInclude(JsonInclude.Include.NON_NULL) ConversationRef conversation) implements Event {

    /**
     * 1.1 added {@code nearDuplicate} (optional; absent in 1.0 events); 1.2 added {@code conversation} (optional, only on
     * the turns of a live conversation, see {@link ConversationRef}).
     */
    public static final String SCHEMA_VERSION = "1.2";

    public Mention {
        matchedTerms = matchedTerms == null ? List.of() : List.copyOf(matchedTerms);
        thread = thread == null ? ThreadRef.NONE : thread;
        pii = pii == null ? Pii.NONE : pii;
    }

    /** A mention that is no conversation turn (schema 1.1 fields only). */
    public Mention(String schemaVersion, UUID id, String source, String externalId, String url, String brand,
            List<String> matchedTerms, Author author, String text, String lang, Instant createdAt, Instant fetchedAt,
            ThreadRef thread, Pii pii, NearDuplicate nearDuplicate) {
        this(schemaVersion, id, source, externalId, url, brand, matchedTerms, author, text, lang, createdAt, fetchedAt,
                thread, pii, nearDuplicate, null);
    }

    /** A mention without near-duplicate information (schema 1.0 fields only). */
    public Mention(String schemaVersion, UUID id, String source, String externalId, String url, String brand,
            List<String> matchedTerms, Author author, String text, String lang, Instant createdAt, Instant fetchedAt,
            ThreadRef thread, Pii pii) {
        this(schemaVersion, id, source, externalId, url, brand, matchedTerms, author, text, lang, createdAt, fetchedAt,
                thread, pii, null, null);
    }

    /** This mention with its near-duplicate information set. */
    public Mention withNearDuplicate(NearDuplicate nd) {
        return new Mention(schemaVersion, id, source, externalId, url, brand, matchedTerms, author, text, lang,
                createdAt, fetchedAt, thread, pii, nd, conversation);
    }

    /** This mention as a turn of a live conversation. */
    public Mention withConversation(ConversationRef ref) {
        return new Mention(schemaVersion, id, source, externalId, url, brand, matchedTerms, author, text, lang,
                createdAt, fetchedAt, thread, pii, nearDuplicate, ref);
    }

    /** True for a turn the bot wrote in a live conversation (not the public's voice). */
    public boolean fromBot() {
        return conversation != null && conversation.fromBot();
    }

    /**
     * The record key: the author's subject hash ({@link Ids#subjectHash}, SHA-256 of {@code source:authorId}), so one
     * author's mentions stay in order on one partition and no topic's key names the author.
     */
    public String kafkaKey() {
        return Ids.subjectHash(source, author == null ? null : author.id());
    }
}
