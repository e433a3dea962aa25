package io.earshot.escalation.sla;

import io.earshot.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/sla-checks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "queues")
public class SlaResource {
    private final SlaMonitor monitor;

    public SlaResource(SlaMonitor monitor) {
        this.monitor = monitor;
    }

    @POST
    @RolesAllowed({Roles.LEAD, Roles.ADMIN})
    @Operation(summary = "Run one SLA breach check now (the scheduler runs it every earshot.sla.check-interval)")
    public Uni<SlaMonitor.Report> check() {
        return monitor.check();
    }
}
