package io.earshot.escalation.cases;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.earshot.escalation.crm.CustomerRecord;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What an agent needs around a case: the thread (other mentions with the same root), the author's earlier mentions
 * of the brand with their sentiment trend, the author's earlier cases and how they ended, the CRM profile, the
 * related open crisis of the brand (null when none or when crisis detection keeps no table), notes and replies.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record CaseContext(List<MentionSummary> thread, AuthorHistory authorHistory, List<PreviousCase> previousCases,
        CustomerRecord customer, RelatedCrisis relatedCrisis, List<Note> notes, List<Reply> replies) {

    public record MentionSummary(UUID id, Instant createdAt, String authorHandle, String text, double sentiment) {}

    /** {@code trend}: average sentiment of the later half minus the earlier half (positive = improving). */
    public record AuthorHistory(List<MentionSummary> mentions, double averageSentiment, double trend,
            String direction) {}

    public record PreviousCase(UUID id, String status, String queue, String outcome, Instant createdAt,
            Instant resolvedAt) {}

    public record RelatedCrisis(String id, String topic, String severity, String state) {}

    public record Note(UUID id, String author, String body, Instant createdAt) {}

    public record Reply(UUID id, String author, String body, boolean legal, boolean needsApproval,
            String approvalReason,
            String status, String approvedBy, Instant approvedAt, String sentBy, Instant sentAt, Instant createdAt) {}

    static AuthorHistory history(List<MentionSummary> mentions) {
        if (mentions.isEmpty()) {
            return new AuthorHistory(mentions, 0, 0, "none");
        }
        double avg = mentions.stream().mapToDouble(MentionSummary::sentiment).average().orElse(0);
        int half = mentions.size() / 2;
        double trend = 0;
        if (half > 0) {
            double early = mentions.subList(0, half).stream().mapToDouble(MentionSummary::sentiment).average().orElse(
                    0);
            double late = mentions.subList(mentions.size() - half, mentions.size()).stream()
                    .mapToDouble(MentionSummary::sentiment).average().orElse(0);
            trend = Math.round((late - early) * 1000) / 1000.0;
        }
        String direction = trend > 0.1 ? "improving" : trend < -0.1 ? "worsening" : "steady";
        return new AuthorHistory(mentions, Math.round(avg * 1000) / 1000.0, trend, direction);
    }
}
