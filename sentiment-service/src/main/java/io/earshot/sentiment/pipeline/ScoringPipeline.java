package io.earshot.sentiment.pipeline;

import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.codec.InvalidEventException;
import io.earshot.contracts.events.Explanation;
import io.earshot.contracts.events.InsightCandidate;
import io.earshot.contracts.events.Mention;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.contracts.events.Scores;
import io.earshot.contracts.messaging.Messages;
import io.earshot.sentiment.review.ConfidenceEstimator;
import io.earshot.sentiment.review.ReviewGate;
import io.earshot.sentiment.review.ReviewStore;
import io.earshot.sentiment.scoring.InsightExtractor;
import io.earshot.sentiment.scoring.Scorer;
import io.earshot.sentiment.topics.TopicCatalog;
import io.earshot.sentiment.topics.TopicMatcher;
import io.opentelemetry.context.Context;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.hibernate.reactive.mutiny.Mutiny;

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
    private static final String UPSERT = """
            insert into scores (mention_id, brand, source, author_id, label, sentiment, urgency, sarcasm, distress_kind,
                                distress_confidence, model_version, scored_at, trace_id, payload)
            values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
            on conflict (mention_id) do update set label = excluded.label, sentiment = excluded.sentiment,
                urgency = excluded.urgency, sarcasm = excluded.sarcasm, distress_kind = excluded.distress_kind,
                distress_confidence = excluded.distress_confidence, model_version = excluded.model_version,
                scored_at = excluded.scored_at, payload = excluded.payload""";

    /** The same upsert for a whole batch in one statement (one row per mention id; the caller de-duplicates). */
    private static final String UPSERT_BATCH = """
            insert into scores (mention_id, brand, source, author_id, label, sentiment, urgency, sarcasm, distress_kind,
                                distress_confidence, model_version, scored_at, trace_id, payload)
            select * from unnest(cast(?1 as uuid[]), cast(?2 as text[]), cast(?3 as text[]), cast(?4 as text[]),
                cast(?5 as text[]), cast(?6 as float8[]), cast(?7 as float8[]), cast(?8 as float8[]), cast(?9 as text[]),
                cast(?10 as float8[]), cast(?11 as text[]), cast(cast(?12 as text[]) as timestamptz[]), cast(?13 as text[]),
                cast(?14 as text[]))
            on conflict (mention_id) do update set label = excluded.label, sentiment = excluded.sentiment,
                urgency = excluded.urgency, sarcasm = excluded.sarcasm, distress_kind = excluded.distress_kind,
                distress_confidence = excluded.distress_confidence, model_version = excluded.model_version,
                scored_at = excluded.scored_at, payload = excluded.payload""";

    private final MentionScorer scorer;
    private final TopicCatalog topics;
    private final InsightExtractor extractor;
    private final MutinyEmitter<String> scored;
    private final MutinyEmitter<String> candidates;
    private final Vertx vertx;
    private final int attempts;
    private final Duration backoff;
    private final Clock clock = Clock.systemUTC();
    private final ReviewGate gate;
    private final ReviewStore reviews;

    public ScoringPipeline(MentionScorer scorer, TopicCatalog topics, InsightExtractor extractor, ReviewGate gate,
            ReviewStore reviews,
            @Channel("mentions-scored") MutinyEmitter<String> scored,
            @Channel("insights-candidates") MutinyEmitter<String> candidates, Vertx vertx,
            @ConfigProperty(name = "earshot.consumer.attempts") int attempts,
            @ConfigProperty(name = "earshot.consumer.backoff") Duration backoff) {
        this.scorer = scorer;
        this.topics = topics;
        this.extractor = extractor;
        this.gate = gate;
        this.reviews = reviews;
        this.scored = scored;
        this.candidates = candidates;
        this.vertx = vertx;
        this.attempts = attempts;
        this.backoff = backoff;
    }

    /**
     * The Kafka channel delivers batches ({@code batch=true}): a batch is scored, stored in one transaction and
     * published together, then acknowledged, which costs a fraction of a transaction and an acknowledgement per
     * record. A record that cannot be read is dead-lettered with its reason on its own; when the batch's store or
     * publish still fails after the retries, each record goes the one-by-one way ({@link #consumeOne}), so a bad
     * record never takes its neighbours to the dead-letter topic. Other connectors (the in-memory one of unit tests)
     * deliver single messages, which take the one-by-one way directly.
     */
    @Incoming("mentions-raw")
    public Uni<Void> consume(Message<List<String>> message) {
        if (message instanceof KafkaRecordBatch<?, ?> batch) {
            return Messages.processBatch(batch, batch.getRecords(), vertx, attempts, backoff, ScoringPipeline::decode,
                    this::scoreStoreAndPublish, this::consumeOne);
        }
        // A connector without batches (the in-memory one of unit tests) hands over one record per message.
        @SuppressWarnings("unchecked")
        Message<String> single = (Message<String>) (Message<?>) message;
        return consumeOne(single);
    }

    /** One record: retried as a whole, then dead-lettered with the last failure. */
    Uni<Void> consumeOne(Message<String> message) {
        return Messages.process(message, vertx, attempts, backoff, () -> process(message));
    }

    /** A mention of a batch, scored, with what it publishes and the trace it continues. */
    private record Prepared(ScoredMention scored, List<InsightCandidate> insights, Context parent, String traceId) {
    }

    private Uni<Void> scoreStoreAndPublish(List<Messages.Decoded<Mention>> batch) {
        List<String> brands = batch.stream().map(d -> d.event().brand()).distinct().toList();
        return Uni.join().all(brands.stream().map(topics::matcher).toList()).andFailFast().flatMap(found -> {
            Map<String, TopicMatcher> matchers = new HashMap<>();
            for (int i = 0; i < brands.size(); i++) {
                matchers.put(brands.get(i), found.get(i));
            }
            List<Prepared> prepared = new ArrayList<>(batch.size());
            for (Messages.Decoded<Mention> d : batch) {
                ScoredMention result = score(d.event(), matchers.get(d.event().brand()));
                prepared.add(new Prepared(result, extractor.extract(d.event(), result.scores()),
                        Messages.tracingContext(d.record()), Messages.traceId(d.record())));
            }
            return storeAndPublish(prepared);
        });
    }

    private Uni<Void> storeAndPublish(List<Prepared> good) {
        if (good.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return storeBatch(good).flatMap(stored -> {
            List<Uni<Void>> sends = new ArrayList<>(good.size());
            for (Prepared p : good) {
                sends.add(publish(p.scored(), p.insights(), p.parent()));
            }
            return Uni.join().all(sends).andFailFast().replaceWithVoid();
        });
    }

    private Uni<Void> storeBatch(List<Prepared> good) {
        Map<UUID, Prepared> unique = new LinkedHashMap<>();
        good.forEach(p -> unique.put(p.scored().mention().id(), p)); // a redelivered copy: the last one wins
        int n = unique.size();
        UUID[] ids = new UUID[n];
        String[] brands = new String[n];
        String[] sources = new String[n];
        String[] authors = new String[n];
        String[] labels = new String[n];
        Double[] sentiments = new Double[n];
        Double[] urgencies = new Double[n];
        Double[] sarcasms = new Double[n];
        String[] distressKinds = new String[n];
        Double[] distressConfidences = new Double[n];
        String[] models = new String[n];
        String[] scoredAt = new String[n];
        String[] traceIds = new String[n];
        String[] payloads = new String[n];
        int i = 0;
        for (Prepared p : unique.values()) {
            ScoredMention s = p.scored();
            Mention m = s.mention();
            Scores sc = s.scores();
            ids[i] = m.id();
            brands[i] = m.brand();
            sources[i] = m.source();
            authors[i] = m.author() == null ? null : m.author().id();
            labels[i] = sc.label().name();
            sentiments[i] = sc.sentiment();
            urgencies[i] = sc.urgency();
            sarcasms[i] = sc.sarcasm();
            distressKinds[i] = sc.distress().kind().name();
            distressConfidences[i] = sc.distress().confidence();
            models[i] = s.modelVersion();
            scoredAt[i] = s.scoredAt().toString();
            traceIds[i] = p.traceId();
            payloads[i] = EventCodec.encode(s);
            i++;
        }
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session.createNativeQuery(UPSERT_BATCH)
                .setParameter(1, ids)
                .setParameter(2, brands)
                .setParameter(3, sources)
                .setParameter(4, authors)
                .setParameter(5, labels)
                .setParameter(6, sentiments)
                .setParameter(7, urgencies)
                .setParameter(8, sarcasms)
                .setParameter(9, distressKinds)
                .setParameter(10, distressConfidences)
                .setParameter(11, models)
                .setParameter(12, scoredAt)
                .setParameter(13, traceIds)
                .setParameter(14, payloads)
                .executeUpdate()
                .flatMap(updated -> enqueueForReview(session, unique.values())))).replaceWithVoid();
    }

    /** The batch's low-confidence, high-impact scores queued for review, in the batch's transaction. */
    private Uni<Void> enqueueForReview(Mutiny.Session session, Iterable<Prepared> items) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Prepared p : items) {
            List<String> reasons = gate.reasons(p.scored());
            if (!reasons.isEmpty()) {
                chain = chain.flatMap(ignored -> reviews.enqueue(session, p.scored(), reasons));
            }
        }
        return chain;
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

    Uni<Void> process(Message<String> message) {
        Mention mention = decode(message.getPayload());
        Context parent = Messages.tracingContext(message);
        String traceId = Messages.traceId(message);
        return topics.matcher(mention.brand()).flatMap(matcher -> {
            ScoredMention result = score(mention, matcher);
            List<InsightCandidate> insights = extractor.extract(mention, result.scores());
            return store(result, traceId).flatMap(stored -> publish(result, insights, parent));
        });
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

    private Uni<Void> store(ScoredMention s, String traceId) {
        Mention m = s.mention();
        Scores sc = s.scores();
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session.createNativeQuery(UPSERT)
                .setParameter(1, m.id())
                .setParameter(2, m.brand())
                .setParameter(3, m.source())
                .setParameter(4, m.author() == null ? null : m.author().id())
                .setParameter(5, sc.label().name())
                .setParameter(6, sc.sentiment())
                .setParameter(7, sc.urgency())
                .setParameter(8, sc.sarcasm())
                .setParameter(9, sc.distress().kind().name())
                .setParameter(10, sc.distress().confidence())
                .setParameter(11, s.modelVersion())
                .setParameter(12, s.scoredAt().atOffset(ZoneOffset.UTC))
                .setParameter(13, traceId)
                .setParameter(14, EventCodec.encode(s))
                .executeUpdate()
                .flatMap(n -> {
                    List<String> reasons = gate.reasons(s);
                    return reasons.isEmpty() ? Uni.createFrom().voidItem() : reviews.enqueue(session, s, reasons);
                }))).replaceWithVoid();
    }

    private Uni<Void> publish(ScoredMention s, List<InsightCandidate> insights, Context parent) {
        String key = s.mention().kafkaKey();
        List<Uni<Void>> sends = new ArrayList<>(1 + insights.size());
        sends.add(scored.sendMessage(Messages.keyed(key, EventCodec.encode(s), parent)));
        for (InsightCandidate c : insights) {
            sends.add(candidates.sendMessage(Messages.keyed(c.brand() + ":" + c.theme(), EventCodec.encode(c), parent)));
        }
        return Uni.join().all(sends).andFailFast().replaceWithVoid();
    }
}
