package io.earshot.escalation.cases;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.earshot.contracts.events.ScoredMention;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A case as the API shows it; {@code mentions} (with scores and explanations) only on the single-case read. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CaseView(UUID id, String status, String queue, double priority, String brand, String source,
        String authorId, String authorHandle, String threadRootId, UUID triggerMentionId, List<UUID> mentionIds,
        String rule, String reason, boolean neverAutoAnswer, String distressKind, String assignee, String traceId,
        Instant createdAt, Instant updatedAt, long version, List<ScoredMention> mentions) {

    static CaseView of(CaseEntity c, List<UUID> mentionIds, List<ScoredMention> mentions) {
        return new CaseView(c.id, c.status, c.queue, c.priority, c.brand, c.source, c.authorId, c.authorHandle,
                c.threadRootId, c.triggerMentionId, mentionIds, c.rule, c.reason, c.neverAutoAnswer, c.distressKind,
                c.assignee, c.traceId, c.createdAt.toInstant(), c.updatedAt.toInstant(), c.version, mentions);
    }
}
