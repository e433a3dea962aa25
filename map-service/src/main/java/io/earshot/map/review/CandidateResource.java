package io.earshot.map.review;

import io.earshot.contracts.http.Page;
import io.earshot.contracts.http.PageCursor;
import io.earshot.contracts.http.ProblemException;
import io.earshot.contracts.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
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
    private final int defaultLimit;

    public CandidateResource(CandidateStore store, CandidatesConfig config) {
        this.store = store;
        this.defaultLimit = Math.min(Math.max(config.defaultLimit(), 1), MAX_LIMIT);
    }

    @GET
    @RolesAllowed({ Roles.ANALYST, Roles.ADMIN, Roles.COMMS, Roles.SERVICE })
    @Operation(summary = "Insight candidates, newest first",
            description = "Keyset pagination: pass the nextCursor of one page as cursor to get the next; nextCursor is null on the last page.")
    public Uni<Page<CandidateView>> list(
            @Parameter(description = "PENDING, VALIDATED or REJECTED; all when absent",
                    schema = @Schema(implementation = CandidateStatus.class)) @QueryParam("status") String status,
            @Parameter(description = "only this brand (case-insensitive)") @QueryParam("brand") String brand,
            @Parameter(description = "page size, 1 to 200 (default 50)",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "200")) @QueryParam("limit") String limit,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        return store.list(status(status), brand(brand), limit(limit), PageCursor.decode(cursor));
    }

    @GET
    @Path("{id}")
    @RolesAllowed({ Roles.ANALYST, Roles.ADMIN, Roles.COMMS, Roles.SERVICE })
    @Operation(summary = "One insight candidate")
    public Uni<CandidateView> get(@PathParam("id") String id) {
        UUID uuid = uuid(id);
        return store.find(uuid)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("candidate " + uuid))
                .map(CandidateView::of);
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
        if (blank(brand)) {
            return null;
        }
        if (brand.length() > CandidateConsumer.MAX_BRAND) {
            throw ProblemException.badRequest("brand", "must be 1 to " + CandidateConsumer.MAX_BRAND + " characters");
        }
        return brand.trim();
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
