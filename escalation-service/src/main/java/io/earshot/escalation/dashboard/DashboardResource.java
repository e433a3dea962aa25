package io.earshot.escalation.dashboard;

import io.earshot.contracts.events.CrisisAlert;
import io.earshot.escalation.crisis.CoordinationStore;
import io.earshot.escalation.crisis.CrisisStore;
import io.earshot.escalation.scope.ScopeFilter;
import io.earshot.platform.http.Page;
import io.earshot.platform.http.PageCursor;
import io.earshot.platform.security.Roles;
import io.earshot.platform.security.Scope;
import io.earshot.platform.validation.Brand;
import io.earshot.platform.validation.OneOf;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The comms dashboard: crises, suspected coordination and the live stream (windows are under /api/v1/windows). */
@Path("/api/v1")
@Tag(name = "crisis")
public class DashboardResource {
    private final CrisisStore crises;
    private final CoordinationStore clusters;
    private final LiveEvents live;
    private final Duration heartbeat;
    private final ScopeFilter scope;
    private final SecurityIdentity identity;

    public DashboardResource(CrisisStore crises, CoordinationStore clusters, LiveEvents live,
            DashboardSettings settings, ScopeFilter scope,
            SecurityIdentity identity) {
        this.scope = scope;
        this.identity = identity;
        this.crises = crises;
        this.clusters = clusters;
        this.live = live;
        this.heartbeat = settings.heartbeat();
    }

    @GET
    @Path("crises")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.COMMS, Roles.LEAD, Roles.ADMIN})
    @Operation(summary = "Crises (their latest alert), newest opened first; state=open for the open ones only")
    public Uni<Page<CrisisAlert>> crises(@QueryParam("brand") @Brand String brand, @QueryParam("state") @OneOf(value = {
            "open", "all"}, message = "must be open or all") String state,
            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        boolean openOnly = false;
        if (state != null) {
            openOnly = state.toLowerCase(Locale.ROOT).equals("open");
        }
        return crises.list(scope.current(), scope.brand(brand(brand)), openOnly, PageCursor.decode(cursor), PageCursor
                .limit(limit, 50, 200));
    }

    @GET
    @Path("crises/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.COMMS, Roles.LEAD, Roles.ADMIN})
    @Operation(summary = "One crisis with every alert it raised, oldest first")
    public Uni<CrisisStore.CrisisHistory> crisis(@PathParam("id") UUID id) {
        return scope.requireCrisis(id).chain(() -> crises.get(id));
    }

    @GET
    @Path("coordination-clusters")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.COMMS, Roles.LEAD, Roles.ADMIN})
    @Operation(summary = "Suspected coordinated behaviour (near-duplicate texts from many accounts), latest first; "
            + "excluded from the organic crisis signal")
    public Uni<Page<CoordinationStore.ClusterView>> clusters(@QueryParam("brand") @Brand String brand,
            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return clusters.list(scope.current(), scope.brand(brand(brand)), PageCursor.decode(cursor), PageCursor.limit(
                limit, 50, 200));
    }

    @GET
    @Path("dashboard/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RolesAllowed({Roles.COMMS, Roles.LEAD, Roles.ADMIN})
    @Operation(summary = "Server-Sent Events of one brand (or all the caller's brands; 404 for a brand outside them): 'window' for each closed minute of its streams "
            + "(with the detector's expected band), 'alert' for each crisis alert, 'cluster' for each member a suspected "
            + "coordination cluster gains, ': keep-alive' comments in between; the stream ends when the caller's token expires")
    public Multi<OutboundSseEvent> stream(@QueryParam("brand") @Brand String brand, @Context Sse sse) {
        String b = scope.brand(brand(brand));
        Scope mine = scope.current();
        Duration valid = untilExpiry();
        Multi<OutboundSseEvent> events = live.stream(b).filter(e -> mine.brand(e.brand()))
                .map(e -> sse.newEventBuilder().name(e.type()).data(e.data().toString()).build());
        Multi<OutboundSseEvent> pings = Multi.createFrom().ticks().every(heartbeat)
                .map(t -> sse.newEventBuilder().comment("keep-alive").build());
        // A first comment at once, so that the client sees the stream open before the first event.
        Multi<OutboundSseEvent> hello = Multi.createFrom().item(() -> sse.newEventBuilder().comment("connected")
                .build());
        // The stream ends when the token does (issue #26): the client signs in again and reconnects.
        return Multi.createBy().merging().streams(hello, events, pings).select().first(valid);
    }

    /** How long the caller's token stays valid (its {@code exp}); a token without one gets the heartbeat's length. */
    private Duration untilExpiry() {
        if (identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getExpirationTime() > 0) {
            Duration left = Duration.between(Instant.now(), Instant.ofEpochSecond(jwt.getExpirationTime()));
            return left.isNegative() ? Duration.ZERO : left;
        }
        return heartbeat;
    }

    private static String brand(String brand) {
        return brand == null || brand.isBlank() ? null : brand;
    }
}
