package io.earshot.sentiment.pipeline;

import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.codec.InvalidEventException;
import io.earshot.contracts.events.Explanation;
import io.earshot.contracts.events.InsightCandidate;
import io.earshot.contracts.events.Mention;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.contracts.events.Scores;
import io.earshot.platform.messaging.ChannelProducer;
import io.earshot.platform.messaging.ConsumerPolicy;
import io.earshot.platform.messaging.Messages;
import io.earshot.platform.privacy.SubjectKeys;
import io.earshot.platform.privacy.Tombstones;
import io.earshot.sentiment.review.ConfidenceEstimator;
import io.earshot.sentiment.review.ReviewGate;
import io.earshot.sentiment.scoring.InsightExtractor;
import io.earshot.sentiment.scoring.Scorer;
import io.earshot.sentiment.topics.TopicCatalog;
import io.earshot.sentiment.topics.TopicMatcher;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Consumes {@code mentions.raw}, scores each mention (tagging it with the brand's topics, with the score's confidence),
 * stores the score (queueing low-confidence, high-impact ones for analyst review in the same transaction) and publishes {@code mentions.scored} and the
 * mention's {@code insights.candidates}. The Kafka offset is committed only after both are acknowledged; a mention
 * that cannot be read (malformed, unknown major version) is dead-lettered with the reason; transient failures are
 * retried before giving up to the dead-letter topic. Re-processing a redelivered mention overwrites its own score
 * row and republishes the same ids, which downstream consumers recognise.
 */
@ApplicationScoped
public class ScoringPipeline {
    private final MentionScorer scorer;
    private final TopicCatalog topics;
    private final InsightExtractor extractor;
    private final ChannelProducer scored;
    private final ChannelProducer candidates;
    private final Vertx vertx;
    private final int attempts;
    private final Duration backoff;
    private final Clock clock = Clock.systemUTC();
    private final ReviewGate gate;
    private final ScoreStore store;
    private final SubjectKeys keys;
    private final Pool pool;

    /**
     * The two emitters only wire the outgoing channels: each channel's sink owns its Kafka producer (configured from
     * the channel), and a batch's records are handed to those producers at once ({@link ChannelProducer}).
     */
    public ScoringPipeline(MentionScorer scorer, TopicCatalog topics, InsightExtractor extractor, ReviewGate gate,
            ScoreStore store, SubjectKeys keys, Pool pool,
            @Channel("mentions-scored") MutinyEmitter<String> scoredChannel,
            @Channel("insights-candidates") MutinyEmitter<String> candidatesChannel, KafkaClientService clients,
            Vertx vertx, ConsumerPolicy policy) {
        this.scorer = scorer;
        this.topics = topics;
        this.extractor = extractor;
        this.gate = gate;
        this.store = store;
        this.keys = keys;
        this.pool = pool;
        this.scored = new ChannelProducer(clients, "mentions-scored");
        this.candidates = new ChannelProducer(clients, "insights-candidates");
        this.vertx = vertx;
        this.attempts = policy.attempts();
        this.backoff = policy.backoff();
    }

    /**
     * The Kafka channel delivers batches ({@code batch=true}): a batch is scored, stored in one transaction and
     * published together, then acknowledged, which costs a fraction of a transaction and an acknowledgement per
     * record. A record that cannot be read is dead-lettered with its reason on its own; when the batch's store or
     * publish still fails after the retries, each record goes the one-by-one way ({@link #consumeOne}), so a bad
     * record never takes its neighbours to the dead-letter topic.
     */
    @Incoming("mentions-raw")
    public Uni<Void> consume(Message<List<String>> message) {
        KafkaRecordBatch<?, ?> batch = (KafkaRecordBatch<?, ?>) message;
        return Messages.processBatch(batch, batch.getRecords(), vertx, attempts, backoff, ScoringPipeline::decode,
                this::scoreStoreAndPublish, this::consumeOne);
    }

    /** One record: retried as a whole, then dead-lettered with the last failure. */
    Uni<Void> consumeOne(Message<String> message) {
        return Messages.process(message, vertx, attempts, backoff, () -> process(message));
    }

    /**
     * A mention of a batch, scored, with what it publishes, the trace it continues and its author's data key when it
     * arrived sealed (null: in clear), under which what it publishes is sealed again.
     */
    private record Prepared(ScoredMention scored, List<InsightCandidate> insights, Context parent, String traceId,
            byte[] key) {}

    /** A record of a batch in clear, with the key it was sealed under (null: it came in clear). */
    private record Opened(Messages.Decoded<Mention> decoded, byte[] key) {}

    /**
     * The batch path (a single record goes through it too, as a batch of one): sealed mentions are opened first with
     * one read of their authors' keys; those whose key is destroyed (erased subjects) are left out.
     */
    private Uni<Void> scoreStoreAndPublish(List<Messages.Decoded<Mention>> decoded) {
        return keys.open(decoded.stream().map(d -> new Opened(d, null)).toList(),
                o -> o.decoded().event().sealedSubject(),
                (o, key) -> new Opened(o.decoded().opened(o.decoded().event().open(key)), key))
                .flatMap(this::scoreStoreAndPublishOpened);
    }

    private Uni<Void> scoreStoreAndPublishOpened(List<Opened> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String> brands = batch.stream().map(o -> o.decoded().event().brand()).distinct().toList();
        return Uni.join().all(brands.stream().map(topics::matcher).toList()).andFailFast().flatMap(found -> {
            Map<String, TopicMatcher> matchers = new HashMap<>();
            for (int i = 0; i < brands.size(); i++) {
                matchers.put(brands.get(i), found.get(i));
            }
            List<Prepared> prepared = new ArrayList<>(batch.size());
            for (Opened o : batch) {
                Messages.Decoded<Mention> d = o.decoded();
                ScoredMention result = score(d.event(), matchers.get(d.event().brand()));
                prepared.add(new Prepared(result, extractor.extract(d.event(), result.scores()),
                        Messages.tracingContext(d.record()), Messages.traceId(d.record()), o.key()));
            }
            return storeAndPublish(prepared);
        });
    }

    /**
     * One transaction for the batch's scores (and review items), then every record it publishes sent at once; the
     * batch completes when Kafka acknowledged them all (a failure fails the batch, which is retried, then taken
     * record by record).
     */
    private Uni<Void> storeAndPublish(List<Prepared> all) {
        // Mentions of a subject erased after they were fetched are neither stored nor published (erasure tombstones).
        return Tombstones.keep(pool, all, p -> p.scored().mention()).flatMap(this::storeAndPublishKept);
    }

    private Uni<Void> storeAndPublishKept(List<Prepared> good) {
        if (good.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<ScoreStore.Item> items = new ArrayList<>(good.size());
        List<ProducerRecord<String, String>> out = new ArrayList<>(good.size());
        for (Prepared p : good) {
            String payload = EventCodec.encode(p.scored()); // stored, and published when it came in clear
            items.add(new ScoreStore.Item(p.scored(), payload, p.traceId(), gate.reasons(p.scored())));
            // What came sealed leaves sealed under the same key (crypto-shredding, docs/privacy.md).
            String published = p.key() == null ? payload : EventCodec.encode(p.scored().seal(p.key()));
            out.add(Messages.record(scored.topic(), p.scored().mention().kafkaKey(), published, p.parent()));
        }
        List<ProducerRecord<String, String>> insights = new ArrayList<>();
        for (Prepared p : good) {
            for (InsightCandidate c : p.insights()) {
                InsightCandidate sealed = p.key() == null ? c : c.seal(p.key(), p.scored().mention().subjectHash());
                insights.add(Messages.record(candidates.topic(), c.brand() + ":" + c.theme(), EventCodec.encode(
                        sealed), p.parent()));
            }
        }
        return store.store(items).flatMap(stored -> Uni.combine().all()
                .unis(scored.sendAll(out), candidates.sendAll(insights)).asTuple())
                .invoke(sent -> {
                    Throwable failure = Messages.firstFailure(sent.getItem1());
                    failure = failure != null ? failure : Messages.firstFailure(sent.getItem2());
                    if (failure != null) {
                        throw new IllegalStateException("publishing the batch failed: " + failure.getMessage(),
                                failure);
                    }
                }).replaceWithVoid();
    }

    private static Mention decode(String payload) {
        Mention mention = EventCodec.decode(payload, Mention.class);
        if (mention.id() == null || mention.source() == null || mention.brand() == null) {
            throw new InvalidEventException("Mention lacks id, source or brand");
        }
        return mention;
    }

    private ScoredMention score(Mention mention, TopicMatcher matcher) {
        Scores scores = withTopics(scorer.score(mention), matcher.match(mention.text()));
        return new ScoredMention(ScoredMention.SCHEMA_VERSION, mention, scores, Scorer.MODEL_VERSION, clock.instant(),
                ConfidenceEstimator.estimate(scores));
    }

    /** One record: the batch path with a batch of one. */
    Uni<Void> process(Message<String> message) {
        return scoreStoreAndPublish(List.of(new Messages.Decoded<>(message, decode(message.getPayload()))));
    }

    /** The scores with the brand's topics found in the text, each explained by the keyword that matched. */
    static Scores withTopics(Scores s, List<TopicMatcher.Match> matches) {
        if (matches.isEmpty()) {
            return s;
        }
        List<Explanation> explanation = new ArrayList<>(s.explanation());
        for (TopicMatcher.Match m : matches) {
            explanation.add(new Explanation("topics", m.topic() + ": " + m.keyword(), 0));
        }
        return new Scores(s.sentiment(), s.label(), s.emotions(), s.urgency(), s.distress(), s.sarcasm(),
                matches.stream().map(TopicMatcher.Match::topic).toList(), explanation);
    }
}
