package io.earshot.map.review;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * An incoming candidate waiting for the facts (from mentions.scored) of its mentions before it is assigned to
 * personas. Written, read and deleted by {@link CandidateStore}'s statements on the reactive client; this mapping
 * only serves lookups outside the hot path (tests).
 */
@Entity
@Table(name = "candidate_inbox")
public class CandidateInboxEntity extends PanacheEntityBase {
    @Id
    public UUID id;
    /** The InsightCandidate JSON as received; its evidence is {@link #mentionIds} (erasure may shorten it). */
    public String payload;
    @Column(name = "mention_ids")
    public UUID[] mentionIds;
    @Column(name = "trace_id")
    public String traceId;
    @Column(name = "received_at")
    public OffsetDateTime receivedAt;
}
