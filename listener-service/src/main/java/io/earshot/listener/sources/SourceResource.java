package io.earshot.listener.sources;

import com.fasterxml.jackson.databind.JsonNode;
import io.earshot.platform.http.Page;
import io.earshot.platform.http.PageCursor;
import io.earshot.platform.http.ProblemException;
import io.earshot.platform.security.Roles;
import io.earshot.platform.security.Scopes;
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
import org.jboss.resteasy.reactive.ResponseStatus;
import org.jboss.resteasy.reactive.RestResponse;

/** Admin API of polled sources, limited to the brands of the caller's scope (docs/security.md). */
@Path("/api/v1/sources")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(name = "sources")
public class SourceResource {
    static final int MAX_LIMIT = 200;
    private final SourceService sources;
    private final Scopes scopes;

    private final SourceHttp http;

    public SourceResource(SourceService sources, Scopes scopes, SourceHttp http) {
        this.sources = sources;
        this.scopes = scopes;
        this.http = http;
    }

    /**
     * Refuses (422) a body whose config names a URL that every poll would refuse: its host is or resolves to an
     * internal address not on the allow-list (docs/outbound.md). The poll checks again at every hop.
     */
    private Uni<Void> outside(JsonNode body) {
        JsonNode config = body == null ? null : body.path("config");
        if (config == null || !config.isObject()) {
            return Uni.createFrom().voidItem();
        }
        Uni<Void> all = Uni.createFrom().voidItem();
        for (var field : config.properties()) {
            String v = field.getValue().isTextual() ? field.getValue().asText().strip() : null;
            if (!ConfigChecks.isHttpUrl(v)) {
                continue;
            }
            String key = field.getKey();
            all = all.chain(() -> http.refuses(java.net.URI.create(v)).map(refused -> {
                if (refused) {
                    throw ProblemException.unprocessable("config." + key, "must not point at an internal address"
                            + " (loopback, private, link-local, ...); see docs/outbound.md for the allow-list");
                }
                return null;
            }));
        }
        return all;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add a source: kind, brand, query, config (baseUrl, hashtag, feedUrl, ...), pollInterval (ISO-8601)")
    public Uni<RestResponse<SourceView>> create(JsonNode body, UriInfo uri) {
        return outside(body).chain(() -> sources.create(scopes.current(), body)).map(v -> RestResponse.ResponseBuilder
                .<SourceView>created(
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
        return outside(body).chain(() -> sources.update(scopes.current(), id, body));
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
