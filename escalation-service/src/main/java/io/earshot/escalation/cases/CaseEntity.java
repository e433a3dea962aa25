package io.earshot.escalation.cases;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;
import java.util.UUID;

@Entity
@Table(name = "cases")
public class CaseEntity extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "merge_key")
    public String mergeKey;
    public String status;
    public String queue;
    public double priority;
    public String brand;
    public String source;
    @Column(name = "author_id")
    public String authorId;
    @Column(name = "author_handle")
    public String authorHandle;
    @Column(name = "thread_root_id")
    public String threadRootId;
    @Column(name = "trigger_mention_id")
    public UUID triggerMentionId;
    public String rule;
    public String reason;
    @Column(name = "never_auto_answer")
    public boolean neverAutoAnswer;
    @Column(name = "distress_kind")
    public String distressKind;
    public String assignee;
    @Column(name = "trace_id")
    public String traceId;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
    @Column(name = "rule_version")
    public Integer ruleVersion;
    @Column(name = "priority_band")
    public String priorityBand;
    @Column(name = "priority_breakdown")
    public String priorityBreakdown;
    @Column(name = "customer_id")
    public String customerId;
    @Column(name = "acknowledged_at")
    public OffsetDateTime acknowledgedAt;
    @Column(name = "resolved_at")
    public OffsetDateTime resolvedAt;
    public String outcome;
    @Column(name = "ack_due_at")
    public OffsetDateTime ackDueAt;
    @Column(name = "resolve_due_at")
    public OffsetDateTime resolveDueAt;
    @Column(name = "ack_breached_at")
    public OffsetDateTime ackBreachedAt;
    @Column(name = "resolve_breached_at")
    public OffsetDateTime resolveBreachedAt;
    @Column(name = "escalation_level")
    public int escalationLevel;
    /** The queue whose escalation policy applies: where the case was opened or last transferred to. */
    @Column(name = "policy_queue")
    public String policyQueue;
    /** Optimistic lock: every change is a conditional update on this, so of two concurrent claims exactly one wins. */
    @Version
    public long version;

    /** The state the audit log records before and after an action. */
    public java.util.Map<String, Object> snapshot() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("status", status);
        m.put("queue", queue);
        m.put("assignee", assignee);
        m.put("priorityBand", priorityBand);
        m.put("acknowledgedAt", acknowledgedAt == null ? null : acknowledgedAt.toInstant().toString());
        m.put("outcome", outcome);
        m.put("escalationLevel", escalationLevel);
        m.put("version", version);
        return m;
    }
}
