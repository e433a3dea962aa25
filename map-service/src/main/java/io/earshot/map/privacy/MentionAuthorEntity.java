package io.earshot.map.privacy;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * What map-service knows of a scored mention, learnt from mentions.scored: who wrote it ({@code source:authorId} and
 * {@code source:@handle}, for erasure) and the facts personas are matched on (brand, source, topics, redacted text).
 */
@Entity
@Table(name = "mention_authors")
public class MentionAuthorEntity extends PanacheEntityBase {
    @Id
    @Column(name = "mention_id")
    public UUID mentionId;
    @Column(name = "author_key")
    public String authorKey;
    @Column(name = "handle_key")
    public String handleKey;
    public String brand;
    public String source;
    public String[] topics;
    public String text;
    @Column(name = "seen_at")
    public OffsetDateTime seenAt;
}
