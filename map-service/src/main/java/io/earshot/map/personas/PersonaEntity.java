package io.earshot.map.personas;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A persona (segment) of a brand with its matching rules and the goal section of its empathy map. */
@Entity
@Table(name = "personas")
public class PersonaEntity extends PanacheEntityBase {
    @Id
    public UUID id;
    public String brand;
    public String name;
    public String description;
    public String[] topics;
    public String[] sources;
    public String[] keywords;
    public String[] tiers;
    @Column(name = "goal_who")
    public String goalWho;
    @Column(name = "goal_needs")
    public String goalNeeds;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
    @Version
    public long version;
}
