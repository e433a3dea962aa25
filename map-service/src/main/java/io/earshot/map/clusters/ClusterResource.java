package io.earshot.map.clusters;

import io.earshot.map.review.ReviewResource;
import io.earshot.map.scope.MapScope;
import io.earshot.map.scope.MapScope.Owned;
import io.earshot.platform.http.PageCursor;
import io.earshot.platform.http.ProblemException;
import io.earshot.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Insight clusters: the review queue by impact and the analyst's one-step actions (docs/empathy-maps.md). */
@Path("/api/v1/clusters")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "clusters")
public class ClusterResource {
    static final int MAX_LIMIT = 200;

    private final ClusterService clusters;
    private final MapScope scope;

    public ClusterResource(ClusterService clusters, MapScope scope) {
        this.clusters = clusters;
        this.scope = scope;
    }

    public record StatementBody(String statement) {}

    public record MergeBody(UUID into) {}

    public record SplitBody(List<UUID> mentionIds) {}

    public record RejectBody(String reason) {}

    @GET
    @RolesAllowed({Roles.ANALYST, Roles.ADMIN})
    @Operation(summary = "The review queue: PENDING clusters by impact", description = "impact = volume x velocity x negativity x reach (each item shows its maths); clusters below "
            + "the evidence threshold wait (counted in 'waiting'); clusters fed by copy-paste campaigns are listed apart.")
    public Uni<ClusterService.Queue> queue(@QueryParam("brand") String brand, @QueryParam("persona") String persona,
            @QueryParam("limit") String limit) {
        return clusters.queue(scope.current(), scope.optionalBrand(brand), ReviewResource.persona(persona),
                PageCursor.limit(limit, 50, MAX_LIMIT));
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.ANALYST, Roles.ADMIN, Roles.COMMS})
    @Operation(summary = "One cluster with its figures and representative quotes")
    public Uni<ClusterView> get(@PathParam("id") String id) {
        UUID uuid = ReviewResource.uuid(id, "id");
        return scope.require(Owned.CLUSTER, uuid).flatMap(v -> clusters.get(uuid));
    }

    @POST
    @Path("{id}/validate")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ANALYST)
    @Operation(summary = "Validate a cluster (optionally with an edited statement): it becomes a map item")
    public Uni<ClusterView> validate(@PathParam("id") String id, StatementBody body,
            @Context SecurityContext security) {
        UUID uuid = ReviewResource.uuid(id, "id");
        String analyst = ReviewResource.analyst(security);
        return scope.require(Owned.CLUSTER, uuid)
                .flatMap(v -> clusters.validate(uuid, body == null ? null : body.statement(), analyst));
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ANALYST)
    @Operation(summary = "Reword a cluster's statement")
    public Uni<ClusterView> edit(@PathParam("id") String id, StatementBody body) {
        UUID uuid = ReviewResource.uuid(id, "id");
        return scope.require(Owned.CLUSTER, uuid).flatMap(v -> clusters.edit(uuid, body == null
                ? null
                : body.statement()));
    }

    @POST
    @Path("{id}/merge")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ANALYST)
    @Operation(summary = "Merge a cluster into another of the same brand, persona and zone")
    public Uni<ClusterView> merge(@PathParam("id") String id, MergeBody body, @Context SecurityContext security) {
        UUID uuid = ReviewResource.uuid(id, "id");
        UUID into = body == null ? null : body.into();
        String analyst = ReviewResource.analyst(security);
        return scope.require(Owned.CLUSTER, uuid)
                .flatMap(v -> into == null ? Uni.createFrom().voidItem() : scope.require(Owned.CLUSTER, into))
                .flatMap(v -> clusters.merge(uuid, into, analyst));
    }

    @POST
    @Path("{id}/split")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ANALYST)
    @Operation(summary = "Split the candidates of these mentions off into a new cluster")
    public Uni<ClusterView> split(@PathParam("id") String id, SplitBody body) {
        UUID uuid = ReviewResource.uuid(id, "id");
        return scope.require(Owned.CLUSTER, uuid).flatMap(v -> clusters.split(uuid, body == null
                ? null
                : body.mentionIds()));
    }

    @POST
    @Path("{id}/reject")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ANALYST)
    @Operation(summary = "Reject a cluster with a reason")
    public Uni<ClusterView> reject(@PathParam("id") String id, RejectBody body, @Context SecurityContext security) {
        if (body == null) {
            throw ProblemException.badRequest("reason", "is required");
        }
        UUID uuid = ReviewResource.uuid(id, "id");
        String analyst = ReviewResource.analyst(security);
        return scope.require(Owned.CLUSTER, uuid).flatMap(v -> clusters.reject(uuid, body.reason(), analyst));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
