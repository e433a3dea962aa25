package io.earshot.listener.privacy;

import io.earshot.contracts.Topics;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.ErasureRequest;
import io.earshot.listener.outbox.OutboxRelay;
import io.earshot.platform.db.SqlValues;
import io.earshot.platform.http.Page;
import io.earshot.platform.http.PageCursor;
import io.earshot.platform.http.ProblemException;
import io.earshot.platform.privacy.Subjects;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Erasure requests made through the admin API. A request is stored (subject as a hash) and written to the outbox in
 * one transaction, with the opt-out when asked for, so it reaches {@code privacy.erasure} even if Kafka is down at the
 * time; its progress is the acknowledgements the services send on {@code privacy.erasure.done}.
 */
@ApplicationScoped
public class ErasureRequests {
    private static final String INSERT = """
            insert into erasures (id, source, subject_hash, opt_out, requested_by, requested_at)
            values (?1, ?2, ?3, ?4, ?5, ?6)""";
    private static final String OUTBOX = "insert into outbox (topic, kafka_key, payload, traceparent) values (?1, ?2, ?3, ?4)";
    private static final String PROGRESS = """
            insert into erasure_progress (erasure_id, service, erased, done_at)
            select ?1, ?2, ?3, ?4 where exists (select 1 from erasures where id = ?1)
            on conflict (erasure_id, service) do nothing""";

    private final OptOutStore optOuts;
    private final OutboxRelay relay;
    private final List<String> services;

    public ErasureRequests(OptOutStore optOuts, OutboxRelay relay,
            @ConfigProperty(name = "earshot.privacy.services") List<String> services) {
        this.optOuts = optOuts;
        this.relay = relay;
        this.services = services.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** One service's part of an erasure: DONE with how many of its records held the subject, or PENDING. */
    public record ServiceProgress(String service, String state, Integer erased, Instant doneAt) {}

    /** An erasure request and its progress; {@code state} is DONE once every expected service acknowledged it. */
    public record ErasureView(UUID id, String source, String subjectHash, boolean optOut, String requestedBy,
            Instant requestedAt, String state, List<ServiceProgress> services) {}

    /** Stores the request, the opt-out if asked, and the outbox row in one transaction; then kicks the relay. */
    public Uni<ErasureView> request(ErasureRequest.Subject subject, boolean optOut, String actor) {
        UUID id = UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        ErasureRequest request = new ErasureRequest(ErasureRequest.SCHEMA_VERSION, id, subject, actor, now);
        String hash = Subjects.hash(subject);
        return store(request, hash, optOut)
                .invoke(relay::kick)
                .map(ignored -> new ErasureView(id, subject.source(), hash, optOut, actor, now, "PENDING",
                        services.stream().map(s -> new ServiceProgress(s, "PENDING", null, null)).toList()));
    }

    @WithTransaction
    Uni<Void> store(ErasureRequest request, String hash, boolean optOut) {
        return Panache.getSession().flatMap(session -> store(session, request, hash, optOut));
    }

    /**
     * Stores a request made by the listener itself (single mentions deleted at their source) in the caller's
     * transaction: the request and its outbox row; call {@link #kick} after the commit.
     */
    Uni<Void> store(Mutiny.Session session, ErasureRequest request) {
        return store(session, request, Subjects.hash(request), false);
    }

    /** Wakes the outbox relay, so that a request just committed is published at once. */
    void kick() {
        relay.kick();
    }

    private Uni<Void> store(Mutiny.Session session, ErasureRequest request, String hash, boolean optOut) {
        ErasureRequest.Subject s = request.subject();
        return session.createNativeQuery(INSERT)
                .setParameter(1, request.id()).setParameter(2, s.source()).setParameter(3, hash).setParameter(4, optOut)
                .setParameter(5, request.requestedBy()).setParameter(6, request.requestedAt().atOffset(ZoneOffset.UTC))
                .executeUpdate()
                .chain(() -> optOut
                        ? optOuts.add(session, s.source(), s.authorId(), s.handle(), request.requestedBy())
                        : Uni.createFrom().nullItem())
                .chain(() -> session.createNativeQuery(OUTBOX)
                        // Keyed by the subject's hash: the subject is in the payload only, never in a Kafka key.
                        .setParameter(1, Topics.PRIVACY_ERASURE).setParameter(2, hash)
                        .setParameter(3, EventCodec.encode(request)).setParameter(4, null)
                        .executeUpdate())
                .replaceWithVoid();
    }

    /** Records that {@code service} has erased the subject of {@code erasureId} (the first acknowledgement counts). */
    Uni<Integer> acknowledge(Mutiny.Session s, UUID erasureId, String service, int erased, Instant at) {
        return s.createNativeQuery(PROGRESS).setParameter(1, erasureId).setParameter(2, service).setParameter(3, erased)
                .setParameter(4, (at == null ? Instant.now() : at).atOffset(ZoneOffset.UTC)).executeUpdate();
    }

    @WithSession
    public Uni<ErasureView> get(UUID id) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery(
                "select id, source, subject_hash, opt_out, requested_by, requested_at from erasures where id = ?1",
                Object[].class)
                .setParameter(1, id).getResultList()
                .flatMap(rows -> {
                    if (rows.isEmpty()) {
                        return Uni.createFrom().failure(ProblemException.notFound("erasure " + id));
                    }
                    return views(s, rows).map(v -> v.get(0));
                }));
    }

    @WithSession
    public Uni<Page<ErasureView>> list(int limit, String cursor) {
        PageCursor after = PageCursor.decode(cursor);
        return Panache.getSession().flatMap(s -> s.createNativeQuery("""
                select id, source, subject_hash, opt_out, requested_by, requested_at from erasures
                where cast(?1 as timestamptz) is null or requested_at < ?1 or (requested_at = ?1 and id < ?2)
                order by requested_at desc, id desc limit ?3""", Object[].class)
                .setParameter(1, after == null ? null : after.at().atOffset(ZoneOffset.UTC))
                .setParameter(2, after == null ? new UUID(0, 0) : after.id())
                .setParameter(3, limit + 1)
                .getResultList()
                .flatMap(rows -> {
                    boolean more = rows.size() > limit;
                    List<Object[]> page = more ? rows.subList(0, limit) : rows;
                    return views(s, page).map(views -> new Page<>(views, more
                            ? new PageCursor(views.get(limit - 1).requestedAt(), views.get(limit - 1).id()).encode()
                            : null));
                }));
    }

    private Uni<List<ErasureView>> views(Mutiny.Session s, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        UUID[] ids = rows.stream().map(r -> (UUID) r[0]).toArray(UUID[]::new);
        return s.createNativeQuery(
                "select erasure_id, service, erased, done_at from erasure_progress where erasure_id = any(?1)",
                Object[].class).setParameter(1, ids).getResultList()
                .map(progress -> {
                    Map<UUID, Map<String, ServiceProgress>> done = new HashMap<>();
                    for (Object[] p : progress) {
                        done.computeIfAbsent((UUID) p[0], k -> new HashMap<>()).put((String) p[1],
                                new ServiceProgress((String) p[1], "DONE", ((Number) p[2]).intValue(), SqlValues
                                        .instant(p[3])));
                    }
                    List<ErasureView> views = new ArrayList<>();
                    for (Object[] r : rows) {
                        Map<String, ServiceProgress> mine = done.getOrDefault((UUID) r[0], Map.of());
                        List<ServiceProgress> list = new ArrayList<>();
                        services.forEach(svc -> list.add(mine.getOrDefault(svc, new ServiceProgress(svc, "PENDING",
                                null, null))));
                        mine.keySet().stream().filter(svc -> !services.contains(svc)).sorted().forEach(svc -> list.add(
                                mine.get(svc)));
                        boolean complete = services.stream().allMatch(mine::containsKey);
                        views.add(new ErasureView((UUID) r[0], (String) r[1], (String) r[2], (Boolean) r[3],
                                (String) r[4],
                                SqlValues.instant(r[5]), complete ? "DONE" : "PENDING", list));
                    }
                    return views;
                });
    }
}
