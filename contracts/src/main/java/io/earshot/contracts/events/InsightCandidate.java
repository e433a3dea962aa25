package io.earshot.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.earshot.contracts.codec.SubjectSeal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A pattern the scorer proposes for an empathy map, published on {@code insights.candidates}. It reaches a map only
 * after an analyst validates it. {@code id} is deterministic (see {@link io.earshot.contracts.Ids#candidateId}) so a
 * redelivered candidate is recognised.
 *
 * <p>Schema 1.1 added {@code sealed} (optional): the candidate's {@code text}, drawn from one author's mention, sealed
 * under that author's key ({@link #seal}) and absent in clear, so that destroying the key erases every copy.
 */
public record InsightCandidate(
        String schemaVersion,
        UUID id,
        String brand,
        String persona,
        Zone zone,
        String text,
        String theme,
        List<UUID> evidenceMentionIds,
        int count,
        Instant firstSeen,
        Instant lastSeen,
        @JsonInclude(JsonInclude.Include.NON_NULL) Mention.Sealed sealed) implements Event {

    /** 1.1 added the optional {@code sealed}. */
    public static final String SCHEMA_VERSION = "1.1";

    public InsightCandidate {
        evidenceMentionIds = evidenceMentionIds == null ? List.of() : List.copyOf(evidenceMentionIds);
    }

    /** A candidate in clear (schema 1.0 fields). */
    public InsightCandidate(String schemaVersion, UUID id, String brand, String persona, Zone zone, String text,
            String theme, List<UUID> evidenceMentionIds, int count, Instant firstSeen, Instant lastSeen) {
        this(schemaVersion, id, brand, persona, zone, text, theme, evidenceMentionIds, count, firstSeen, lastSeen,
                null);
    }

    /** The subject hash a sealed candidate is sealed for; null when it is in clear. */
    public String sealedSubject() {
        return sealed == null ? null : sealed.subject();
    }

    /**
     * This candidate with its text sealed under the {@code key} of {@code subject} (the hash of the author whose
     * mention it was drawn from), bound to the candidate's id, and absent in clear. Already sealed: as is.
     */
    public InsightCandidate seal(byte[] key, String subject) {
        if (sealed != null || text == null) {
            return this;
        }
        return new InsightCandidate(schemaVersion, id, brand, persona, zone, null, theme, evidenceMentionIds, count,
                firstSeen, lastSeen, new Mention.Sealed(subject, SubjectSeal.seal(key, subject, String.valueOf(id),
                        text)));
    }

    /** This candidate in clear, opened with its author's {@code key}; IllegalArgumentException when it does not open. */
    public InsightCandidate open(byte[] key) {
        if (sealed == null) {
            return this;
        }
        return new InsightCandidate(schemaVersion, id, brand, persona, zone, SubjectSeal.open(key, sealed.subject(),
                String.valueOf(id), sealed.part()), theme, evidenceMentionIds, count, firstSeen, lastSeen, null);
    }
}
