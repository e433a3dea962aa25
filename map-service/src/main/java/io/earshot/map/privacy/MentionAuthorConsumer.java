package io.earshot.map.privacy;

import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.codec.InvalidEventException;
import io.earshot.contracts.events.Mention;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.contracts.messaging.Messages;
import io.earshot.map.review.CandidatesConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes {@code mentions.scored} (own consumer group) only to learn who wrote each mention: insight candidates
 * carry mention ids but not authors, and an erasure request names an author. Only the mention id and the author's
 * keys are kept; evidence already stored for the mention gets its author key. Records this service cannot read are
 * acknowledged and skipped: the scored stream's own consumers dead-letter them.
 */
@ApplicationScoped
public class MentionAuthorConsumer {
    private static final Logger LOG = Logger.getLogger(MentionAuthorConsumer.class);
    private static final String UPSERT = """
            insert into mention_authors (mention_id, author_key, handle_key) values (?1, ?2, ?3)
            on conflict (mention_id) do update set author_key = excluded.author_key, handle_key = excluded.handle_key""";
    private static final String FILL_EVIDENCE = """
            update item_evidence set author_key = ?2 where mention_id = ?1 and author_key is distinct from ?2""";

    private final Vertx vertx;
    private final CandidatesConfig config;

    public MentionAuthorConsumer(Vertx vertx, CandidatesConfig config) {
        this.vertx = vertx;
        this.config = config;
    }

    @Incoming("mentions-scored")
    public Uni<Void> consume(Message<String> message) {
        return Messages.process(message, vertx, Math.max(1, config.storeAttempts()), config.storeBackoff(), () -> {
            Mention m;
            try {
                m = EventCodec.decode(message.getPayload(), ScoredMention.class).mention();
            } catch (InvalidEventException e) {
                LOG.debugf("scored mention skipped: %s", e.getMessage());
                return Uni.createFrom().voidItem();
            }
            if (m == null || m.id() == null || m.author() == null) {
                return Uni.createFrom().voidItem();
            }
            String author = AuthorKeys.author(m.source(), m.author().id());
            String handle = AuthorKeys.handle(m.source(), m.author().handle());
            if (author == null && handle == null) {
                return Uni.createFrom().voidItem();
            }
            return Panache.withTransaction(() -> Panache.getSession().flatMap(s -> s.createNativeQuery(UPSERT)
                    .setParameter(1, m.id()).setParameter(2, author).setParameter(3, handle).executeUpdate()
                    .chain(() -> s.createNativeQuery(FILL_EVIDENCE).setParameter(1, m.id())
                            .setParameter(2, author != null ? author : handle).executeUpdate())));
        });
    }
}
