package io.earshot.map.review;

import io.earshot.map.maps.MapResource;
import io.earshot.map.scope.MapScope;
import io.earshot.platform.http.Page;
import io.earshot.platform.http.PageCursor;
import io.earshot.platform.http.ProblemException;
import io.earshot.platform.security.Roles;
import io.earshot.platform.validation.Brand;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The review queue; the decisions are on {@link CandidateResource}. Also the shared id and user helpers. */
@Path("/api/v1/review")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "review")
public class ReviewResource {
    private final CandidateStore store;
    private final int defaultLimit;
    private final MapScope scope;

    public ReviewResource(CandidateStore store, CandidatesConfig config, MapScope scope) {
        this.store = store;
        this.scope = scope;
        this.defaultLimit = Math.min(Math.max(config.defaultLimit(), 1), CandidateResource.MAX_LIMIT);
    }

    @GET
    @RolesAllowed({Roles.ANALYST, Roles.ADMIN})
    @Operation(summary = "The review queue: PENDING candidates, newest first")
    public Uni<Page<CandidateView>> queue(
            @Parameter(description = "only this brand") @QueryParam("brand") @Brand String brand,
            @Parameter(description = "only candidates assigned to this persona") @QueryParam("persona") String persona,
            @Parameter(description = "page size, 1 to 200 (default 50)") @QueryParam("limit") String limit,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        String b = brand == null || brand.isBlank() ? null : brand.trim();
        return store.list(scope.current(), CandidateStatus.PENDING, scope.optionalBrand(b), persona(persona), PageCursor
                .limit(limit, defaultLimit, CandidateResource.MAX_LIMIT),
                PageCursor.decode(cursor));
    }

    /** An optional persona filter: null when absent or blank, 400 when too long. */
    public static String persona(String persona) {
        return persona == null || persona.isBlank() ? null : MapResource.persona(persona);
    }

    public static String analyst(SecurityContext security) {
        return security.getUserPrincipal() == null ? "unknown" : security.getUserPrincipal().getName();
    }

    public static UUID uuid(String value, String field) {
        try {
            if (value != null && value.length() == 36) {
                return UUID.fromString(value);
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw ProblemException.badRequest(field, "must be a UUID");
    }
}
