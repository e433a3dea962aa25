package io.earshot.escalation.webhooks;

import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.http.Page;
import io.earshot.contracts.http.PageCursor;
import io.earshot.contracts.http.ProblemException;
import io.earshot.contracts.security.Roles;
import io.earshot.escalation.audit.AuditLog;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Webhook endpoints (admin) and their delivery log. Every change is audited. */
@Path("/api/v1/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "webhooks")
public class WebhookResource {
    static final Set<String> EVENTS = Set.of(WebhookStore.EVENT_CRISIS,
            io.earshot.escalation.conversations.ConversationIntake.EVENT_HANDOFF,
            io.earshot.escalation.conversations.ConversationIntake.EVENT_ENDED);
    static final Set<String> FORMATS = Set.of("slack", "event");
    static final Set<String> STATUSES = Set.of("PENDING", "DELIVERED", "FAILED");

    public record EndpointRequest(String url, List<String> events, String format) {
    }

    public record EndpointPatch(Boolean enabled, Boolean rotateSecret) {
    }

    private final WebhookStore store;
    private final WebhookDispatcher dispatcher;
    private final AuditLog audit;
    private final SecurityIdentity identity;

    public WebhookResource(WebhookStore store, WebhookDispatcher dispatcher, AuditLog audit, SecurityIdentity identity) {
        this.store = store;
        this.dispatcher = dispatcher;
        this.audit = audit;
        this.identity = identity;
    }

    @GET
    @Path("endpoints")
    @RolesAllowed(Roles.ADMIN)
    @WithSession
    @Operation(summary = "Webhook endpoints (secrets are shown only when created or rotated)")
    public Uni<List<WebhookStore.Endpoint>> endpoints() {
        return Panache.getSession().flatMap(store::endpoints);
    }

    @POST
    @Path("endpoints")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register an endpoint; the answer holds its signing secret, shown this once (stored sealed,"
            + " never shown again). A URL whose host is or resolves to an internal address is refused (422)")
    public Uni<Response> create(EndpointRequest req) {
        if (req == null) {
            throw ProblemException.badRequest("url", "is required");
        }
        String url = url(req.url());
        List<String> events = req.events() == null || req.events().isEmpty() ? List.of(WebhookStore.EVENT_CRISIS) : req.events();
        if (events.size() > 10 || events.stream().anyMatch(e -> e == null || !EVENTS.contains(e))) {
            throw ProblemException.badRequest("events", "must be a subset of " + EVENTS);
        }
        String format = req.format() == null ? "slack" : req.format();
        if (!FORMATS.contains(format)) {
            throw ProblemException.badRequest("format", "must be slack or event");
        }
        String secret = WebhookDispatcher.newSecret();
        return outside(url).chain(() -> Panache.withTransaction(() -> Panache.getSession()
                .flatMap(s -> store.create(s, url, List.copyOf(events), format, secret, actor())
                        .flatMap(e -> audit.record(s, actor(), "webhook.created", "webhook", e.id().toString(), null,
                                WebhookStore.withSecret(e, null)).replaceWith(e)))))
                .map(e -> Response.status(201).entity(e).header(HttpHeaders.CACHE_CONTROL, "no-store").build());
    }

    @PATCH
    @Path("endpoints/{id}")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @WithTransaction
    @Operation(summary = "Enable or disable an endpoint, or rotate its secret (the new one is in the answer, shown this once)")
    public Uni<Response> update(@PathParam("id") UUID id, EndpointPatch req) {
        if (req == null || req.enabled() == null && req.rotateSecret() == null) {
            throw ProblemException.badRequest("enabled", "enabled or rotateSecret is required");
        }
        String secret = Boolean.TRUE.equals(req.rotateSecret()) ? WebhookDispatcher.newSecret() : null;
        return Panache.getSession().flatMap(s -> existing(s, id).flatMap(before -> store.update(s, id, req.enabled(), secret)
                .flatMap(n -> store.endpoint(s, id))
                .flatMap(after -> audit.record(s, actor(), secret != null ? "webhook.secret-rotated" : "webhook.updated",
                        "webhook", id.toString(), before, after).replaceWith(WebhookStore.withSecret(after, secret)))))
                // A new secret is shown once: no-store keeps it out of caches and out of the idempotency store.
                .map(e -> secret == null ? Response.ok(e).build()
                        : Response.ok(e).header(HttpHeaders.CACHE_CONTROL, "no-store").build());
    }

    @DELETE
    @Path("endpoints/{id}")
    @RolesAllowed(Roles.ADMIN)
    @WithTransaction
    @Operation(summary = "Remove an endpoint and its delivery log")
    public Uni<Response> delete(@PathParam("id") UUID id) {
        return Panache.getSession().flatMap(s -> existing(s, id).flatMap(before -> store.delete(s, id)
                .flatMap(n -> audit.record(s, actor(), "webhook.deleted", "webhook", id.toString(), before, null))))
                .map(v -> Response.noContent().build());
    }

    @POST
    @Path("endpoints/{id}/ping")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Queue a signed webhook.ping delivery to one endpoint (to check the receiver's verification)")
    public Uni<Response> ping(@PathParam("id") UUID id) {
        UUID pingId = UUID.randomUUID();
        String payload = EventCodec.mapper().createObjectNode().put("event", WebhookStore.EVENT_PING)
                .put("id", pingId.toString()).put("at", Instant.now().toString()).toString();
        String slack = EventCodec.mapper().createObjectNode().put("text", "Earshot webhook ping " + pingId).toString();
        return Panache.withTransaction(() -> Panache.getSession().flatMap(s -> existing(s, id)
                .flatMap(e -> s.createNativeQuery("""
                        insert into webhook_deliveries (id, endpoint_id, event, event_key, payload) values (?1, ?2, ?3, ?4, ?5)""")
                        .setParameter(1, pingId).setParameter(2, id).setParameter(3, WebhookStore.EVENT_PING)
                        .setParameter(4, "ping:" + pingId).setParameter(5, "slack".equals(e.format()) ? slack : payload)
                        .executeUpdate())
                .flatMap(n -> audit.record(s, actor(), "webhook.pinged", "webhook", id.toString(), null, Map.of("delivery", pingId)))))
                .invoke(dispatcher::kick)
                .map(v -> Response.accepted(Map.of("deliveryId", pingId)).build());
    }

    @GET
    @Path("deliveries")
    @RolesAllowed(Roles.ADMIN)
    @WithSession
    @Operation(summary = "The delivery log, newest first: status (PENDING, DELIVERED, FAILED), attempts, next attempt,"
            + " last answer or error; optionally of one endpoint and status")
    public Uni<Page<WebhookStore.Delivery>> deliveries(@QueryParam("endpoint") String endpoint,
            @QueryParam("status") String status, @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        UUID ep;
        try {
            ep = endpoint == null ? null : UUID.fromString(endpoint);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("endpoint", "must be a UUID");
        }
        if (status != null && !STATUSES.contains(status)) {
            throw ProblemException.badRequest("status", "must be one of " + STATUSES);
        }
        return Panache.getSession().flatMap(s -> store.deliveries(s, ep, status, PageCursor.decode(cursor),
                PageCursor.limit(limit, 50, 500)));
    }

    private Uni<WebhookStore.Endpoint> existing(org.hibernate.reactive.mutiny.Mutiny.Session s, UUID id) {
        return store.endpoint(s, id).onItem().ifNull().failWith(() -> ProblemException.notFound("webhook endpoint " + id));
    }

    /** Refuses (422) a URL that the delivery would refuse anyway: its host is or resolves to an internal address. */
    private Uni<Void> outside(String url) {
        return dispatcher.refuses(URI.create(url)).map(refused -> {
            if (refused) {
                throw ProblemException.unprocessable("url", "must not point at an internal address (loopback, private,"
                        + " link-local, ...); see docs/outbound.md for the allow-list");
            }
            return null;
        });
    }

    static String url(String raw) {
        if (raw == null || raw.isBlank() || raw.length() > 2048) {
            throw ProblemException.badRequest("url", "must be an absolute http(s) URL of at most 2048 characters");
        }
        try {
            URI u = new URI(raw);
            if (!u.isAbsolute() || u.getHost() == null || !("http".equals(u.getScheme()) || "https".equals(u.getScheme()))
                    || u.getUserInfo() != null) {
                throw ProblemException.badRequest("url", "must be an absolute http(s) URL without credentials");
            }
            return u.toString();
        } catch (URISyntaxException e) {
            throw ProblemException.badRequest("url", "is not a valid URL");
        }
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }
}
