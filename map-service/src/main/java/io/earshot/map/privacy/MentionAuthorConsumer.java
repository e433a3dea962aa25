package io.earshot.map.privacy;

import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.codec.InvalidEventException;
import io.earshot.contracts.events.Emotions;
import io.earshot.contracts.events.Mention;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.contracts.events.Scores;
import io.earshot.contracts.text.SimHash;
import io.earshot.map.review.CandidateStore;
import io.earshot.platform.db.SqlValues;
import io.earshot.platform.messaging.ConsumerPolicy;
import io.earshot.platform.messaging.Messages;
import io.earshot.platform.privacy.SubjectKeys;
import io.earshot.platform.privacy.Tombstones;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
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
    /** The facts of a batch, one row per mention (the caller de-duplicates), in one statement. */
    private static final String UPSERT = """
            insert into mention_authors (mention_id, author_key, handle_key, brand, source, topics, text, sentiment,
                                         emotion, dup_group, followers)
            select id, author, handle, brand, source, cast(topics as text[]), text, cast(se as real), em, dg,
                   cast(fo as bigint)
              from unnest(cast($1 as uuid[]), cast($2 as text[]), cast($3 as text[]), cast($4 as text[]),
                          cast($5 as text[]), cast($6 as text[]), cast($7 as text[]), cast($8 as text[]),
                          cast($9 as text[]), cast($10 as text[]), cast($11 as text[]))
                   as r(id, author, handle, brand, source, topics, text, se, em, dg, fo)
             order by id
            on conflict (mention_id) do update set author_key = excluded.author_key, handle_key = excluded.handle_key,
                brand = excluded.brand, source = excluded.source, topics = excluded.topics, text = excluded.text,
                sentiment = excluded.sentiment, emotion = excluded.emotion, dup_group = excluded.dup_group,
                followers = excluded.followers""";
    /** Evidence already stored for the batch's mentions gets their author (or handle) key. */
    private static final String FILL_EVIDENCE = """
            update item_evidence e set author_key = r.key
              from unnest(cast($1 as uuid[]), cast($2 as text[])) as r(id, key)
             where e.mention_id = r.id and r.key is not null and e.author_key is distinct from r.key""";

    /** Cluster evidence stored before its mention's facts arrived takes them now. */
    private static final String FILL_CLUSTER_EVIDENCE = """
            update cluster_evidence e set author_key = coalesce(a.author_key, a.handle_key), source = a.source,
                   sentiment = a.sentiment, emotion = a.emotion, dup_group = a.dup_group, followers = a.followers
              from mention_authors a
             where a.mention_id = any($1) and e.mention_id = a.mention_id and e.author_key is null
               and coalesce(a.author_key, a.handle_key) is not null""";

    private final Vertx vertx;
    private final Pool pool;
    private final ConsumerPolicy policy;
    private final CandidateStore candidates;
    private final SubjectKeys keys;

    public MentionAuthorConsumer(Vertx vertx, Pool pool, ConsumerPolicy policy, CandidateStore candidates,
            SubjectKeys keys) {
        this.vertx = vertx;
        this.keys = keys;
        this.pool = pool;
        this.policy = policy;
        this.candidates = candidates;
    }

    /**
     * The Kafka channel delivers batches ({@code batch=true}): a batch's facts are stored in one transaction on the
     * reactive PostgreSQL client, its mentions locked first ({@link Messages#processBatch}; a batch that keeps failing
     * is taken one record at a time, each a batch of one).
     */
    @Incoming("mentions-scored")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return Messages.processBatch(batch, batch.getRecords(), vertx, policy.attempts(),
                policy.backoff(), MentionAuthorConsumer::readable,
                decoded -> storeAll(decoded.stream().map(Messages.Decoded::event).toList()), this::consumeOne);
    }

    Uni<Void> consumeOne(Message<String> message) {
        return Messages.process(message, vertx, policy.attempts(), policy.backoff(),
                () -> storeAll(Collections.singletonList(readable(message.getPayload()))));
    }

    /** What this service keeps of a scored mention: the mention and its scored topics. */
    private record Facts(Mention mention, List<String> topics, Scores scores) {}

    /** The facts of these records (null: unreadable, skipped), each mention once, in one transaction. */
    private Uni<Void> storeAll(List<Facts> batch) {
        Map<UUID, Facts> unique = new TreeMap<>(); // id order
        batch.stream().filter(Objects::nonNull).forEach(f -> unique.put(f.mention().id(), f));
        if (unique.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // Sealed mentions are opened (a destroyed key leaves them out), and facts of a subject erased after the
        // mention was fetched are not stored again (crypto-shredding and erasure tombstones).
        return keys.open(List.copyOf(unique.values()), f -> f.mention().sealedSubject(),
                (f, key) -> new Facts(f.mention().open(key), f.topics(), f.scores()))
                .flatMap(opened -> Tombstones.keep(pool, opened, Facts::mention))
                .flatMap(kept -> kept.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : pool.withTransaction(c -> store(c, kept)));
    }

    /**
     * Stores the facts of distinct mentions (in id order) in the caller's transaction, a statement for all of them at
     * each step: their locks, the facts, the evidence's author keys; then assigns the candidates that waited for them.
     */
    private Uni<Void> store(SqlConnection c, List<Facts> facts) {
        int n = facts.size();
        UUID[] ids = new UUID[n];
        String[] authors = new String[n];
        String[] handles = new String[n];
        String[] brands = new String[n];
        String[] sources = new String[n];
        String[] topics = new String[n];
        String[] texts = new String[n];
        String[] keys = new String[n];
        String[] sentiments = new String[n];
        String[] emotions = new String[n];
        String[] dupGroups = new String[n];
        String[] followers = new String[n];
        for (int i = 0; i < n; i++) {
            Facts f = facts.get(i);
            Mention m = f.mention();
            ids[i] = m.id();
            authors[i] = m.author() == null ? null : AuthorKeys.author(m.source(), m.author().id());
            handles[i] = m.author() == null ? null : AuthorKeys.handle(m.source(), m.author().handle());
            brands[i] = m.brand() == null ? null : m.brand().trim().toLowerCase(Locale.ROOT);
            sources[i] = m.source() == null ? null : m.source().trim().toLowerCase(Locale.ROOT);
            topics[i] = SqlValues.textArray(f.topics().stream().filter(t -> t != null).map(MentionAuthorConsumer::noNul)
                    .toList());
            texts[i] = m.text() == null ? null : clean(m.text());
            keys[i] = authors[i] != null ? authors[i] : handles[i];
            sentiments[i] = f.scores() == null ? null : Double.toString(f.scores().sentiment());
            emotions[i] = f.scores() == null ? null : dominantEmotion(f.scores().emotions());
            dupGroups[i] = dupGroup(m);
            followers[i] = m.author() == null || m.author().followers() == null
                    ? null
                    : Long.toString(m.author().followers());
        }
        List<UUID> idList = List.of(ids);
        return candidates.lockMentions(c, idList)
                .chain(() -> c.preparedQuery(UPSERT).execute(Tuple.from(List.of(ids, authors, handles, brands, sources,
                        topics, texts, sentiments, emotions, dupGroups, followers))))
                .chain(() -> c.preparedQuery(FILL_EVIDENCE).execute(Tuple.of(ids, keys)))
                .chain(() -> c.preparedQuery(FILL_CLUSTER_EVIDENCE).execute(Tuple.of(ids)))
                .chain(() -> candidates.factsArrived(c, idList))
                .replaceWithVoid();
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
        List<String> topics = scored.scores() == null || scored.scores().topics() == null
                ? List.of()
                : scored.scores().topics();
        return new Facts(m, topics, scored.scores());
    }

    /** The dominant emotion when it reaches 0.4 (as the extractor's FEELS zone does), else null. */
    static String dominantEmotion(Emotions e) {
        String[] names = {"anger", "joy", "confusion", "sadness", "fear", "gratitude"};
        double[] v = {e.anger(), e.joy(), e.confusion(), e.sadness(), e.fear(), e.gratitude()};
        int best = 0;
        for (int k = 1; k < v.length; k++) {
            if (v[k] > v[best]) {
                best = k;
            }
        }
        return v[best] >= 0.4 ? names[best] : null;
    }

    /**
     * The near-duplicate group of a mention: the listener's cluster when it named one, else the SimHash of the text
     * (exact and near-exact copies), else null (too short to tell).
     */
    static String dupGroup(Mention m) {
        if (m.nearDuplicate() != null && m.nearDuplicate().clusterId() != null) {
            return m.nearDuplicate().clusterId().toString();
        }
        long fp = SimHash.fingerprint(m.text());
        return fp == 0L ? null : SimHash.hex(fp);
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
