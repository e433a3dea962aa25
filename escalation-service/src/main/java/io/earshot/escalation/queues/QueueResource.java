package io.earshot.escalation.queues;

import io.earshot.platform.http.Page;
import io.earshot.platform.http.Problem;
import io.earshot.platform.http.ProblemException;
import io.earshot.platform.security.Roles;
import io.earshot.platform.validation.OneOf;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "queues")
public class QueueResource {
    private static final String NAME = "[a-z0-9][a-z0-9-]{0,63}";

    private final QueueService queues;
    private final SecurityIdentity identity;
    private final io.earshot.escalation.scope.ScopeFilter scope;

    public QueueResource(QueueService queues, SecurityIdentity identity,
            io.earshot.escalation.scope.ScopeFilter scope) {
        this.queues = queues;
        this.identity = identity;
        this.scope = scope;
    }

    @GET
    @Path("queues")
    @RolesAllowed({Roles.AGENT, Roles.LEAD})
    @Operation(summary = "Configured queues (those of the caller's queue scope) with coverage schedules and escalation"
            + " policies, as one page: {items, nextCursor: null}")
    public Uni<Page<QueueConfig>> list() {
        var mine = scope.current();
        return queues.list().map(l -> Page.last(l.stream().filter(q -> !mine.isEmpty() && mine.queue(q.name()))
                .toList()));
    }

    @GET
    @Path("queues/{name}")
    @RolesAllowed({Roles.AGENT, Roles.LEAD})
    @Operation(summary = "One queue's schedule and escalation policy; 404 for a queue never configured")
    public Uni<QueueConfig> get(@PathParam("name") @Pattern(regexp = NAME, message = "must match "
            + NAME) String name) {
        return queues.configured(scope.queue(name));
    }

    @PUT
    @Path("queues/{name}")
    @RolesAllowed(Roles.LEAD)
    @Operation(summary = "Create or replace a queue's coverage schedule and escalation policy")
    public Uni<QueueConfig> put(@PathParam("name") @Pattern(regexp = NAME, message = "must match " + NAME) String name,
            QueueConfig body) {
        String queue = scope.queue(name);
        if (body == null || body.setsNothing()) {
            throw new ProblemException(Problem.of(400, "Bad Request", "a queue needs at least one of "
                    + String.join(", ", QueueConfig.FIELDS)).withErrors(QueueConfig.FIELDS.stream()
                            .map(f -> new Problem.FieldError(f,
                                    "missing: at least one of the queue's fields is required"))
                            .toList()));
        }
        return queues.put(body.validated(queue), identity.getPrincipal().getName());
    }

    @GET
    @Path("sla-policies")
    @RolesAllowed({Roles.AGENT, Roles.LEAD})
    @Operation(summary = "Time to acknowledge and to resolve per priority band")
    public Uni<List<SlaPolicy>> policies() {
        return queues.policies();
    }

    @PUT
    @Path("sla-policies/{band}")
    @RolesAllowed(Roles.LEAD)
    @Operation(summary = "Change the SLA targets of one priority band (ISO-8601 durations)")
    public Uni<SlaPolicy> putPolicy(
            @PathParam("band") @OneOf(value = {"P1", "P2", "P3", "P4"}, ignoreCase = false) String band,
            @NotNull(message = "a JSON object with ackWithin and resolveWithin is required") @Valid SlaPolicy body) {
        if (body.resolveWithin().compareTo(body.ackWithin()) < 0) {
            throw ProblemException.badRequest("resolveWithin", "must be a duration not shorter than ackWithin");
        }
        return queues.putPolicy(new SlaPolicy(band, body.ackWithin(), body.resolveWithin()), identity.getPrincipal()
                .getName());
    }

}
