package io.earshot.map.personas;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** The CRM tier of an author ({@code source:authorId}), matched against personas' tier rules. */
@Entity
@Table(name = "author_tiers")
public class AuthorTierEntity extends PanacheEntityBase {
    @Id
    @Column(name = "author_key")
    public String authorKey;
    public String tier;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
}
