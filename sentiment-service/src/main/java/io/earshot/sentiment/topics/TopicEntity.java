package io.earshot.sentiment.topics;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A topic of a brand's taxonomy with the keywords (words or phrases) that tag a mention with it. */
@Entity
@Table(name = "topics")
public class TopicEntity extends PanacheEntityBase {
    @Id
    public UUID id;
    public String brand;
    public String name;
    public String[] keywords;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
    @Version
    public long version;
}
