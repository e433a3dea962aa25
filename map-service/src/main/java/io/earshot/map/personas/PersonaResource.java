package io.earshot.map.personas;

import io.earshot.map.maps.MapResource;
import io.earshot.map.personas.PersonaStore.PersonaView;
import io.earshot.map.personas.PersonaStore.Rules;
import io.earshot.map.review.ReviewResource;
import io.earshot.map.scope.MapScope;
import io.earshot.map.scope.MapScope.Owned;
import io.earshot.platform.http.Page;
import io.earshot.platform.http.PageCursor;
import io.earshot.platform.http.ProblemException;
import io.earshot.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Personas (segments) of each brand, managed by analysts. */
@Path("/api/v1/personas")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "personas")
public class PersonaResource {
    static final int MAX_DESCRIPTION = 4_000;
    static final int MAX_RULES = 200;
    static final int MAX_RULE = 256;

    private final PersonaStore store;
    private final MapScope scope;

    public PersonaResource(PersonaStore store, MapScope scope) {
        this.store = store;
        this.scope = scope;
    }

    public record CreateBody(String brand, String name,
            @Size(max = MAX_DESCRIPTION, message = "must be at most {max} characters") String description,
            @Valid Rules rules) {}

    public record UpdateBody(
            @Size(max = MAX_DESCRIPTION, message = "must be at most {max} characters") String description,
            @Valid Rules rules) {}

    @GET
    @RolesAllowed({Roles.ANALYST, Roles.ADMIN, Roles.COMMS, Roles.SERVICE})
    @Operation(summary = "Personas, newest first, optionally of one brand")
    public Uni<Page<PersonaView>> list(@QueryParam("brand") String brand,
            @Parameter(description = "page size, 1 to 200 (default 50)") @QueryParam("limit") String limit,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        return store.list(scope.current(), scope.optionalBrand(brand),
                PageCursor.limit(limit, 50, MapResource.MAX_LIMIT), PageCursor.decode(cursor));
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.ANALYST, Roles.ADMIN, Roles.COMMS, Roles.SERVICE})
    @Operation(summary = "One persona")
    public Uni<PersonaView> get(@PathParam("id") String id) {
        UUID uuid = ReviewResource.uuid(id, "id");
        return scope.require(Owned.PERSONA, uuid).flatMap(v -> store.get(uuid)).onItem().ifNull().failWith(
                () -> ProblemException.notFound("persona " + uuid));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ANALYST)
    @Operation(summary = "Create a persona with its matching rules (topics, sources, keywords, CRM tiers); 409 when the name is taken")
    public Uni<Response> create(@NotNull(message = "a JSON body is required") @Valid CreateBody body) {
        String brand = scope.brand(body.brand());
        String name = MapResource.persona(body.name());
        return store.create(brand, name, body.description(), body.rules())
                .map(p -> Response.created(UriBuilder.fromPath("/api/v1/personas/{id}").build(p.id())).entity(p)
                        .build());
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ANALYST)
    @Operation(summary = "Replace a persona's description and rules")
    public Uni<PersonaView> update(@PathParam("id") String id,
            @NotNull(message = "a JSON body is required") @Valid UpdateBody body) {
        UUID uuid = ReviewResource.uuid(id, "id");
        return scope.require(Owned.PERSONA, uuid).flatMap(v -> store.update(uuid, body.description(), body.rules()));
    }
}
