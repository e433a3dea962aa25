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
    @Version
    public long version;
}
