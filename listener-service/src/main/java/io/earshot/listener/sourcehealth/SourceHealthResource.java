package io.earshot.listener.sourcehealth;

import io.earshot.platform.security.Roles;
import io.earshot.platform.security.Scopes;
import io.earshot.platform.validation.UuidText;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/sources/{id}/health")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "sources")
public class SourceHealthResource {
    private final SourceHealthService health;
    private final Scopes scopes;

    public SourceHealthResource(SourceHealthService health, Scopes scopes) {
        this.health = health;
        this.scopes = scopes;
    }

    @GET
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "A source's health: its learned gaps between mentions, when it would count as silent, and "
            + "whether it is silent now (and why)")
    public Uni<SourceHealthService.View> get(@PathParam("id") @UuidText String id) {
        return health.view(scopes.current(), UUID.fromString(id));
    }
}
