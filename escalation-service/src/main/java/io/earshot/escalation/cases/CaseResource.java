package io.earshot.escalation.cases;

import io.earshot.contracts.http.Page;
import io.earshot.contracts.http.PageCursor;
import io.earshot.contracts.http.ProblemException;
import io.earshot.contracts.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/cases")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "cases")
public class CaseResource {
    private static final Set<String> STATUSES = Set.of("OPEN", "CLAIMED", "RESOLVED");

    private final CaseService cases;
    private final SecurityIdentity identity;

    public CaseResource(CaseService cases, SecurityIdentity identity) {
        this.cases = cases;
        this.identity = identity;
    }

    @GET
    @RolesAllowed({ Roles.AGENT, Roles.LEAD, Roles.COMMS })
    @Operation(summary = "Cases, newest first, optionally filtered by brand, queue and status")
    public Uni<Page<CaseView>> list(@QueryParam("brand") String brand, @QueryParam("queue") String queue,
            @QueryParam("status") String status, @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        String normalisedStatus = null;
        if (status != null) {
            normalisedStatus = status.toUpperCase(Locale.ROOT);
            if (!STATUSES.contains(normalisedStatus)) {
                throw ProblemException.badRequest("status", "must be one of " + STATUSES);
            }
        }
        return cases.list(brand, queue, normalisedStatus, PageCursor.decode(cursor), PageCursor.limit(limit, 50, 200));
    }

    @GET
    @Path("{id}")
    @RolesAllowed({ Roles.AGENT, Roles.LEAD, Roles.COMMS })
    @Operation(summary = "One case with its mentions, their scores and explanations")
    public Uni<CaseView> get(@PathParam("id") UUID id) {
        return cases.get(id);
    }

    @POST
    @Path("{id}/claim")
    @RolesAllowed({ Roles.AGENT, Roles.LEAD })
    @Operation(summary = "Claim an open case; 409 when someone else holds it")
    public Uni<CaseView> claim(@PathParam("id") UUID id) {
        return cases.claim(id, identity.getPrincipal().getName());
    }
}
