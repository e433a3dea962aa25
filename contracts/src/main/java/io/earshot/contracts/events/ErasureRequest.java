package io.earshot.contracts.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A data subject's erasure request, published on {@code privacy.erasure}. Every service erases or anonymises what it
 * holds of the subject: {@code source} plus the author's id or handle.
 *
 * <p>Since 1.1 a request may instead name single {@code mentions} of {@code subject.source} (a post deleted at its
 * source, which the source's terms require to be honoured): then only those mentions are erased, wherever they were
 * copied, and the author's other mentions stay. Such a request carries no author id or handle, so a 1.0 consumer,
 * which requires one, sends it to the dead-letter topic rather than erasing the whole author.
 */
public record ErasureRequest(String schemaVersion, UUID id, Subject subject, String requestedBy, Instant requestedAt,
        List<MentionRef> mentions) implements Event {

    public static final String SCHEMA_VERSION = "1.1";

    /** A whole-subject request (no mentions named). */
    public ErasureRequest(String schemaVersion, UUID id, Subject subject, String requestedBy, Instant requestedAt) {
        this(schemaVersion, id, subject, requestedBy, requestedAt, null);
    }

    public ErasureRequest {
        mentions = mentions == null || mentions.isEmpty() ? null : List.copyOf(mentions);
    }

    /** Whether the request names single mentions (erase those only) rather than a whole subject. */
    public boolean mentionScoped() {
        return mentions != null;
    }

    /** The ids of the named mentions (empty for a whole-subject request). */
    public List<UUID> mentionIds() {
        return mentions == null ? List.of() : mentions.stream().map(MentionRef::id).toList();
    }

    public record Subject(String source, String authorId, String handle) {}

    /** One mention: its id ({@code Ids.mentionId(source, externalId)}) and the source's own id for it. */
    public record MentionRef(UUID id, String externalId) {}
}
