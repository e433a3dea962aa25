package io.earshot.listener.privacy;

import io.earshot.contracts.events.ErasureRequest;
import io.earshot.listener.privacy.ErasureRequests.ErasureView;
import io.earshot.platform.http.Page;
import io.earshot.platform.http.PageCursor;
import io.earshot.platform.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Erasure requests (admin): {@code POST} publishes an {@link ErasureRequest} on {@code privacy.erasure} through the
 * outbox and answers 202 with its id; {@code GET /{id}} shows which services have erased the subject.
 */
@Path("/api/v1/erasures")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(name = "privacy")
public class ErasureResource {
    private final ErasureRequests erasures;
    private final SecurityIdentity identity;

    public ErasureResource(ErasureRequests erasures, SecurityIdentity identity) {
        this.erasures = erasures;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Erase a subject everywhere: {subject: {source, authorId and/or handle}, optOut}", description = "202 with the request's id; optOut also adds the subject to the opt-out list (same transaction).")
    public Uni<RestResponse<ErasureView>> request(
            @NotNull(message = "a JSON object is required") @Valid SubjectInput.Erasure body,
            UriInfo uri) {
        ErasureRequest.Subject subject = body.subject().toSubject("subject");
        boolean optOut = body.optingOut();
        return erasures.request(subject, optOut, identity.getPrincipal().getName())
                .map(v -> RestResponse.ResponseBuilder.<ErasureView>accepted().entity(v)
                        .location(uri.getBaseUriBuilder().path("api/v1/erasures").path(v.id().toString()).build())
                        .build());
    }

    @GET
    @Operation(summary = "Erasure requests, newest first, with their progress (limit, cursor)")
    public Uni<Page<ErasureView>> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return erasures.list(PageCursor.limit(limit, 50, 200), cursor);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One erasure request and each service's progress")
    public Uni<ErasureView> get(@PathParam("id") UUID id) {
        return erasures.get(id);
    }
}
