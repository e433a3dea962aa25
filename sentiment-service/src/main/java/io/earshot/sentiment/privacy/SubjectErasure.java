package io.earshot.sentiment.privacy;

import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.ErasureRequest;
import io.earshot.contracts.events.Mention;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.platform.idempotency.IdempotencyFilter;
import io.earshot.platform.privacy.Subjects;
import io.earshot.platform.privacy.Tombstones;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Erases a data subject from sentiment, in one transaction: the subject's scores (the score and the scored mention it
 * was published as; only the named mentions' when the request names single mentions deleted at their source) are deleted, their pending reviews dropped and the notes of done ones cleared, and the subject's
 * tombstones recorded (the pipeline drops their mentions still in flight, {@link Tombstones}); then the subject's names
 * leave stored idempotent answers (the only Redis keys sentiment has). A redelivered request deletes nothing more.
 */
@ApplicationScoped
public class SubjectErasure {
    private static final String MATCH = """
            lower(source) = ?1
              and ((cast(?2 as varchar) is not null and author_id = ?2)
                or (cast(?3 as varchar) is not null
                    and lower(ltrim(cast(payload as jsonb) -> 'mention' -> 'author' ->> 'handle', '@')) = ?3))""";
    private static final String FIND = "select mention_id, payload from scores where " + MATCH;
    /** A request naming single mentions (deleted at their source): ?1 their ids. */
    private static final String FIND_MENTIONS = "select mention_id, payload from scores where mention_id = any(?1)";
    /** A review waiting for an analyst has nothing left to review; a done one keeps its label, not its note. */
    private static final String[] REVIEWS = {
            "delete from review_items where mention_id = any(?1) and status = 'PENDING'",
            "update review_items set note = null, followers = null where mention_id = any(?1)"};
    private static final String DELETE = "delete from scores where mention_id = any(?1)";

    private final IdempotencyFilter idempotency;

    public SubjectErasure(IdempotencyFilter idempotency) {
        this.idempotency = idempotency;
    }

    /** The subject's tombstones: the scoring pipeline drops their mentions fetched before this request. */
    private static Uni<Integer> tombstones(Mutiny.Session session, ErasureRequest request) {
        return Tombstones.record(request, (hash, before) -> session.createNativeQuery(Tombstones.RECORD)
                .setParameter(1, hash).setParameter(2, before).executeUpdate());
    }

    /** The scores the request erases: the subject's, or the named mentions' (mention_id, payload). */
    private static Uni<List<Object[]>> find(Mutiny.Session session, ErasureRequest request, String authorId) {
        if (request.mentionScoped()) {
            return session.createNativeQuery(FIND_MENTIONS, Object[].class)
                    .setParameter(1, request.mentionIds().toArray(new UUID[0])).getResultList();
        }
        ErasureRequest.Subject s = request.subject();
        return session.createNativeQuery(FIND, Object[].class)
                .setParameter(1, s.source().trim().toLowerCase(Locale.ROOT))
                .setParameter(2, authorId)
                .setParameter(3, Subjects.bareHandle(s.handle()))
                .getResultList();
    }

    /**
     * Deletes the subject's scores (or only the named mentions' when the request names mentions), drops their pending reviews and the notes and follower counts of done ones, then
     * scrubs the subject from stored idempotent answers (a review answer echoes its note); how many scores.
     */
    public Uni<Integer> erase(ErasureRequest request) {
        ErasureRequest.Subject s = request.subject();
        String authorId = s.authorId() == null || s.authorId().isBlank() ? null : s.authorId().trim();
        Set<String> literals = new LinkedHashSet<>();
        if (authorId != null) {
            literals.add(authorId);
        }
        if (Subjects.bareHandle(s.handle()) != null) {
            literals.add(Subjects.bareHandle(s.handle()));
        }
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> find(session, request, authorId)
                .call(rows -> tombstones(session, request))
                .flatMap(rows -> {
                    if (rows.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    UUID[] ids = rows.stream().map(r -> (UUID) r[0]).toArray(UUID[]::new);
                    for (Object[] r : rows) {
                        if (request.mentionScoped()) {
                            break; // the author's other mentions stay, and so do their names elsewhere
                        }
                        Mention m = EventCodec.decode((String) r[1], ScoredMention.class).mention();
                        if (m.author() != null) {
                            literals.add(m.author().id());
                            literals.add(Subjects.bareHandle(m.author().handle()));
                            literals.add(m.author().displayName());
                        }
                    }
                    Uni<Integer> reviews = Uni.createFrom().item(0);
                    for (String sql : REVIEWS) {
                        reviews = reviews.chain(n -> session.createNativeQuery(sql).setParameter(1, ids)
                                .executeUpdate());
                    }
                    return reviews.chain(n -> session.createNativeQuery(DELETE).setParameter(1, ids).executeUpdate());
                })))
                .call(n -> idempotency.scrub(Subjects.pattern(literals)));
    }
}
