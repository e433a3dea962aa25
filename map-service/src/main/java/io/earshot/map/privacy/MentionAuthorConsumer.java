package io.earshot.map.privacy;

import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.codec.InvalidEventException;
import io.earshot.contracts.events.Mention;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.contracts.messaging.Messages;
import io.earshot.map.review.CandidateStore;
import io.earshot.map.review.CandidatesConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes {@code mentions.scored} (own consumer group) to learn what insight candidates do not carry: who wrote each
 * mention (an erasure request names an author) and the facts personas are matched on (source, scored topics, the
 * redacted text). Evidence already stored for the mention gets its author key, and candidates that were waiting for
 * these facts are assigned to their personas, in the same transaction. Records this service cannot read are
 * acknowledged and skipped (the scored stream's own consumers dead-letter them); a storage failure is retried, then
 * the record goes to {@code mentions.scored.dlq} with the reason.
 */
@ApplicationScoped
public class MentionAuthorConsumer {
    private static final Logger LOG = Logger.getLogger(MentionAuthorConsumer.class);
    static final int MAX_TEXT = 100_000;
    private static final String UPSERT = """
            insert into mention_authors (mention_id, author_key, handle_key, brand, source, topics, text)
            values (?1, ?2, ?3, ?4, ?5, ?6, ?7)
            on conflict (mention_id) do update set author_key = excluded.author_key, handle_key = excluded.handle_key,
                brand = excluded.brand, source = excluded.source, topics = excluded.topics, text = excluded.text""";
    private static final String FILL_EVIDENCE = """
            update item_evidence set author_key = ?2 where mention_id = ?1 and author_key is distinct from ?2""";

    private final Vertx vertx;
    private final CandidatesConfig config;
    private final CandidateStore candidates;

    public MentionAuthorConsumer(Vertx vertx, CandidatesConfig config, CandidateStore candidates) {
        this.vertx = vertx;
        this.config = config;
        this.candidates = candidates;
    }

    /**
     * The Kafka channel delivers batches ({@code batch=true}): a batch's facts are stored in one transaction, its
     * mentions locked in id order first ({@link Messages#processBatch}; a batch that keeps failing is taken one
     * record at a time).
     */
    @Incoming("mentions-scored")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return Messages.processBatch(batch, batch.getRecords(), vertx, Math.max(1, config.storeAttempts()),
                config.storeBackoff(), MentionAuthorConsumer::readable, this::storeAll, this::consumeOne);
    }

    Uni<Void> consumeOne(Message<String> message) {
        return Messages.process(message, vertx, Math.max(1, config.storeAttempts()), config.storeBackoff(), () -> {
            Facts f = readable(message.getPayload());
            return f == null ? Uni.createFrom().voidItem()
                    : Panache.withTransaction(() -> candidates.lockMention(f.mention().id()).chain(() -> store(f)));
        });
    }

    /** What this service keeps of a scored mention: the mention and its scored topics. */
    private record Facts(Mention mention, List<String> topics) {
    }

    private Uni<Void> storeAll(List<Messages.Decoded<Facts>> batch) {
        Map<UUID, Facts> unique = new TreeMap<>(); // id order: concurrent transactions take the locks in one order
        batch.stream().map(Messages.Decoded::event).filter(f -> f != null).forEach(f -> unique.put(f.mention().id(), f));
        if (unique.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.withTransaction(() -> candidates.lockMentions(List.copyOf(unique.keySet())).chain(() -> {
            Uni<Integer> chain = Uni.createFrom().item(0);
            for (Facts f : unique.values()) {
                chain = chain.chain(() -> store(f)).call(CandidateStore::flushAndClear);
            }
            return chain;
        })).replaceWithVoid();
    }

    /**
     * The mention of a scored record, or null when this service cannot use it: it is skipped and acknowledged (the
     * scored stream's own consumers dead-letter what they cannot read).
     */
    private static Facts readable(String payload) {
        ScoredMention scored;
        try {
            scored = EventCodec.decode(payload, ScoredMention.class);
        } catch (InvalidEventException e) {
            LOG.debugf("scored mention skipped: %s", e.getMessage());
            return null;
        }
        Mention m = scored.mention();
        if (m == null || m.id() == null) {
            return null;
        }
        List<String> topics = scored.scores() == null || scored.scores().topics() == null ? List.of()
                : scored.scores().topics();
        return new Facts(m, topics);
    }

    /** Stores one mention's facts in the current transaction (its lock taken) and assigns what waited for them. */
    private Uni<Integer> store(Facts f) {
        Mention m = f.mention();
        String author = m.author() == null ? null : AuthorKeys.author(m.source(), m.author().id());
        String handle = m.author() == null ? null : AuthorKeys.handle(m.source(), m.author().handle());
        String text = m.text() == null ? null : clean(m.text());
        return Panache.getSession().flatMap(s -> s.createNativeQuery(UPSERT)
                .setParameter(1, m.id()).setParameter(2, author).setParameter(3, handle)
                .setParameter(4, m.brand() == null ? null : m.brand().trim().toLowerCase(Locale.ROOT))
                .setParameter(5, m.source() == null ? null : m.source().trim().toLowerCase(Locale.ROOT))
                .setParameter(6, f.topics().stream().filter(t -> t != null).map(MentionAuthorConsumer::noNul)
                        .toArray(String[]::new))
                .setParameter(7, text)
                .executeUpdate()
                .chain(() -> author == null && handle == null ? Uni.createFrom().item(0)
                        : s.createNativeQuery(FILL_EVIDENCE).setParameter(1, m.id())
                                .setParameter(2, author != null ? author : handle).executeUpdate()))
                .chain(() -> candidates.factsArrived(m.id()));
    }

    /** PostgreSQL text cannot hold NUL; very long texts are cut (keywords are matched on the start). */
    private static String clean(String text) {
        String t = noNul(text);
        return t.length() > MAX_TEXT ? t.substring(0, MAX_TEXT) : t;
    }

    private static String noNul(String s) {
        return s.indexOf('\u0000') < 0 ? s : s.replace("\u0000", "");
    }
}
