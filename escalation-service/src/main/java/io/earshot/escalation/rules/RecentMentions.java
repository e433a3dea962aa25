package io.earshot.escalation.rules;

import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.Mention;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.contracts.db.SqlValues;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The newest {@code earshot.rules.recent-mentions} scored mentions (table {@code recent_mentions}): what dry runs
 * replay and where case context finds a thread and an author's history. Stored once per mention id.
 */
@ApplicationScoped
public class RecentMentions {
    private static final String INSERT = """
            insert into recent_mentions (mention_id, brand, source, author_id, thread_root_id, sentiment, created_at, payload)
            values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) on conflict (mention_id) do nothing returning seq""";

    private final int keep;

    public RecentMentions(@ConfigProperty(name = "earshot.rules.recent-mentions") int keep) {
        this.keep = keep;
    }

    public static String threadRoot(Mention m) {
        return m.thread().rootId() != null ? m.thread().rootId() : m.externalId();
    }

    /** Stores {@code scored} (unless known) and drops what falls out of the bound. */
    public Uni<Void> record(Mutiny.Session s, ScoredMention scored) {
        Mention m = scored.mention();
        return s.createNativeQuery(INSERT, Long.class)
                .setParameter(1, m.id())
                .setParameter(2, m.brand())
                .setParameter(3, m.source())
                .setParameter(4, m.author() == null ? null : m.author().id())
                .setParameter(5, threadRoot(m))
                .setParameter(6, scored.scores().sentiment())
                .setParameter(7, SqlValues.utc(m.createdAt()))
                .setParameter(8, EventCodec.encode(scored))
                .getResultList()
                .flatMap(seqs -> seqs.isEmpty() || seqs.get(0) % 100 != 0 ? Uni.createFrom().item(0)
                        : s.createNativeQuery("delete from recent_mentions where seq <= ?1")
                                .setParameter(1, seqs.get(0) - keep).executeUpdate())
                .replaceWithVoid();
    }

    /** The newest {@code limit} mentions, newest first, optionally of one brand. */
    public Uni<List<ScoredMention>> newest(Mutiny.Session s, String brand, int limit) {
        return s.createNativeQuery("select payload from recent_mentions where (cast(?1 as varchar) is null or brand = ?1)"
                + " order by seq desc limit ?2", String.class)
                .setParameter(1, brand).setParameter(2, limit).getResultList()
                .map(RecentMentions::decode);
    }

    /** Other mentions of the same thread, oldest first. */
    public Uni<List<ScoredMention>> thread(Mutiny.Session s, String brand, String source, String root, int limit) {
        return s.createNativeQuery("select payload from (select seq, payload from recent_mentions where brand = ?1 and source = ?2"
                + " and thread_root_id = ?3 order by seq desc limit ?4) t order by seq", String.class)
                .setParameter(1, brand).setParameter(2, source).setParameter(3, root).setParameter(4, limit)
                .getResultList().map(RecentMentions::decode);
    }

    /** The author's mentions of a brand, oldest first. */
    public Uni<List<ScoredMention>> byAuthor(Mutiny.Session s, String brand, String source, String authorId, int limit) {
        return s.createNativeQuery("select payload from (select seq, payload from recent_mentions where brand = ?1 and source = ?2"
                + " and author_id = ?3 order by seq desc limit ?4) t order by seq", String.class)
                .setParameter(1, brand).setParameter(2, source).setParameter(3, authorId).setParameter(4, limit)
                .getResultList().map(RecentMentions::decode);
    }

    private static List<ScoredMention> decode(List<String> payloads) {
        return payloads.stream().map(p -> EventCodec.decode(p, ScoredMention.class)).toList();
    }
}
