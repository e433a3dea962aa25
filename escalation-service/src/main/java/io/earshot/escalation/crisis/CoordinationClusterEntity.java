package io.earshot.escalation.crisis;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A cluster of near-duplicate mentions suspected to be coordinated. See V20__crises.sql. */
@Entity
@Table(name = "coordination_clusters")
public class CoordinationClusterEntity extends PanacheEntityBase {
    @Id
    public UUID id;
    public String brand;
    @Column(name = "cluster_key")
    public String clusterKey;
    public String fingerprint;
    public int accounts;
    public int mentions;
    public double score;
    @Column(name = "new_accounts")
    public int newAccounts;
    @Column(name = "low_follower_accounts")
    public int lowFollowerAccounts;
    @Column(name = "with_links")
    public int withLinks;
    @Column(name = "sample_text")
    public String sampleText;
    @Column(name = "sample_mention_ids")
    public String sampleMentionIds;
    @Column(name = "first_seen")
    public OffsetDateTime firstSeen;
    @Column(name = "last_seen")
    public OffsetDateTime lastSeen;
    @Column(name = "flagged_at")
    public OffsetDateTime flaggedAt;
}
