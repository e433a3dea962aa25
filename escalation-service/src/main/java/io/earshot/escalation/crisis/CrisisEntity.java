package io.earshot.escalation.crisis;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A crisis of a stream (brand, or brand x topic; {@code topic} is '' for the brand as a whole). See V20__crises.sql. */
@Entity
@Table(name = "crises")
public class CrisisEntity extends PanacheEntityBase {
    @Id
    public UUID id;
    public String brand;
    public String topic;
    public String state;
    public String severity;
    public double score;
    public long volume;
    public double baseline;
    @Column(name = "negative_share")
    public double negativeShare;
    @Column(name = "excluded_volume")
    public long excludedVolume;
    public String spread;
    @Column(name = "last_alert")
    public String lastAlert;
    @Column(name = "opened_at")
    public OffsetDateTime openedAt;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
    @Column(name = "resolved_at")
    public OffsetDateTime resolvedAt;
    @Column(name = "last_published_at")
    public OffsetDateTime lastPublishedAt;
    @Version
    public long version;
}
