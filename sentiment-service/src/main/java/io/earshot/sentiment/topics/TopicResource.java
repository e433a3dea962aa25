package io.earshot.sentiment.topics;

import io.earshot.platform.http.Page;
import io.earshot.platform.http.PageCursor;
import io.earshot.platform.http.ProblemException;
import io.earshot.platform.security.Roles;
import io.earshot.platform.security.Scopes;
import io.earshot.platform.validation.Brand;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The topic taxonomy of a brand. Analysts and admins edit it; every role may read it. A change is applied to this
 * replica's matchers before the answer is sent; other replicas pick it up within {@code earshot.topics.refresh}.
 */
@Path("/api/v1/brands/{brand}/topics")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "topics")
public class TopicResource {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;

    private final TopicStore store;
    private final TopicCatalog catalog;
    private final Scopes scopes;

    public TopicResource(TopicStore store, TopicCatalog catalog, Scopes scopes) {
        this.store = store;
        this.catalog = catalog;
        this.scopes = scopes;
    }

    /** The path's brand, valid and in the caller's scope (a 404 otherwise, as if the brand had no topics). */
    private String brand(String brand) {
        return scopes.requireBrand(brand);
    }

    @GET
    @RolesAllowed({Roles.ANALYST, Roles.ADMIN, Roles.SERVICE, Roles.COMMS, Roles.AGENT, Roles.LEAD})
    @Operation(summary = "The topics of a brand, newest first, a page at a time")
    public Uni<Page<TopicView>> list(@PathParam("brand") @NotBlank @Brand String brand,
            @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        String b = brand(brand);
        int n = PageCursor.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
        return store.list(b, n, PageCursor.decode(cursor));
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.ANALYST, Roles.ADMIN, Roles.SERVICE, Roles.COMMS, Roles.AGENT, Roles.LEAD})
    @Operation(summary = "One topic of a brand")
    public Uni<TopicView> get(@PathParam("brand") @NotBlank @Brand String brand, @PathParam("id") UUID id) {
        return store.get(brand(brand), id);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ANALYST, Roles.ADMIN})
    @Operation(summary = "Add a topic (name unique per brand, 1..200 keywords: words or phrases)")
    public Uni<RestResponse<TopicView>> create(@PathParam("brand") @NotBlank @Brand String brand,
            @NotNull(message = "a topic with name and keywords is required") @Valid TopicInput body) {
        String b = brand(brand);
        TopicInput valid = body.normalised();
        return store.create(b, valid)
                .onFailure(TopicResource::uniqueViolation).transform(f -> TopicStore.duplicate(b, valid.name()))
                .call(this::refresh)
                .map(v -> RestResponse.ResponseBuilder.<TopicView>created(URI.create(
                        "/api/v1/brands/" + v.brand() + "/topics/" + v.id())).entity(v).build());
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ANALYST, Roles.ADMIN})
    @Operation(summary = "Replace a topic's name and keywords; send the version you read to be told of concurrent edits")
    public Uni<TopicView> replace(@PathParam("brand") @NotBlank @Brand String brand, @PathParam("id") UUID id,
            @NotNull(message = "a topic with name and keywords is required") @Valid TopicInput body) {
        String b = brand(brand);
        TopicInput valid = body.normalised();
        return store.replace(b, id, valid)
                .onFailure(TopicResource::uniqueViolation).transform(f -> TopicStore.duplicate(b, valid.name()))
                .onFailure(TopicResource::staleVersion).transform(f -> ProblemException.conflict(
                        "topic " + id + " was changed meanwhile; read it again"))
                .call(this::refresh);
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed({Roles.ANALYST, Roles.ADMIN})
    @Operation(summary = "Remove a topic; mentions scored from now on are no longer tagged with it")
    public Uni<RestResponse<Void>> delete(@PathParam("brand") @NotBlank @Brand String brand, @PathParam("id") UUID id) {
        return store.delete(brand(brand), id).call(this::refresh).map(v -> RestResponse.noContent());
    }

    /** Brings this replica's matchers up to date; the change itself is committed whether or not that works. */
    private Uni<Void> refresh() {
        return catalog.refresh().onFailure().recoverWithNull();
    }

    /** A concurrent create or rename took the name between our check and our insert (unique index). */
    static boolean uniqueViolation(Throwable f) {
        return causes(f, "23505") || causes(f, "topics_brand_name_uq");
    }

    static boolean staleVersion(Throwable f) {
        for (Throwable t = f; t != null; t = t.getCause()) {
            if (t instanceof jakarta.persistence.OptimisticLockException
                    || t instanceof org.hibernate.StaleStateException) {
                return true;
            }
        }
        return false;
    }

    private static boolean causes(Throwable f, String text) {
        for (Throwable t = f; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(text)) {
                return true;
            }
        }
        return false;
    }
}
