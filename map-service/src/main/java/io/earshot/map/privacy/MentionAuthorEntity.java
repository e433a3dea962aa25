package io.earshot.map.privacy;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Who wrote a mention ({@code source:authorId} and {@code source:@handle}), learnt from mentions.scored. */
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
    @Column(name = "seen_at")
    public OffsetDateTime seenAt;
}
