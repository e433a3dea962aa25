package io.earshot.listener.privacy;

import io.earshot.contracts.events.ErasureRequest;
import io.earshot.listener.privacy.OptOutStore.OptOutView;
import io.earshot.platform.http.Page;
import io.earshot.platform.http.PageCursor;
import io.earshot.platform.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import org.jboss.resteasy.reactive.ResponseStatus;
import org.jboss.resteasy.reactive.RestResponse;

/** The opt-out list (admin): authors whose mentions are dropped at ingest. Subjects are shown only as hashes. */
@Path("/api/v1/opt-outs")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(name = "privacy")
public class OptOutResource {
    private final OptOutStore store;
    private final SecurityIdentity identity;

    public OptOutResource(OptOutStore store, SecurityIdentity identity) {
        this.store = store;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Opt an author out: {subject: {source, authorId and/or handle}}", description = "Idempotent: opting out an author already on the list answers the existing entry.")
    public Uni<RestResponse<OptOutView>> add(
            @NotNull(message = "a JSON object is required") @Valid SubjectInput.OptOut body,
            UriInfo uri) {
        ErasureRequest.Subject s = body.subject().toSubject("subject");
        return store.add(s.source(), s.authorId(), s.handle(), identity.getPrincipal().getName())
                .map(v -> RestResponse.ResponseBuilder.<OptOutView>created(
                        uri.getBaseUriBuilder().path("api/v1/opt-outs").path(v.id().toString()).build()).entity(v)
                        .build());
    }

    @GET
    @Operation(summary = "Opt-outs, newest first (limit, cursor)")
    public Uni<Page<OptOutView>> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return store.list(PageCursor.limit(limit, 50, 200), cursor);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One opt-out")
    public Uni<OptOutView> get(@PathParam("id") UUID id) {
        return store.get(id);
    }

    @DELETE
    @Path("{id}")
    @ResponseStatus(204)
    @Operation(summary = "Remove an opt-out: the author's mentions are ingested again")
    public Uni<Void> delete(@PathParam("id") UUID id) {
        return store.delete(id);
    }
}
