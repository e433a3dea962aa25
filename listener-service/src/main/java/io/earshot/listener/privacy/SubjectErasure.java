package io.earshot.listener.privacy;

import io.earshot.contracts.Topics;
import io.earshot.contracts.events.ErasureRequest;
import io.earshot.listener.ingest.DedupCache;
import io.earshot.platform.idempotency.IdempotencyFilter;
import io.earshot.platform.privacy.SubjectKeys;
import io.earshot.platform.privacy.Subjects;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Erases a subject from the listener: the subject's mentions (matched by source plus author id or handle) are
 * deleted, with their near-duplicate index rows (cascade) and any of their outbox rows not relayed yet; then their
 * dedup keys leave Redis. The listener's own acknowledgement is stored in the same transaction. Idempotent: a
 * redelivered request finds nothing more to erase.
 */
@ApplicationScoped
public class SubjectErasure {
    static final String SERVICE = "listener";
    /** Who asks for the erasure of mentions deleted at their source. */
    static final String DELETED_AT_SOURCE = "source-deletion";
    private static final String FIND = """
            select id, author_id from mentions where lower(source) = ?1
              and ((cast(?2 as varchar) is not null and author_id = ?2)
                or (cast(?3 as varchar) is not null and lower(ltrim(author_handle, '@')) = ?3))""";

    private final DedupCache dedup;
    private final ErasureRequests requests;
    private final IdempotencyFilter idempotency;
    private final SubjectKeys subjectKeys;

    public SubjectErasure(DedupCache dedup, ErasureRequests requests, IdempotencyFilter idempotency,
            SubjectKeys subjectKeys) {
        this.dedup = dedup;
        this.subjectKeys = subjectKeys;
        this.requests = requests;
        this.idempotency = idempotency;
    }

    /**
     * Erases single mentions, by {@code source} and external id, that their service says were deleted (a Reddit post
     * its author deleted): the mentions, their near-duplicate rows (cascade) and their outbox rows not relayed yet are
     * deleted and, in the same transaction, an erasure request naming the deleted mentions is stored and written to
     * the outbox (acknowledged by the listener at once), so that every service erases its copies through the erasure
     * path and the request's progress shows when they have; then their dedup keys go. Their author's other mentions
     * stay. Answers the number removed.
     */
    public Uni<Integer> eraseMentions(String source, java.util.Collection<String> externalIds) {
        if (externalIds.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return eraseAtSource(source, externalIds.toArray(String[]::new))
                .invoke(ids -> {
                    if (!ids.isEmpty()) {
                        requests.kick();
                    }
                })
                .flatMap(ids -> dedup.forget(ids).replaceWith(ids.size()));
    }

    @WithTransaction
    Uni<List<UUID>> eraseAtSource(String source, String[] externalIds) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                "delete from mentions where source = ?1 and external_id = any(?2) returning id, external_id",
                Object[].class)
                .setParameter(1, source).setParameter(2, externalIds).getResultList()
                .flatMap(rows -> {
                    if (rows.isEmpty()) {
                        return Uni.createFrom().item(List.<UUID>of());
                    }
                    List<UUID> ids = rows.stream().map(r -> (UUID) r[0]).toList();
                    Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
                    ErasureRequest request = new ErasureRequest(ErasureRequest.SCHEMA_VERSION, UUID.randomUUID(),
                            new ErasureRequest.Subject(source, null, null), DELETED_AT_SOURCE, now,
                            rows.stream().map(r -> new ErasureRequest.MentionRef((UUID) r[0], (String) r[1])).toList());
                    return forgetOutbox(session, ids)
                            .chain(() -> requests.store(session, request))
                            .chain(() -> requests.acknowledge(session, request.id(), SERVICE, ids.size(), now))
                            .replaceWith(ids);
                }));
    }

    /** A mention-scoped request seen on privacy.erasure (the listener's own, or a replay): the mentions if still here. */
    @WithTransaction
    Uni<List<UUID>> eraseNamed(ErasureRequest request) {
        UUID[] named = request.mentionIds().toArray(new UUID[0]);
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                "delete from mentions where id = any(?1) returning id", UUID.class)
                .setParameter(1, named).getResultList()
                .call(ids -> ids.isEmpty() ? Uni.createFrom().item(0) : forgetOutbox(session, ids))
                .call(ids -> requests.acknowledge(session, request.id(), SERVICE, ids.size(), Instant.now())));
    }

    /** Deletes the outbox rows of these mentions not relayed yet (they are never published). */
    private static Uni<Integer> forgetOutbox(org.hibernate.reactive.mutiny.Mutiny.Session session, List<UUID> ids) {
        return session.createNativeQuery("delete from outbox where topic = ?1 and (payload::jsonb ->> 'id') = any(?2)")
                .setParameter(1, Topics.MENTIONS_RAW)
                .setParameter(2, ids.stream().map(UUID::toString).toArray(String[]::new))
                .executeUpdate();
    }

    /** Erases the subject; the number of mentions removed. Stored idempotent answers naming them are scrubbed. */
    public Uni<Integer> erase(ErasureRequest request) {
        if (request.mentionScoped()) {
            return eraseNamed(request).flatMap(ids -> dedup.forget(ids).replaceWith(ids.size()));
        }
        ErasureRequest.Subject s = request.subject();
        return eraseStored(request).flatMap(ids -> dedup.forget(ids)
                .chain(() -> idempotency.scrub(Subjects.pattern(java.util.Arrays.asList(s.authorId(), Subjects
                        .bareHandle(s.handle())))))
                .replaceWith(ids.size()));
    }

    @WithTransaction
    Uni<List<UUID>> eraseStored(ErasureRequest request) {
        ErasureRequest.Subject s = request.subject();
        String source = s.source().trim().toLowerCase(java.util.Locale.ROOT);
        String authorId = s.authorId() == null || s.authorId().isBlank() ? null : s.authorId().trim();
        String handle = Subjects.bareHandle(s.handle());
        return Panache.getSession().flatMap(session -> session.createNativeQuery(FIND, Object[].class)
                .setParameter(1, source).setParameter(2, authorId).setParameter(3, handle)
                .getResultList()
                .flatMap(rows -> {
                    List<UUID> ids = rows.stream().map(r -> (UUID) r[0]).toList();
                    Set<String> keys = new LinkedHashSet<>();
                    if (authorId != null) {
                        keys.add(source + ":" + authorId);
                    }
                    rows.stream().filter(r -> r[1] != null).forEach(r -> keys.add(source + ":" + r[1]));
                    // Record keys are the authors' subject hashes; rows queued before they were carry source:authorId.
                    List<String> kafkaKeys = new ArrayList<>(keys);
                    keys.forEach(k -> kafkaKeys.add(Subjects.sha256(k)));
                    // Mentions not relayed yet are never published; rows on other topics (the request itself) stay.
                    Uni<Integer> outbox = kafkaKeys.isEmpty()
                            ? Uni.createFrom().item(0)
                            : session.createNativeQuery(
                                    "delete from outbox where topic = ?1 and lower(kafka_key) = any(?2)")
                                    .setParameter(1, Topics.MENTIONS_RAW)
                                    .setParameter(2, kafkaKeys.stream().map(k -> k.toLowerCase(java.util.Locale.ROOT))
                                            .toArray(String[]::new))
                                    .executeUpdate();
                    Uni<Integer> mentions = ids.isEmpty()
                            ? Uni.createFrom().item(0)
                            : session.createNativeQuery("delete from mentions where id = any(?1)")
                                    .setParameter(1, ids.toArray(new UUID[0])).executeUpdate();
                    // Destroying the subject's data keys makes every sealed copy of their mentions unreadable, on
                    // every topic and DLQ (the key vault is its own database: done before this transaction commits,
                    // so a failure retries the whole erasure).
                    List<String> handleHashes = handle == null
                            ? List.of()
                            : List.of(Subjects.sha256(Subjects.handle(source, handle)));
                    return outbox.chain(() -> mentions)
                            .chain(() -> subjectKeys.destroy(keys.stream().map(Subjects::sha256).toList(),
                                    handleHashes))
                            .chain(n -> requests.acknowledge(session, request.id(), SERVICE, ids.size(), Instant.now()))
                            .replaceWith(ids);
                }));
    }
}
