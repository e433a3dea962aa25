package io.earshot.escalation.webhooks;

import io.earshot.contracts.Ids;
import io.earshot.platform.db.SqlValues;
import io.earshot.platform.http.Page;
import io.earshot.platform.http.PageCursor;
import io.earshot.platform.http.Problem;
import io.earshot.platform.http.ProblemException;
import io.earshot.platform.secrets.SecretBox;
import io.earshot.platform.secrets.Secrets;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Webhook endpoints and deliveries in PostgreSQL. The delivery table is both the log and the retry queue: a worker
 * claims due rows ({@code for update skip locked}, so replicas never send one twice at once) and pushes their next
 * attempt past the request timeout, so a delivery interrupted by a crash is retried after a restart.
 */
@ApplicationScoped
public class WebhookStore {
    static final String EVENT_CRISIS = "crisis.alert";
    static final String EVENT_PING = "webhook.ping";
    private static final Logger LOG = Logger.getLogger(WebhookStore.class);
    /** How {@link SecretBox} sealed text starts. */
    private static final String SEALED = "v1.";

    private final SecretBox box;

    public WebhookStore(Secrets secrets) {
        this.box = secrets.box();
    }

    /** An endpoint as the API shows it; the secret only when it is created or rotated. */
    public record Endpoint(UUID id, String url, List<String> events, String format, boolean enabled, String source,
            String createdBy, Instant createdAt, String secret) {}

    /** One delivery of one event to one endpoint, with its attempts. */
    public record Delivery(UUID id, UUID endpointId, String event, String eventKey, String status, int attempts,
            Instant nextAttemptAt, Integer lastStatus, String lastError, Instant createdAt, Instant deliveredAt) {}

    /**
     * A delivery claimed for sending: {@code secrets} sign it, the current one first, then the one a rotation replaced
     * while its overlap lasts.
     */
    record Claimed(UUID id, String event, String payload, int attempts, String url, List<String> secrets) {}

    private static final String ENQUEUE = """
            insert into webhook_deliveries (id, endpoint_id, event, event_key, payload)
            select gen_random_uuid(), e.id, ?1, ?2, ?3 from webhook_endpoints e
            where e.enabled and e.format = ?4 and (',' || e.events || ',') like '%,' || ?1 || ',%'
              and (cast(?5 as uuid) is null or e.id = ?5)
            on conflict (endpoint_id, event_key) do nothing""";
    private static final String CLAIM = """
            update webhook_deliveries d set attempts = d.attempts + 1, updated_at = now(),
                   next_attempt_at = now() + make_interval(secs => ?1)
            from webhook_endpoints e
            where e.id = d.endpoint_id and e.deleted_at is null and d.id in (
                select id from webhook_deliveries where status = 'PENDING' and next_attempt_at <= now()
                order by next_attempt_at limit ?2 for update skip locked)
            returning d.id, d.event, d.payload, d.attempts, e.url, e.secret, e.id,
                      case when e.previous_secret_until > now() then e.previous_secret end""";

    /** Queues one event for every enabled endpoint subscribed to it, in the caller's transaction. */
    public Uni<Integer> enqueue(Mutiny.Session s, String event, String eventKey, String slackPayload,
            String eventPayload) {
        return insert(s, event, eventKey, slackPayload, "slack", null)
                .flatMap(a -> insert(s, event, eventKey, eventPayload, "event", null).map(b -> a + b));
    }

    Uni<Integer> enqueueFor(Mutiny.Session s, UUID endpoint, String event, String eventKey, String slackPayload,
            String eventPayload) {
        return insert(s, event, eventKey, slackPayload, "slack", endpoint)
                .flatMap(a -> insert(s, event, eventKey, eventPayload, "event", endpoint).map(b -> a + b));
    }

    private Uni<Integer> insert(Mutiny.Session s, String event, String key, String payload, String format,
            UUID endpoint) {
        return s.createNativeQuery(ENQUEUE).setParameter(1, event).setParameter(2, key).setParameter(3, payload)
                .setParameter(4, format).setParameter(5, endpoint).executeUpdate();
    }

    /** Claims up to {@code limit} due deliveries; each is not due again for {@code lease} (the in-flight time). */
    Uni<List<Claimed>> claim(int limit, Duration lease) {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(s -> s.createNativeQuery(CLAIM,
                Object[].class)
                .setParameter(1, lease.toMillis() / 1000.0).setParameter(2, limit).getResultList()))
                .map(rows -> rows.stream().map(r -> new Claimed((UUID) r[0], (String) r[1], (String) r[2],
                        ((Number) r[3]).intValue(), (String) r[4], r[7] == null
                                ? List.of(open((String) r[5], (UUID) r[6]))
                                : List.of(open((String) r[5], (UUID) r[6]), open((String) r[7], (UUID) r[6]))))
                        .toList());
    }

    /** Records an attempt: delivered, retried after {@code retryIn}, or given up (retryIn null). */
    Uni<Void> attempted(UUID id, Integer status, String error, boolean delivered, Duration retryIn) {
        String sql = delivered
                ? "update webhook_deliveries set status = 'DELIVERED', last_status = ?2, last_error = null, delivered_at = now(), updated_at = now() where id = ?1"
                : retryIn == null
                        ? "update webhook_deliveries set status = 'FAILED', last_status = ?2, last_error = ?3, updated_at = now() where id = ?1"
                        : "update webhook_deliveries set last_status = ?2, last_error = ?3, updated_at = now(), next_attempt_at = now() + make_interval(secs => ?4) where id = ?1";
        return Panache.withTransaction(() -> Panache.getSession().flatMap(s -> {
            var q = s.createNativeQuery(sql).setParameter(1, id).setParameter(2, status);
            if (!delivered) {
                q.setParameter(3, error == null ? null : error.length() > 1000 ? error.substring(0, 1000) : error);
                if (retryIn != null) {
                    q.setParameter(4, retryIn.toMillis() / 1000.0);
                }
            }
            return q.executeUpdate();
        })).replaceWithVoid();
    }

    /** The endpoints of earshot.crisis.webhooks, kept in the table (id from the URL); ones no longer listed are disabled. */
    Uni<Void> registerConfigured(List<String> urls, String secret) {
        UUID[] ids = urls.stream().map(WebhookStore::configuredId).toArray(UUID[]::new);
        return Panache.withTransaction(() -> Panache.getSession().flatMap(s -> {
            Uni<Integer> all = Uni.createFrom().item(0);
            for (String url : urls) {
                all = all.flatMap(n -> s.createNativeQuery("""
                        insert into webhook_endpoints (id, url, secret, events, format, enabled, source, created_by)
                        values (?1, ?2, ?3, 'crisis.alert', 'slack', true, 'config', 'config')
                        on conflict (id) do update set secret = excluded.secret, enabled = true, deleted_at = null,
                            updated_at = now()""")
                        .setParameter(1, configuredId(url)).setParameter(2, url)
                        .setParameter(3, seal(secret, configuredId(url))).executeUpdate());
            }
            return all.flatMap(n -> s.createNativeQuery(
                    "update webhook_endpoints set enabled = false, updated_at = now() where source = 'config' and not (id = any(?1))")
                    .setParameter(1, ids).executeUpdate());
        })).replaceWithVoid();
    }

    /** Whether signing secrets can be stored: a secrets key is configured ({@code EARSHOT_SECRETS_KEY}). */
    boolean canSeal() {
        return box.configured();
    }

    /** A signing secret as stored: sealed for its endpoint (AES-GCM, the endpoint id bound in), never in the clear. */
    String seal(String secret, UUID endpoint) {
        if (!box.configured()) {
            throw new ProblemException(Problem.of(503, "Service Unavailable",
                    "webhook signing secrets cannot be stored: this server has no EARSHOT_SECRETS_KEY to encrypt them"));
        }
        return box.seal(secret, endpoint.toString());
    }

    /** The secret to sign with; a row not sealed yet (before {@link #sealPlaintext}) is used as it is. */
    String open(String stored, UUID endpoint) {
        if (stored == null || !stored.startsWith(SEALED)) {
            return stored;
        }
        return box.open(stored, endpoint.toString());
    }

    /**
     * The migration of rows written before secrets were sealed: every plaintext secret is sealed in place (compared
     * with the value read, so a replica doing the same at once, or a rotation in between, is never overwritten).
     * Answers how many rows it sealed; without a key it seals nothing and says how many are left in the clear.
     */
    Uni<Integer> sealPlaintext() {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(s -> s.createNativeQuery(
                "select id, secret from webhook_endpoints where secret not like 'v1.%' and deleted_at is null",
                Object[].class).getResultList()
                .flatMap(rows -> {
                    if (rows.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    if (!box.configured()) {
                        LOG.errorf(
                                "%d webhook signing secret(s) are stored in the clear: set EARSHOT_SECRETS_KEY to seal them",
                                rows.size());
                        return Uni.createFrom().item(0);
                    }
                    Uni<Integer> all = Uni.createFrom().item(0);
                    for (Object[] r : rows) {
                        UUID id = (UUID) r[0];
                        String plain = (String) r[1];
                        all = all.flatMap(n -> s.createNativeQuery(
                                "update webhook_endpoints set secret = ?3 where id = ?1 and secret = ?2")
                                .setParameter(1, id).setParameter(2, plain).setParameter(3, box.seal(plain, id
                                        .toString()))
                                .executeUpdate().map(k -> n + k));
                    }
                    return all;
                })));
    }

    static UUID configuredId(String url) {
        return Ids.v5(Ids.NAMESPACE, "webhook\u0000" + url);
    }

    Uni<Endpoint> create(Mutiny.Session s, String url, List<String> events, String format, boolean enabled,
            String secret,
            String actor) {
        UUID id = UUID.randomUUID();
        return s.createNativeQuery("""
                insert into webhook_endpoints (id, url, secret, events, format, created_by, enabled)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7)""")
                .setParameter(1, id).setParameter(2, url).setParameter(3, seal(secret, id)).setParameter(4, String.join(
                        ",", events))
                .setParameter(5, format).setParameter(6, actor).setParameter(7, enabled).executeUpdate()
                .flatMap(n -> endpoint(s, id)).map(e -> withSecret(e, secret));
    }

    Uni<Endpoint> endpoint(Mutiny.Session s, UUID id) {
        return s.createNativeQuery(
                "select id, url, events, format, enabled, source, created_by, created_at from webhook_endpoints"
                        + " where id = ?1 and deleted_at is null",
                Object[].class).setParameter(1, id).getResultList()
                .map(rows -> rows.isEmpty() ? null : endpoint(rows.get(0)));
    }

    Uni<List<Endpoint>> endpoints(Mutiny.Session s) {
        return s.createNativeQuery(
                "select id, url, events, format, enabled, source, created_by, created_at from webhook_endpoints"
                        + " where deleted_at is null order by created_at, id",
                Object[].class).getResultList().map(rows -> rows.stream().map(WebhookStore::endpoint).toList());
    }

    /**
     * Enables or disables an endpoint, or rotates its secret: the secret replaced keeps signing (beside the new one)
     * for {@code overlap}, so receivers can switch without failing a delivery.
     */
    Uni<Integer> update(Mutiny.Session s, UUID id, Boolean enabled, String secret, Duration overlap) {
        return s.createNativeQuery("""
                update webhook_endpoints set enabled = coalesce(?2, enabled), updated_at = now(),
                       previous_secret = case when cast(?3 as text) is null then previous_secret else secret end,
                       previous_secret_until = case when cast(?3 as text) is null then previous_secret_until
                                                    else now() + make_interval(secs => ?4) end,
                       secret = coalesce(cast(?3 as text), secret)
                where id = ?1 and deleted_at is null""").setParameter(1, id).setParameter(2, enabled)
                .setParameter(3, secret == null ? null : seal(secret, id)).setParameter(4, overlap.toMillis() / 1000.0)
                .executeUpdate();
    }

    /**
     * Deletes an endpoint but keeps its delivery log (listable by the endpoint's id, auditable): the row is marked
     * deleted, disabled and its secrets wiped; deliveries still pending are given up.
     */
    Uni<Integer> delete(Mutiny.Session s, UUID id) {
        return s.createNativeQuery("""
                update webhook_endpoints set deleted_at = now(), enabled = false, secret = '', previous_secret = null,
                       previous_secret_until = null, updated_at = now()
                where id = ?1 and deleted_at is null""").setParameter(1, id).executeUpdate()
                .flatMap(n -> s.createNativeQuery(
                        """
                                update webhook_deliveries set status = 'FAILED', last_error = 'endpoint deleted', updated_at = now()
                                where endpoint_id = ?1 and status = 'PENDING'""")
                        .setParameter(1, id).executeUpdate().replaceWith(n));
    }

    /** Deliveries, newest first, optionally of one endpoint and status. */
    Uni<Page<Delivery>> deliveries(Mutiny.Session s, UUID endpoint, String status, PageCursor after, int limit) {
        return s.createNativeQuery("""
                select id, endpoint_id, event, event_key, status, attempts, next_attempt_at, last_status, last_error,
                       created_at, delivered_at from webhook_deliveries
                where (cast(?1 as uuid) is null or endpoint_id = ?1) and (cast(?2 as varchar) is null or status = ?2)
                  and (cast(?3 as timestamptz) is null or created_at < ?3 or (created_at = ?3 and id < ?4))
                order by created_at desc, id desc limit ?5""", Object[].class)
                .setParameter(1, endpoint).setParameter(2, status)
                .setParameter(3, after == null ? null : SqlValues.utc(after.at()))
                .setParameter(4, after == null ? new UUID(0, 0) : after.id()).setParameter(5, limit)
                .getResultList()
                .map(rows -> {
                    List<Delivery> items = rows.stream().map(r -> new Delivery((UUID) r[0], (UUID) r[1], (String) r[2],
                            (String) r[3], (String) r[4], ((Number) r[5]).intValue(), SqlValues.instant(r[6]),
                            r[7] == null ? null : ((Number) r[7]).intValue(), (String) r[8], SqlValues.instant(r[9]),
                            SqlValues.instant(r[10]))).toList();
                    String next = items.size() < limit
                            ? null
                            : new PageCursor(items.get(limit - 1).createdAt(), items.get(limit - 1).id()).encode();
                    return new Page<>(items, next);
                });
    }

    private static Endpoint endpoint(Object[] r) {
        String events = (String) r[2];
        return new Endpoint((UUID) r[0], (String) r[1], events.isEmpty() ? List.of() : List.of(events.split(",")),
                (String) r[3], (Boolean) r[4], (String) r[5], (String) r[6], SqlValues.instant(r[7]), null);
    }

    static Endpoint withSecret(Endpoint e, String secret) {
        return e == null
                ? null
                : new Endpoint(e.id(), e.url(), e.events(), e.format(), e.enabled(), e.source(),
                        e.createdBy(), e.createdAt(), secret);
    }
}
