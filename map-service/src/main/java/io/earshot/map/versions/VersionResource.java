package io.earshot.map.versions;

import io.earshot.map.maps.MapResource;
import io.earshot.map.maps.MapViews.MapView;
import io.earshot.map.scope.MapScope;
import io.earshot.map.versions.VersionStore.VersionSummary;
import io.earshot.platform.http.Page;
import io.earshot.platform.http.PageCursor;
import io.earshot.platform.http.ProblemException;
import io.earshot.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriBuilder;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Versions (snapshots) of a persona's map; the diff between two is on {@code MapResource}. */
@Path("/api/v1/maps/{brand}/{persona}/versions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "versions")
public class VersionResource {
    private final VersionStore versions;
    private final MapScope scope;

    public VersionResource(VersionStore versions, MapScope scope) {
        this.versions = versions;
        this.scope = scope;
    }

    @POST
    @RolesAllowed(Roles.ANALYST)
    @Operation(summary = "Snapshot the map now as its next version")
    public Uni<Response> snapshot(@PathParam("brand") String brand, @PathParam("persona") String persona,
            @Context SecurityContext security) {
        String b = scope.brand(brand);
        String p = MapResource.persona(persona);
        String by = security.getUserPrincipal() == null ? "unknown" : security.getUserPrincipal().getName();
        return versions.snapshot(b, p, "MANUAL", by).map(v -> Response
                .created(UriBuilder.fromPath("/api/v1/maps/{brand}/{persona}/versions/{version}").build(b, p, v
                        .version())).entity(v).build());
    }

    @GET
    @RolesAllowed({Roles.ANALYST, Roles.ADMIN, Roles.COMMS, Roles.SERVICE})
    @Operation(summary = "Versions of the map, newest first")
    public Uni<Page<VersionSummary>> list(@PathParam("brand") String brand, @PathParam("persona") String persona,
            @Parameter(description = "page size, 1 to 200 (default 50)") @QueryParam("limit") String limit,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        return versions.list(scope.brand(brand), MapResource.persona(persona),
                PageCursor.limit(limit, 50, MapResource.MAX_LIMIT), PageCursor.decode(cursor));
    }

    @GET
    @Path("{version}")
    @RolesAllowed({Roles.ANALYST, Roles.ADMIN, Roles.COMMS, Roles.SERVICE})
    @Operation(summary = "The map as stored in one version, with every item's evidence")
    public Uni<MapView> version(@PathParam("brand") String brand, @PathParam("persona") String persona,
            @PathParam("version") String version) {
        return versions.version(scope.brand(brand), MapResource.persona(persona), seq(version, "version"));
    }

    public static int seq(String value, String field) {
        try {
            int n = Integer.parseInt(value == null ? "" : value.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.badRequest(field, "must be a version number (1 or more)");
    }
}
