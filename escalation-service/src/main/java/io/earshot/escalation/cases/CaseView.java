package io.earshot.escalation.cases;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.RiskScore;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.escalation.distress.DistressLane;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A case as the API shows it; {@code mentions} (with scores and explanations) and {@code context} only on the
 * single-case read. {@code priorityBreakdown} explains the priority score factor by factor. Also only on the
 * single-case read: {@code risk} (negativity x velocity x reach x customer value, with its arithmetic) and, for
 * distress cases, {@code distress} (signposting panel, agent checklist, SLA policy, pages sent).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CaseView(UUID id, String status, String queue, double priority, String priorityBand,
        JsonNode priorityBreakdown,
        String brand, String source, String authorId, String authorHandle, String threadRootId, UUID triggerMentionId,
        List<UUID> mentionIds, String rule, Integer ruleVersion, String reason, boolean neverAutoAnswer,
        String distressKind,
        String assignee, String customerId, Instant acknowledgedAt, Instant ackDueAt, Instant resolveDueAt,
        Instant ackBreachedAt, Instant resolveBreachedAt, int escalationLevel, Instant resolvedAt, String outcome,
        String traceId, Instant createdAt, Instant updatedAt, long version, List<ScoredMention> mentions,
        CaseContext context,
        DistressLane distress, RiskScore risk) {

    static CaseView of(CaseEntity c, List<UUID> mentionIds, List<ScoredMention> mentions, CaseContext context) {
        return of(c, mentionIds, mentions, context, null, null);
    }

    static CaseView of(CaseEntity c, List<UUID> mentionIds, List<ScoredMention> mentions, CaseContext context,
            DistressLane distress, RiskScore risk) {
        return new CaseView(c.id, c.status, c.queue, c.priority, c.priorityBand, tree(c.priorityBreakdown), c.brand,
                c.source,
                c.authorId, c.authorHandle, c.threadRootId, c.triggerMentionId, mentionIds, c.rule, c.ruleVersion,
                c.reason,
                c.neverAutoAnswer, c.distressKind, c.assignee, c.customerId, at(c.acknowledgedAt), at(c.ackDueAt),
                at(c.resolveDueAt), at(c.ackBreachedAt), at(c.resolveBreachedAt), c.escalationLevel, at(c.resolvedAt),
                c.outcome, c.traceId, at(c.createdAt), at(c.updatedAt), c.version, mentions, context, distress, risk);
    }

    public static CaseView of(CaseEntity c) {
        return of(c, null, null, null);
    }

    private static Instant at(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private static JsonNode tree(String json) {
        try {
            return json == null ? null : EventCodec.mapper().readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }
}
