package io.earshot.listener.sources;

import com.fasterxml.jackson.databind.JsonNode;
import io.earshot.contracts.http.Page;
import io.earshot.contracts.http.PageCursor;
import io.earshot.contracts.security.Roles;
import io.earshot.contracts.security.Scopes;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.ResponseStatus;

/** Admin API of polled sources, limited to the brands of the caller's scope (docs/security.md). */
@Path("/api/v1/sources")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(name = "sources")
public class SourceResource {
    static final int MAX_LIMIT = 200;
    private final SourceService sources;
    private final Scopes scopes;

    public SourceResource(SourceService sources, Scopes scopes) {
        this.sources = sources;
        this.scopes = scopes;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add a source: kind, brand, query, config (baseUrl, hashtag, feedUrl, ...), pollInterval (ISO-8601)")
    public Uni<RestResponse<SourceView>> create(JsonNode body, UriInfo uri) {
        return sources.create(scopes.current(), body).map(v -> RestResponse.ResponseBuilder.<SourceView>created(
                uri.getAbsolutePathBuilder().path(v.id().toString()).build()).entity(v).build());
    }

    @GET
    @Operation(summary = "Sources, newest first, in pages of limit (1-200, default 50); pass nextCursor back as cursor")
    public Uni<Page<SourceView>> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return sources.list(scopes.current(), PageCursor.limit(limit, 50, MAX_LIMIT), cursor);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "A source with its cursor, last poll, last error, breaker state and counts")
    public Uni<SourceView> get(@PathParam("id") UUID id) {
        return sources.get(scopes.current(), id);
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change brand, query, config (replaced whole) or pollInterval; a changed config resets the cursor")
    public Uni<SourceView> update(@PathParam("id") UUID id, JsonNode body) {
        return sources.update(scopes.current(), id, body);
    }

    @POST
    @Path("{id}/pause")
    @Operation(summary = "Stop polling a source (its cursor is kept)")
    public Uni<SourceView> pause(@PathParam("id") UUID id) {
        return sources.pause(scopes.current(), id);
    }

    @POST
    @Path("{id}/resume")
    @Operation(summary = "Poll a source again, at once, with its failure count and circuit breaker reset")
    public Uni<SourceView> resume(@PathParam("id") UUID id) {
        return sources.resume(scopes.current(), id);
    }

    @DELETE
    @Path("{id}")
    @ResponseStatus(204)
    @Operation(summary = "Delete a source; the mentions it brought in stay")
    public Uni<Void> delete(@PathParam("id") UUID id) {
        return sources.delete(scopes.current(), id);
    }
}
