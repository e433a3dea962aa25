package io.earshot.sentiment.pipeline;

import io.earshot.contracts.events.Mention;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.contracts.events.Scores;
import io.earshot.sentiment.review.ReviewStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The scores table on the scoring hot path, on the reactive PostgreSQL client: a batch of scores (a single mention is
 * a batch of one) is one transaction of at most two statements, the upsert of every score as one {@code unnest} and,
 * when some need an analyst, their review items as another ({@link ReviewStore#enqueueAll}).
 */
@ApplicationScoped
public class ScoreStore {
    /** One row per mention id (the caller's batch is de-duplicated first: a redelivered copy's last score wins). */
    private static final String UPSERT = """
            insert into scores (mention_id, brand, source, author_id, label, sentiment, urgency, sarcasm, distress_kind,
                                distress_confidence, model_version, scored_at, trace_id, payload)
            select * from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::float8[],
                $8::float8[], $9::text[], $10::float8[], $11::text[], $12::timestamptz[], $13::text[], $14::text[])
            on conflict (mention_id) do update set label = excluded.label, sentiment = excluded.sentiment,
                urgency = excluded.urgency, sarcasm = excluded.sarcasm, distress_kind = excluded.distress_kind,
                distress_confidence = excluded.distress_confidence, model_version = excluded.model_version,
                scored_at = excluded.scored_at, payload = excluded.payload""";

    /**
     * A score to store: the scored mention, its encoded event (the {@code payload} column), the trace it continues,
     * and why an analyst should review it (empty: no review).
     */
    public record Item(ScoredMention scored, String payload, String traceId, List<String> reviewReasons) {}

    private final Pool pool;
    private final ReviewStore reviews;

    public ScoreStore(Pool pool, ReviewStore reviews) {
        this.pool = pool;
        this.reviews = reviews;
    }

    /** Stores the batch's scores and queues the ones to review, in one transaction. */
    public Uni<Void> store(List<Item> items) {
        Map<UUID, Item> unique = new LinkedHashMap<>();
        items.forEach(i -> unique.put(i.scored().mention().id(), i));
        if (unique.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
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
        OffsetDateTime[] scoredAt = new OffsetDateTime[n];
        String[] traceIds = new String[n];
        String[] payloads = new String[n];
        List<ReviewStore.Queued> review = new ArrayList<>();
        int i = 0;
        for (Item item : unique.values()) {
            ScoredMention s = item.scored();
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
            scoredAt[i] = s.scoredAt().atOffset(ZoneOffset.UTC);
            traceIds[i] = item.traceId();
            payloads[i] = item.payload();
            if (!item.reviewReasons().isEmpty()) {
                review.add(new ReviewStore.Queued(s, item.reviewReasons()));
            }
            i++;
        }
        Tuple params = Tuple.tuple().addArrayOfUUID(ids).addArrayOfString(brands).addArrayOfString(sources)
                .addArrayOfString(authors).addArrayOfString(labels).addArrayOfDouble(sentiments)
                .addArrayOfDouble(urgencies).addArrayOfDouble(sarcasms).addArrayOfString(distressKinds)
                .addArrayOfDouble(distressConfidences).addArrayOfString(models).addArrayOfOffsetDateTime(scoredAt)
                .addArrayOfString(traceIds).addArrayOfString(payloads);
        return pool.withTransaction(connection -> connection.preparedQuery(UPSERT).execute(params)
                .flatMap(upserted -> reviews.enqueueAll(connection, review)));
    }
}
