package io.earshot.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.earshot.contracts.Ids;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.codec.SubjectSeal;
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
        @JsonInclude(JsonInclude.Include.NON_NULL) ConversationRef conversation,
        @JsonInclude(JsonInclude.Include.NON_NULL) Sealed sealed) implements Event {

    /**
     * 1.1 added {@code nearDuplicate} (optional; absent in 1.0 events); 1.2 added {@code conversation} (optional, only on
     * the turns of a live conversation, see {@link ConversationRef}); 1.3 added {@code sealed} (optional: the personal
     * fields sealed under the author's key, see {@link #seal}).
     */
    public static final String SCHEMA_VERSION = "1.3";

    /**
     * The personal part of a sealed mention: its author's subject hash ({@link Ids#subjectHash}) and the sealed JSON of
     * {@link Personal} ({@link SubjectSeal}).
     */
    public record Sealed(String subject, String part) {}

    /**
     * What a sealed mention carries only in its sealed part: the ids that can name the author (external id, thread ids;
     * some sources build them from the author), the URL, the author's id, handle, display name and creation date, and
     * the text.
     */
    public record Personal(String externalId, String url, String authorId, String handle, String displayName,
            Instant authorCreatedAt, String text, ThreadRef thread) {}

    public Mention {
        matchedTerms = matchedTerms == null ? List.of() : List.copyOf(matchedTerms);
        thread = thread == null ? ThreadRef.NONE : thread;
        pii = pii == null ? Pii.NONE : pii;
    }

    /** A mention in clear (schema 1.2 fields). */
    public Mention(String schemaVersion, UUID id, String source, String externalId, String url, String brand,
            List<String> matchedTerms, Author author, String text, String lang, Instant createdAt, Instant fetchedAt,
            ThreadRef thread, Pii pii, NearDuplicate nearDuplicate, ConversationRef conversation) {
        this(schemaVersion, id, source, externalId, url, brand, matchedTerms, author, text, lang, createdAt, fetchedAt,
                thread, pii, nearDuplicate, conversation, null);
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
                createdAt, fetchedAt, thread, pii, nd, conversation, sealed);
    }

    /** This mention as a turn of a live conversation. */
    public Mention withConversation(ConversationRef ref) {
        return new Mention(schemaVersion, id, source, externalId, url, brand, matchedTerms, author, text, lang,
                createdAt, fetchedAt, thread, pii, nearDuplicate, ref, sealed);
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
        return subjectHash();
    }

    /** The author's subject hash: as sealed, or SHA-256 of {@code source:authorId} ({@link Ids#subjectHash}). */
    public String subjectHash() {
        return sealed != null ? sealed.subject() : Ids.subjectHash(source, author == null ? null : author.id());
    }

    /** The subject hash a sealed mention is sealed for; null when it is in clear. */
    public String sealedSubject() {
        return sealed == null ? null : sealed.subject();
    }

    /** Whether the personal fields are sealed (and absent in clear until {@link #open}). */
    public boolean hasSealedPart() {
        return sealed != null;
    }

    /**
     * This mention with its personal fields ({@link Personal}) sealed under its author's {@code key} and absent in
     * clear; the author's follower count and verified flag stay (reach), as do every other field. Already sealed: as is.
     */
    public Mention seal(byte[] key) {
        if (sealed != null) {
            return this;
        }
        Author a = author;
        Personal p = new Personal(externalId, url, a == null ? null : a.id(), a == null ? null : a.handle(),
                a == null ? null : a.displayName(), a == null ? null : a.createdAt(), text, thread);
        String subject = subjectHash();
        String part;
        try {
            part = SubjectSeal.seal(key, subject, String.valueOf(id), EventCodec.mapper().writeValueAsString(p));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode the personal part of mention " + id, e);
        }
        Author bare = a == null ? null : new Author(null, null, null, a.followers(), a.verified(), null);
        return new Mention(schemaVersion, id, source, null, null, brand, matchedTerms, bare, null, lang, createdAt,
                fetchedAt, null, pii, nearDuplicate, conversation, new Sealed(subject, part));
    }

    /**
     * This mention in clear: its sealed part opened with its author's {@code key}; IllegalArgumentException when the
     * key does not open it. Not sealed: as is.
     */
    public Mention open(byte[] key) {
        if (sealed == null) {
            return this;
        }
        Personal p;
        try {
            p = EventCodec.mapper().readValue(SubjectSeal.open(key, sealed.subject(), String.valueOf(id), sealed
                    .part()), Personal.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the sealed part of mention " + id + " is not a personal part");
        }
        Author a = author;
        Author full = new Author(p.authorId(), p.handle(), p.displayName(), a == null ? null : a.followers(),
                a != null && a.verified(), p.authorCreatedAt());
        return new Mention(schemaVersion, id, source, p.externalId(), p.url(), brand, matchedTerms, full, p.text(),
                lang,
                createdAt, fetchedAt, p.thread(), pii, nearDuplicate, conversation, null);
    }
}
