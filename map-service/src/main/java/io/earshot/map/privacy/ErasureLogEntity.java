package io.earshot.map.privacy;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** What one erasure request removed. The subject is kept only as a SHA-256 hash, so the log holds no personal data. */
@Entity
@Table(name = "erasure_log")
public class ErasureLogEntity extends PanacheEntityBase {
    @Id
    public UUID id;
    public String source;
    @Column(name = "subject_hash")
    public String subjectHash;
    @Column(name = "requested_by")
    public String requestedBy;
    @Column(name = "requested_at")
    public OffsetDateTime requestedAt;
    @Column(name = "erased_at")
    public OffsetDateTime erasedAt;
    public int mentions;
    @Column(name = "evidence_removed")
    public int evidenceRemoved;
    @Column(name = "versions_scrubbed")
    public int versionsScrubbed;
}
