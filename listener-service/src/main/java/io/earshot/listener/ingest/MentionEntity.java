package io.earshot.listener.ingest;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A stored mention; {@code payload} is the published {@link io.earshot.contracts.events.Mention} as JSON. */
@Entity
@Table(name = "mentions")
public class MentionEntity extends PanacheEntityBase {
    @Id
    public UUID id;
    public String source;
    @Column(name = "external_id")
    public String externalId;
    public String brand;
    @Column(name = "author_id")
    public String authorId;
    @Column(name = "author_handle")
    public String authorHandle;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "received_at")
    public OffsetDateTime receivedAt;
    @Column(name = "pii_redacted")
    public boolean piiRedacted;
    @Column(name = "trace_id")
    public String traceId;
    public String payload;
}
