package io.earshot.escalation.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.escalation.audit.AuditLog;
import io.earshot.escalation.queues.QueueService;
import io.earshot.platform.db.SqlValues;
import io.earshot.platform.http.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Rules in PostgreSQL: create, update (each save is a new version kept in {@code rule_versions}), history, and the
 * enabled rules the consumer decides with (cached for {@code earshot.rules.cache-ttl}, dropped on every local save).
 */
@ApplicationScoped
public class RuleStore {
    private static final String COLUMNS = "id, name, version, position, enabled, definition, updated_by, updated_at";

    private record Snapshot(Instant loadedAt, List<Rule> rules) {}

    private final AuditLog audit;
    private final QueueService queues;
    private final Duration cacheTtl;
    private final AtomicReference<Snapshot> cache = new AtomicReference<>();

    public RuleStore(AuditLog audit, QueueService queues,
            RuleSettings settings) {
        this.audit = audit;
        this.queues = queues;
        this.cacheTtl = settings.cacheTtl();
    }

    /** The enabled rules in evaluation order; reads the database at most once per cache TTL. */
    public Uni<List<Rule>> active() {
        Snapshot s = cache.get();
        if (s != null && s.loadedAt().plus(cacheTtl).isAfter(Instant.now())) {
            return Uni.createFrom().item(s.rules());
        }
        return Panache.withSession(this::all).map(all -> {
            List<Rule> ordered = RuleEngine.ordered(all);
            cache.set(new Snapshot(Instant.now(), ordered));
            return ordered;
        });
    }

    /** Decides for {@code scored} with the active rules. */
    public Uni<Optional<Decision>> decide(ScoredMention scored) {
        return active().map(rules -> RuleEngine.decide(scored, rules));
    }

    @WithSession
    public Uni<List<Rule>> list() {
        return all();
    }

    private Uni<List<Rule>> all() {
        return Panache.getSession().flatMap(s -> s
                .createNativeQuery("select " + COLUMNS + " from rules order by position, name", Object[].class)
                .getResultList())
                .map(rows -> rows.stream().map(RuleStore::rule).toList());
    }

    @WithSession
    public Uni<Rule> get(UUID id) {
        return Panache.getSession().flatMap(s -> one(s, id));
    }

    @WithSession
    public Uni<List<Rule>> versions(UUID id) {
        return Panache.getSession().flatMap(s -> one(s, id).flatMap(r -> s.createNativeQuery(
                "select rule_id, name, version, position, enabled, definition, saved_by, saved_at from rule_versions"
                        + " where rule_id = ?1 order by version desc", Object[].class)
                .setParameter(1, id).getResultList()))
                .map(rows -> rows.stream().map(RuleStore::rule).toList());
    }

    @WithTransaction
    public Uni<Rule> create(RuleRequest req, String actor) {
        UUID id = UUID.randomUUID();
        return Panache.getSession().flatMap(s -> queueConfigured(s, req, "").chain(() -> s
                .createNativeQuery("select count(*) from rules where name = ?1", Long.class)
                .setParameter(1, req.name()).getSingleResult()
                .flatMap(n -> {
                    if (n > 0) {
                        return Uni.createFrom().failure(ProblemException.conflict("a rule named " + req.name()
                                + " exists"));
                    }
                    return s.createNativeQuery("insert into rules (" + COLUMNS
                            + ") values (?1, ?2, 1, ?3, ?4, ?5, ?6, now())")
                            .setParameter(1, id).setParameter(2, req.name()).setParameter(3, req.positionOrDefault())
                            .setParameter(4, req.enabledOrDefault()).setParameter(5, json(req.definition()))
                            .setParameter(6, actor).executeUpdate();
                })
                .flatMap(x -> saveVersion(s, id))
                .flatMap(r -> audit.record(s, actor, "rule.created", "rule", id.toString(), null, r).replaceWith(r))))
                .invoke(r -> cache.set(null));
    }

    @WithTransaction
    public Uni<Rule> update(UUID id, RuleRequest req, String actor) {
        return Panache.getSession().flatMap(s -> queueConfigured(s, req, "").chain(() -> one(s, id)).invoke(before -> {
            if (req.version() != null && req.version() != before.version()) {
                throw ProblemException.conflict("rule " + id + " is at version " + before.version() + ", not "
                        + req.version() + "; reload it");
            }
        }).flatMap(before -> s.createNativeQuery("""
                update rules set name = ?2, version = version + 1, position = ?3, enabled = ?4, definition = ?5,
                       updated_by = ?6, updated_at = now()
                where id = ?1 and version = ?7""")
                .setParameter(1, id).setParameter(2, req.name()).setParameter(3, req.positionOrDefault())
                .setParameter(4, req.enabledOrDefault()).setParameter(5, json(req.definition()))
                .setParameter(6, actor).setParameter(7, before.version())
                .executeUpdate()
                .flatMap(n -> n == 0
                        ? Uni.createFrom().<Rule>failure(ProblemException.conflict("rule " + id
                                + " changed meanwhile; reload it"))
                        : saveVersion(s, id))
                .flatMap(after -> audit.record(s, actor, "rule.updated", "rule", id.toString(), before, after)
                        .replaceWith(after))))
                .onFailure(e -> e.getMessage() != null && e.getMessage().contains("rules_name_key"))
                .transform(e -> ProblemException.conflict("a rule named " + req.name() + " exists"))
                .invoke(r -> cache.set(null));
    }

    /**
     * Refuses (422) a rule whose action names a queue nobody configured: its cases would sit where no agent looks.
     * A lead creates the queue first ({@code PUT /api/v1/queues/{name}}).
     */
    private Uni<Void> queueConfigured(Mutiny.Session s, RuleRequest req, String prefix) {
        RuleDefinition.Action action = req.definition().action();
        if (action == null || action.queue() == null) {
            return Uni.createFrom().voidItem();
        }
        return queues.names(s).map(known -> {
            if (!known.contains(action.queue())) {
                throw ProblemException.unprocessable(prefix + req.queueField(), "names queue '" + action.queue()
                        + "', which is not configured; known queues: " + String.join(", ", known)
                        + " (create it first with PUT /api/v1/queues/" + action.queue() + ")");
            }
            return null;
        });
    }

    /** {@link #queueConfigured} for an unsaved rule (a dry run's, {@code prefix} "rule."). */
    public Uni<Void> queueConfigured(RuleRequest req, String prefix) {
        return Panache.withSession(() -> Panache.getSession().flatMap(s -> queueConfigured(s, req, prefix)));
    }

    private Uni<Rule> saveVersion(Mutiny.Session s, UUID id) {
        return s.createNativeQuery(
                """
                        insert into rule_versions (rule_id, version, name, position, enabled, definition, saved_by, saved_at)
                        select id, version, name, position, enabled, definition, updated_by, updated_at from rules where id = ?1""")
                .setParameter(1, id).executeUpdate()
                .flatMap(n -> one(s, id));
    }

    private Uni<Rule> one(Mutiny.Session s, UUID id) {
        return s.createNativeQuery("select " + COLUMNS + " from rules where id = ?1", Object[].class)
                .setParameter(1, id).getResultList()
                .map(rows -> {
                    if (rows.isEmpty()) {
                        throw ProblemException.notFound("rule " + id);
                    }
                    return rule(rows.get(0));
                });
    }

    static Rule rule(Object[] r) {
        return new Rule((UUID) r[0], (String) r[1], ((Number) r[2]).intValue(), ((Number) r[3]).intValue(),
                (Boolean) r[4],
                definition((String) r[5]), (String) r[6], SqlValues.instant(r[7]));
    }

    static RuleDefinition definition(String json) {
        try {
            return EventCodec.mapper().readValue(json, RuleDefinition.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored rule definition unreadable", e);
        }
    }

    static String json(RuleDefinition d) {
        try {
            return EventCodec.mapper().writeValueAsString(d);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Rules as they would be if {@code candidate} were saved (replacing the rule of the same name). */
    static List<Rule> withCandidate(List<Rule> current, Rule candidate) {
        List<Rule> all = new ArrayList<>(current.stream().filter(r -> !r.name().equals(candidate.name())).toList());
        all.add(candidate);
        return RuleEngine.ordered(all);
    }
}
