package io.earshot.listener.imports;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One bulk import and its progress. */
@Entity
@Table(name = "imports")
public class ImportEntity extends PanacheEntityBase {
    @Id
    public UUID id;
    public String format;
    public String brand;
    public String source;
    public String state;
    public long bytes;
    @Column(name = "rows_read")
    public long rowsRead;
    public long accepted;
    public long duplicates;
    @jakarta.persistence.Column(name = "opted_out")
    public long optedOut;
    public long failed;
    public String error;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;
}
