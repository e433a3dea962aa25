package io.earshot.map.maps;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One mention supporting a map item, with the (already redacted) quote it contributed. */
@Entity
@Table(name = "item_evidence")
public class EvidenceEntity extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "item_id")
    public UUID itemId;
    @Column(name = "mention_id")
    public UUID mentionId;
    @Column(name = "candidate_id")
    public UUID candidateId;
    public String quote;
    @Column(name = "seen_at")
    public OffsetDateTime seenAt;
    @Column(name = "author_key")
    public String authorKey;
    @Column(name = "added_at")
    public OffsetDateTime addedAt;
}
