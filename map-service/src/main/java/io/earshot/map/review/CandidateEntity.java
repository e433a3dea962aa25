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
 * A stored insight candidate. Rows are inserted by {@link CandidateStore#insert} ({@code on conflict do nothing}, so
 * a redelivered candidate is stored once); the entity is used for reading.
 */
@Entity
@Table(name = "candidates")
public class CandidateEntity extends PanacheEntityBase {
    @Id
    public UUID id;
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
}
