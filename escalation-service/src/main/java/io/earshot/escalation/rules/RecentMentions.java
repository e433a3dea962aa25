package io.earshot.escalation.rules;

import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.Mention;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.platform.db.SqlValues;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The newest {@code earshot.rules.recent-mentions} scored mentions (table {@code recent_mentions}): what dry runs
 * replay and where case context finds a thread and an author's history. Stored once per mention id.
 */
@ApplicationScoped
public class RecentMentions {
    /**
     * Stores a batch in one statement, each mention once. The rows go in by creation time, then mention id: one
     * order whatever order the batch came in, so two replicas storing overlapping batches take the unique index's
     * locks in the same order and never deadlock.
     */
    private static final String INSERT = """
            insert into recent_mentions (mention_id, brand, source, author_id, thread_root_id, sentiment, created_at, payload)
            select id, brand, source, author, root, sentiment, created, payload
              from unnest(cast($1 as uuid[]), cast($2 as text[]), cast($3 as text[]), cast($4 as text[]), cast($5 as text[]),
                          cast($6 as float8[]), cast($7 as timestamptz[]), cast($8 as text[]))
                   as r(id, brand, source, author, root, sentiment, created, payload)
             order by created, id
            on conflict (mention_id) do nothing returning seq""";
    /** Every this many stored rows, what fell out of the bound is deleted. */
    private static final int TRIM_EVERY = 100;

    private final int keep;

    public RecentMentions(RuleSettings settings) {
        this.keep = settings.recentMentions();
    }

    public static String threadRoot(Mention m) {
        return m.thread().rootId() != null ? m.thread().rootId() : m.externalId();
    }

    /**
     * Stores the batch (unless known; each mention once, by creation time then id) in one statement on the connection of
     * the caller's transaction, then drops what falls out of the bound when the batch's numbers crossed a multiple of
     * {@value #TRIM_EVERY}. {@code payloads} are the mentions encoded (the case intake stores the same text).
     */
    public Uni<Void> recordAll(SqlClient c, List<ScoredMention> batch, List<String> payloads) {
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = batch.size();
        UUID[] ids = new UUID[n];
        String[] brands = new String[n];
        String[] sources = new String[n];
        String[] authors = new String[n];
        String[] roots = new String[n];
        Double[] sentiments = new Double[n];
        OffsetDateTime[] created = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            ScoredMention scored = batch.get(i);
            Mention m = scored.mention();
            ids[i] = m.id();
            brands[i] = m.brand();
            sources[i] = m.source();
            authors[i] = m.author() == null ? null : m.author().id();
            roots[i] = threadRoot(m);
            sentiments[i] = scored.scores().sentiment();
            created[i] = SqlValues.utc(m.createdAt());
        }
        return c.preparedQuery(INSERT).execute(Tuple.from(new Object[]{ids, brands, sources, authors, roots, sentiments,
                created, payloads.toArray(String[]::new)}))
                .flatMap(rows -> {
                    long first = Long.MAX_VALUE;
                    long last = Long.MIN_VALUE;
                    for (Row r : rows) {
                        long seq = r.getLong("seq");
                        first = Math.min(first, seq);
                        last = Math.max(last, seq);
                    }
                    return rows.size() == 0 || last / TRIM_EVERY == (first - 1) / TRIM_EVERY
                            ? Uni.createFrom().voidItem()
                            : c.preparedQuery("delete from recent_mentions where seq <= $1").execute(Tuple.of(last
                                    - keep))
                                    .replaceWithVoid();
                });
    }

    /** The newest {@code limit} mentions, newest first, optionally of one brand. */
    public Uni<List<ScoredMention>> newest(Mutiny.Session s, String brand, int limit) {
        return s.createNativeQuery(
                "select payload from recent_mentions where (cast(?1 as varchar) is null or brand = ?1)"
                        + " order by seq desc limit ?2", String.class)
                .setParameter(1, brand).setParameter(2, limit).getResultList()
                .map(RecentMentions::decode);
    }

    /** Other mentions of the same thread, oldest first. */
    public Uni<List<ScoredMention>> thread(Mutiny.Session s, String brand, String source, String root, int limit) {
        return s.createNativeQuery(
                "select payload from (select seq, payload from recent_mentions where brand = ?1 and source = ?2"
                        + " and thread_root_id = ?3 order by seq desc limit ?4) t order by seq", String.class)
                .setParameter(1, brand).setParameter(2, source).setParameter(3, root).setParameter(4, limit)
                .getResultList().map(RecentMentions::decode);
    }

    /** The author's mentions of a brand, oldest first. */
    public Uni<List<ScoredMention>> byAuthor(Mutiny.Session s, String brand, String source, String authorId,
            int limit) {
        return s.createNativeQuery(
                "select payload from (select seq, payload from recent_mentions where brand = ?1 and source = ?2"
                        + " and author_id = ?3 order by seq desc limit ?4) t order by seq", String.class)
                .setParameter(1, brand).setParameter(2, source).setParameter(3, authorId).setParameter(4, limit)
                .getResultList().map(RecentMentions::decode);
    }

    private static List<ScoredMention> decode(List<String> payloads) {
        return payloads.stream().map(p -> EventCodec.decode(p, ScoredMention.class)).toList();
    }
}
