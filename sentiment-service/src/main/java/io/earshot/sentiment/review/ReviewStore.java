package io.earshot.sentiment.review;

import static io.earshot.platform.db.SqlValues.instant;
import static io.earshot.platform.db.SqlValues.utc;

import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.DistressKind;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.contracts.events.SentimentLabel;
import io.earshot.platform.http.Page;
import io.earshot.platform.http.PageCursor;
import io.earshot.platform.http.ProblemException;
import io.earshot.platform.security.Scope;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/** The review queue in PostgreSQL: enqueue (inside the scoring transaction), list, label, export rows, tallies. */
@ApplicationScoped
public class ReviewStore {
    static final String PENDING = "PENDING";
    static final String REVIEWED = "REVIEWED";
    private static final String COLUMNS = """
            select r.mention_id, r.brand, r.source, r.reasons, r.confidence, r.followers, r.scorer_label,
                   r.scorer_sentiment, r.scorer_sarcasm, r.scorer_distress_kind, r.model_version, r.queued_at, r.status,
                   r.label, r.sarcastic, r.distress_kind, r.note, r.reviewer, r.reviewed_at, s.payload
            from review_items r left join scores s on s.mention_id = r.mention_id""";

    /** One tally row of the agreement figures: period start, scorer label, analyst label, count. */
    public record Tally(Instant period, SentimentLabel scorer, SentimentLabel reviewer, long count) {}

    /** The analyst's input (validated by the resource). */
    public record Correction(SentimentLabel label, Boolean sarcastic, DistressKind distressKind, String note) {}

    private final Clock clock = Clock.systemUTC();

    /** A score to queue for review, with the gate's reasons. */
    public record Queued(ScoredMention scored, List<String> reasons) {}

    /** Queues every item of a scoring batch in one statement, in the caller's transaction; a mention already queued (or
     * reviewed) is left as is. Nothing to queue costs no statement. */
    public Uni<Void> enqueueAll(SqlConnection connection, List<Queued> items) {
        if (items.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = items.size();
        UUID[] ids = new UUID[n];
        String[] brands = new String[n];
        String[] sources = new String[n];
        String[] reasons = new String[n];
        Double[] confidences = new Double[n];
        Long[] followers = new Long[n];
        String[] labels = new String[n];
        Double[] sentiments = new Double[n];
        Double[] sarcasms = new Double[n];
        String[] distressKinds = new String[n];
        String[] models = new String[n];
        OffsetDateTime[] queuedAt = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            ScoredMention s = items.get(i).scored();
            ids[i] = s.mention().id();
            brands[i] = s.mention().brand();
            sources[i] = s.mention().source();
            reasons[i] = String.join(",", items.get(i).reasons());
            confidences[i] = s.confidence().value();
            followers[i] = s.mention().author() == null ? null : s.mention().author().followers();
            labels[i] = s.scores().label().name();
            sentiments[i] = s.scores().sentiment();
            sarcasms[i] = s.scores().sarcasm();
            distressKinds[i] = s.scores().distress().kind().name();
            models[i] = s.modelVersion();
            queuedAt[i] = s.scoredAt().atOffset(ZoneOffset.UTC);
        }
        return connection.preparedQuery("""
                insert into review_items (mention_id, brand, source, reasons, confidence, followers, scorer_label,
                    scorer_sentiment, scorer_sarcasm, scorer_distress_kind, model_version, queued_at)
                select * from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::bigint[],
                    $7::text[], $8::float8[], $9::float8[], $10::text[], $11::text[], $12::timestamptz[])
                on conflict (mention_id) do nothing""")
                .execute(Tuple.tuple().addArrayOfUUID(ids).addArrayOfString(brands).addArrayOfString(sources)
                        .addArrayOfString(reasons).addArrayOfDouble(confidences).addArrayOfLong(followers)
                        .addArrayOfString(labels).addArrayOfDouble(sentiments).addArrayOfDouble(sarcasms)
                        .addArrayOfString(distressKinds).addArrayOfString(models).addArrayOfOffsetDateTime(queuedAt))
                .replaceWithVoid();
    }

    @WithSession
    public Uni<Page<ReviewItem>> list(Scope scope, String status, String brand, PageCursor after, int limit) {
        String sql = COLUMNS + " " + """
                where (cast(?1 as varchar) is null or r.status = ?1) and (cast(?2 as varchar) is null or r.brand = ?2)
                 and (cast(?3 as timestamptz) is null or r.queued_at < ?3 or (r.queued_at = ?3 and r.mention_id < ?4))
                 and """ + " " + scope.brandCondition("r.brand", "?", 6) + " " + """
                order by r.queued_at desc, r.mention_id desc limit ?5""";
        return Panache.getSession().flatMap(s -> scoped(s.createNativeQuery(sql, Object[].class), scope, 6)
                .setParameter(1, status).setParameter(2, brand)
                .setParameter(3, after == null ? null : after.at().atOffset(ZoneOffset.UTC))
                .setParameter(4, after == null ? new UUID(0, 0) : after.id())
                .setParameter(5, limit).getResultList())
                .map(rows -> {
                    List<ReviewItem> items = rows.stream().map(ReviewStore::item).toList();
                    String next = items.size() < limit
                            ? null
                            : new PageCursor(items.get(limit - 1).queuedAt(), items.get(limit - 1).mentionId())
                                    .encode();
                    return new Page<>(items, next);
                });
    }

    /** The review item of a mention, or null when it was never queued. */
    public Uni<ReviewItem> find(Mutiny.Session s, UUID mentionId) {
        return s.createNativeQuery(COLUMNS + " where r.mention_id = ?1", Object[].class).setParameter(1, mentionId)
                .getResultList().map(rows -> rows.isEmpty() ? null : item(rows.get(0)));
    }

    /** The review item of a mention in {@code scope}; a 404 when it was never queued or its brand is outside. */
    @WithSession
    public Uni<ReviewItem> get(Scope scope, UUID mentionId) {
        return Panache.getSession().flatMap(s -> find(s, mentionId))
                .map(item -> item == null || !scope.brand(item.brand()) ? null : item)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("review item of mention " + mentionId));
    }

    /** Stores (or replaces) the analyst's correction; a 404 when the item is missing or its brand outside {@code scope}. */
    @WithTransaction
    public Uni<ReviewItem> label(Scope scope, UUID mentionId, Correction c, String reviewer) {
        return Panache.getSession().flatMap(s -> scoped(s.createNativeQuery("""
                update review_items set status = 'REVIEWED', label = ?1, sarcastic = ?2, distress_kind = ?3, note = ?4,
                       reviewer = ?5, reviewed_at = ?6 where mention_id = ?7 and """
                + " " + scope.brandCondition("brand", "?", 8)), scope, 8)
                .setParameter(1, c.label().name()).setParameter(2, c.sarcastic())
                .setParameter(3, c.distressKind() == null ? null : c.distressKind().name()).setParameter(4, c.note())
                .setParameter(5, reviewer).setParameter(6, clock.instant().atOffset(ZoneOffset.UTC))
                .setParameter(7, mentionId).executeUpdate()
                .flatMap(n -> {
                    if (n == 0) {
                        throw ProblemException.notFound("review item of mention " + mentionId);
                    }
                    return find(s, mentionId);
                }));
    }

    /** Reviewed items (with their stored score) reviewed in [from, to), oldest review first; at most {@code max}. */
    @WithSession
    public Uni<List<ReviewItem>> reviewed(Scope scope, String brand, Instant from, Instant to, int max) {
        String sql = COLUMNS + " " + """
                where r.status = 'REVIEWED' and s.payload is not null and (cast(?1 as varchar) is null or r.brand = ?1)
                 and (cast(?2 as timestamptz) is null or r.reviewed_at >= ?2)
                 and (cast(?3 as timestamptz) is null or r.reviewed_at < ?3)
                 and """ + " " + scope.brandCondition("r.brand", "?", 5) + " " + """
                order by r.reviewed_at, r.mention_id limit ?4""";
        return Panache.getSession().flatMap(s -> scoped(s.createNativeQuery(sql, Object[].class), scope, 5)
                .setParameter(1, brand).setParameter(2, utc(from)).setParameter(3, utc(to)).setParameter(4, max)
                .getResultList()).map(rows -> rows.stream().map(ReviewStore::item).toList());
    }

    /** Counts of (scorer label, analyst label) per period ({@code day} or {@code week}) of the mentions' scoring time. */
    @WithSession
    public Uni<List<Tally>> tallies(Scope scope, String brand, String bucket, Instant from, Instant to) {
        String sql = """
                select date_trunc(?1, queued_at at time zone 'UTC') as period, scorer_label, label, count(*)
                from review_items where status = 'REVIEWED' and (cast(?2 as varchar) is null or brand = ?2)
                  and (cast(?3 as timestamptz) is null or queued_at >= ?3) and (cast(?4 as timestamptz) is null or queued_at < ?4)
                  and """
                + " " + scope.brandCondition("brand", "?", 5) + " " + """
                        group by 1, 2, 3 order by 1, 2, 3""";
        return Panache.getSession().flatMap(s -> scoped(s.createNativeQuery(sql, Object[].class), scope, 5)
                .setParameter(1, bucket).setParameter(2, brand).setParameter(3, utc(from)).setParameter(4, utc(to))
                .getResultList())
                .map(rows -> rows.stream().map(r -> new Tally(instant(r[0]), SentimentLabel.valueOf((String) r[1]),
                        SentimentLabel.valueOf((String) r[2]), ((Number) r[3]).longValue())).toList());
    }

    /** Binds the parameters of {@link Scope#brandCondition} from position {@code first}. */
    static <Q extends Mutiny.AbstractQuery> Q scoped(Q query, Scope scope, int first) {
        List<String> brands = scope.brandParams();
        for (int i = 0; i < brands.size(); i++) {
            query.setParameter(first + i, brands.get(i));
        }
        return query;
    }

    static ReviewItem item(Object[] r) {
        String payload = (String) r[19];
        String text = payload == null ? null : EventCodec.decode(payload, ScoredMention.class).mention().text();
        String status = (String) r[12];
        SentimentLabel scorerLabel = SentimentLabel.valueOf((String) r[6]);
        ReviewItem.Review review = null;
        Boolean agreed = null;
        if (REVIEWED.equals(status)) {
            SentimentLabel label = SentimentLabel.valueOf((String) r[13]);
            review = new ReviewItem.Review(label, (Boolean) r[14], r[15] == null
                    ? null
                    : DistressKind.valueOf((String) r[15]),
                    (String) r[16], (String) r[17], instant(r[18]));
            agreed = label == scorerLabel;
        }
        return new ReviewItem((UUID) r[0], (String) r[1], (String) r[2], text, Arrays.asList(((String) r[3]).split(
                ",")),
                ((Number) r[4]).doubleValue(), r[5] == null ? null : ((Number) r[5]).longValue(),
                new ReviewItem.Scorer(scorerLabel, ((Number) r[7]).doubleValue(), ((Number) r[8]).doubleValue(),
                        DistressKind.valueOf((String) r[9]), (String) r[10]),
                instant(r[11]), status, review, agreed);
    }
}
