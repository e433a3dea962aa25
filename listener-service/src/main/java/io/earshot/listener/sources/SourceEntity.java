package io.earshot.listener.sources;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.hibernate.annotations.DynamicUpdate;

/**
 * A polled source. Updates write only the changed columns, so a poll finishing while an admin pauses the source
 * cannot write the old status back.
 */
@Entity
@Table(name = "sources")
@DynamicUpdate
public class SourceEntity extends PanacheEntityBase {
    public static final String ACTIVE = "ACTIVE";
    public static final String PAUSED = "PAUSED";
    /** Stopped by a refused sign-in ({@code lastError} says which); polled again after a credentials change or resume. */
    public static final String STOPPED = "STOPPED";

    @Id
    public UUID id;
    public String kind;
    public String brand;
    public String query;
    /** The connector settings as a JSON object of strings. */
    public String config;
    /** The sign-in credentials as a JSON object sealed with {@link io.earshot.platform.secrets.SecretBox}; null: none. */
    public String credentials;
    @Column(name = "poll_interval_ms")
    public long pollIntervalMs;
    public String status;
    public String cursor;
    @Column(name = "last_poll_at")
    public OffsetDateTime lastPollAt;
    @Column(name = "last_success_at")
    public OffsetDateTime lastSuccessAt;
    @Column(name = "last_error")
    public String lastError;
    @Column(name = "next_poll_at")
    public OffsetDateTime nextPollAt;
    @Column(name = "consecutive_failures")
    public int consecutiveFailures;
    @Column(name = "circuit_open_until")
    public OffsetDateTime circuitOpenUntil;
    public long polled;
    public long matched;
    public long accepted;
    public long duplicates;
    @jakarta.persistence.Column(name = "opted_out")
    public long optedOut;
    public long errors;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
}
