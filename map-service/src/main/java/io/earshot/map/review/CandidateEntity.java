package io.earshot.map.review;

import io.earshot.contracts.events.Zone;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A stored insight candidate, for one persona. Rows are inserted by {@link CandidateStore#insert} (unique on the
 * incoming candidate's id and the persona, so a redelivered candidate is stored once); reviews update it through
 * this entity.
 */
@Entity
@Table(name = "candidates")
public class CandidateEntity extends PanacheEntityBase {
    @Id
    public UUID id;
    /** The id of the incoming candidate; one is stored once per persona it was assigned to. */
    @Column(name = "origin_id")
    public UUID originId;
    public String brand;
    public String persona;
    @Enumerated(EnumType.STRING)
    public Zone zone;
    public String text;
    public String theme;
    @Column(name = "evidence_mention_ids")
    public UUID[] evidenceMentionIds;
    public int count;
    @Column(name = "first_seen")
    public OffsetDateTime firstSeen;
    @Column(name = "last_seen")
    public OffsetDateTime lastSeen;
    @Enumerated(EnumType.STRING)
    public CandidateStatus status;
    @Column(name = "trace_id")
    public String traceId;
    @Column(name = "received_at")
    public OffsetDateTime receivedAt;
    /** The map item the candidate fed once validated, merged or auto-attached. */
    @Column(name = "item_id")
    public UUID itemId;
    /** The analyst who reviewed it, or {@code auto} when it was attached to an already validated item. */
    @Column(name = "reviewed_by")
    public String reviewedBy;
    @Column(name = "reviewed_at")
    public OffsetDateTime reviewedAt;
    @Column(name = "reject_reason")
    public String rejectReason;
}
