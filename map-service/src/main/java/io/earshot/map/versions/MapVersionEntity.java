package io.earshot.map.versions;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A snapshot of a map: the full map JSON (every item with all its evidence) under a per-map sequence number. */
@Entity
@Table(name = "map_versions")
public class MapVersionEntity extends PanacheEntityBase {
    @Id
    public UUID id;
    public String brand;
    public String persona;
    public int seq;
    public String trigger;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "item_count")
    public int itemCount;
    public String content;
}
