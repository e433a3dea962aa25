package io.earshot.map.review;

import io.earshot.contracts.events.Zone;
import io.earshot.map.scope.MapScope;
import io.earshot.map.scope.MapScope.Owned;
import io.earshot.platform.http.Page;
import io.earshot.platform.http.PageCursor;
import io.earshot.platform.http.ProblemException;
import io.earshot.platform.security.Roles;
import io.earshot.platform.validation.Brand;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/candidates")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "candidates")
public class CandidateResource {
    static final int MAX_LIMIT = 200;
    private static final String STATUSES = Arrays.stream(CandidateStatus.values()).map(Enum::name)
            .collect(Collectors.joining(", "));

    private final CandidateStore store;
    private final ReviewService review;
    private final int defaultLimit;
    private final MapScope scope;

    public CandidateResource(CandidateStore store, ReviewService review, CandidatesConfig config, MapScope scope) {
        this.store = store;
        this.scope = scope;
        this.review = review;
        this.defaultLimit = Math.min(Math.max(config.defaultLimit(), 1), MAX_LIMIT);
    }

    @GET
    @RolesAllowed({Roles.ANALYST, Roles.ADMIN, Roles.COMMS, Roles.SERVICE})
    @Operation(summary = "Insight candidates, newest first", description = "Keyset pagination: pass the nextCursor of one page as cursor to get the next; nextCursor is null on the last page.")
    public Uni<Page<CandidateView>> list(
            @Parameter(description = "PENDING, VALIDATED or REJECTED; all when absent", schema = @Schema(implementation = CandidateStatus.class)) @QueryParam("status") String status,
            @Parameter(description = "only this brand (case-insensitive)") @QueryParam("brand") @Brand String brand,
            @Parameter(description = "only candidates assigned to this persona") @QueryParam("persona") String persona,
            @Parameter(description = "page size, 1 to 200 (default 50)", schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "200")) @QueryParam("limit") String limit,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        return store.list(scope.current(), status(status), scope.optionalBrand(brand(brand)), ReviewResource.persona(
                persona), limit(limit), PageCursor.decode(cursor));
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.ANALYST, Roles.ADMIN, Roles.COMMS, Roles.SERVICE})
    @Operation(summary = "One insight candidate")
    public Uni<CandidateView> get(@PathParam("id") String id) {
        UUID uuid = uuid(id);
        return scope.require(Owned.CANDIDATE, uuid).flatMap(v -> store.find(uuid))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("candidate " + uuid))
                .map(CandidateView::of);
    }

    public record ValidateBody(@Size(max = 10_000) String text, @Size(max = 256) String theme, Zone zone,
            @Size(max = 128) String persona) {}

    public record MergeBody(@NotNull(message = "is required") UUID itemId) {}

    public record RejectBody(String reason) {}

    @POST
    @Path("{id}/validate")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ANALYST)
    @Operation(summary = "Validate a candidate, optionally edited", description = "Creates a map item, or adds the candidate's evidence to the ACTIVE item with the same brand, persona, zone and theme. 409 when already reviewed.")
    public Uni<CandidateView> validate(@PathParam("id") String id, @Valid ValidateBody body,
            @Context SecurityContext security) {
        ReviewService.Edits edits = body == null
                ? ReviewService.Edits.NONE
                : new ReviewService.Edits(body.text(), body.theme(), body.zone(), body.persona());
        UUID uuid = ReviewResource.uuid(id, "id");
        String analyst = ReviewResource.analyst(security);
        return scope.require(Owned.CANDIDATE, uuid).flatMap(v -> review.validate(uuid, edits, analyst));
    }

    @POST
    @Path("{id}/merge")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ANALYST)
    @Operation(summary = "Validate a candidate as evidence of an existing item")
    public Uni<CandidateView> merge(@PathParam("id") String id,
            @NotNull(message = "a JSON object with itemId is required") @Valid MergeBody body,
            @Context SecurityContext security) {
        UUID uuid = ReviewResource.uuid(id, "id");
        String analyst = ReviewResource.analyst(security);
        return scope.require(Owned.CANDIDATE, uuid).flatMap(v -> scope.require(Owned.ITEM, body.itemId()))
                .flatMap(v -> review.merge(uuid, body.itemId(), analyst));
    }

    @POST
    @Path("{id}/reject")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ANALYST)
    @Operation(summary = "Reject a candidate with a reason")
    public Uni<CandidateView> reject(@PathParam("id") String id, RejectBody body, @Context SecurityContext security) {
        UUID uuid = ReviewResource.uuid(id, "id");
        String analyst = ReviewResource.analyst(security);
        return scope.require(Owned.CANDIDATE, uuid)
                .flatMap(v -> review.reject(uuid, body == null ? null : body.reason(), analyst));
    }

    /** An empty query parameter ({@code ?cursor=}) means the same as an absent one. */
    private static boolean blank(String parameter) {
        return parameter == null || parameter.isBlank();
    }

    private static CandidateStatus status(String status) {
        if (blank(status)) {
            return null;
        }
        try {
            return CandidateStatus.valueOf(status.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("status", "must be one of " + STATUSES);
        }
    }

    private static String brand(String brand) {
        return blank(brand) ? null : brand.trim();
    }

    private int limit(String limit) {
        return PageCursor.limit(limit, defaultLimit, MAX_LIMIT);
    }

    private static UUID uuid(String id) {
        try {
            if (id.length() == 36) {
                return UUID.fromString(id);
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw ProblemException.badRequest("id", "must be a UUID");
    }
}
