package io.earshot.map.review;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.earshot.contracts.events.Zone;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A candidate as the REST API shows it; review fields are absent while it is PENDING. {@code originId} is the id of the
 * incoming candidate: one assigned to several personas is stored once for each, with the same originId.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CandidateView(
        UUID id,
        UUID originId,
        String brand,
        String persona,
        Zone zone,
        String text,
        String theme,
        List<UUID> evidenceMentionIds,
        int count,
        Instant firstSeen,
        Instant lastSeen,
        CandidateStatus status,
        String traceId,
        Instant receivedAt,
        UUID itemId,
        String reviewedBy,
        Instant reviewedAt,
        String rejectReason) {

    static CandidateView of(CandidateEntity e) {
        return new CandidateView(e.id, e.originId, e.brand, e.persona, e.zone, e.text, e.theme,
                e.evidenceMentionIds == null ? List.of() : Arrays.asList(e.evidenceMentionIds), e.count,
                instant(e.firstSeen), instant(e.lastSeen), e.status, e.traceId, instant(e.receivedAt),
                e.itemId, e.reviewedBy, instant(e.reviewedAt), e.rejectReason);
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
