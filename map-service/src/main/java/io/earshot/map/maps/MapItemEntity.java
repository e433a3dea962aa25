package io.earshot.map.maps;

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

/** An item of an empathy map; written with native statements by {@link MapStore}, read through this entity. */
@Entity
@Table(name = "map_items")
public class MapItemEntity extends PanacheEntityBase {
    @Id
    public UUID id;
    public String brand;
    public String persona;
    @Enumerated(EnumType.STRING)
    public Zone zone;
    public String text;
    public String theme;
    @Enumerated(EnumType.STRING)
    public ItemStatus status;
    @Column(name = "evidence_count")
    public int evidenceCount;
    @Column(name = "first_seen")
    public OffsetDateTime firstSeen;
    @Column(name = "last_seen")
    public OffsetDateTime lastSeen;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
    public long version;
    @Column(name = "cluster_id")
    public UUID clusterId;
    public boolean inferred;
    @Column(name = "validated_by")
    public String validatedBy;
    @Column(name = "validated_at")
    public OffsetDateTime validatedAt;
}
