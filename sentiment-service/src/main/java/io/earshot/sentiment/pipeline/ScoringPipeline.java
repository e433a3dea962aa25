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
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
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
    private static final String UPSERT = """
            insert into scores (mention_id, brand, source, author_id, label, sentiment, urgency, sarcasm, distress_kind,
                                distress_confidence, model_version, scored_at, trace_id, payload)
            values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
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

    @Incoming("mentions-raw")
    public Uni<Void> consume(Message<String> message) {
        return Messages.process(message, vertx, attempts, backoff, () -> process(message));
    }

    Uni<Void> process(Message<String> message) {
        Mention mention = EventCodec.decode(message.getPayload(), Mention.class);
        if (mention.id() == null || mention.source() == null || mention.brand() == null) {
            throw new InvalidEventException("Mention lacks id, source or brand");
        }
        Context parent = Messages.tracingContext(message);
        String traceId = Messages.traceId(message);
        return topics.matcher(mention.brand()).flatMap(matcher -> {
            Scores scores = withTopics(scorer.score(mention), matcher.match(mention.text()));
            ScoredMention result = new ScoredMention(ScoredMention.SCHEMA_VERSION, mention, scores, Scorer.MODEL_VERSION,
                    clock.instant(), ConfidenceEstimator.estimate(scores));
            List<InsightCandidate> insights = extractor.extract(mention, scores);
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
