package io.earshot.escalation.cases;

import io.earshot.escalation.distress.DistressLane;
import io.earshot.escalation.distress.DistressService;
import io.earshot.escalation.scope.ScopeFilter;
import io.earshot.platform.http.Page;
import io.earshot.platform.http.PageCursor;
import io.earshot.platform.http.ProblemException;
import io.earshot.platform.security.Roles;
import io.earshot.platform.validation.OneOf;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/cases")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "cases")
public class CaseResource {
    /** Outcome codes a case can be resolved with. */
    public static final Set<String> OUTCOMES = Set.of("ANSWERED", "RESOLVED_PRIVATELY", "REFUNDED", "REFERRED_TO_HELP",
            "NO_ACTION_NEEDED", "DUPLICATE", "SPAM");
    private static final String QUEUE = "[a-z0-9][a-z0-9-]{0,63}";
    static final int MAX_TEXT = 10_000;

    public record NoteRequest(String body) {}

    public record TransferRequest(
            @NotNull(message = "must match " + QUEUE) @Pattern(regexp = QUEUE, message = "must match "
                    + QUEUE) String queue,
            @Size(min = 1, max = 256, message = "must be 1 to 256 characters") @Pattern(regexp = "(?s).*\\S.*", message = "must be 1 to 256 characters") String assignee) {}

    public record ResolveRequest(String outcome) {}

    public record ChecklistRequest(@NotNull(message = "must be true or false") Boolean done) {}

    private final CaseQueries queries;
    private final CaseWork cases;
    private final DistressService distress;
    private final CaseEvents events;
    private final SecurityIdentity identity;
    private final ScopeFilter scope;

    public CaseResource(CaseQueries queries, CaseWork cases, DistressService distress, CaseEvents events,
            SecurityIdentity identity, ScopeFilter scope) {
        this.queries = queries;
        this.cases = cases;
        this.distress = distress;
        this.events = events;
        this.identity = identity;
        this.scope = scope;
    }

    @GET
    @RolesAllowed({Roles.AGENT, Roles.LEAD, Roles.COMMS})
    @Operation(summary = "Cases of the caller's brands and queues (404 for a brand or queue outside them) filtered by"
            + " brand, queue, status, assignee, priority band and SLA breach; sorted newest first (sort=created),"
            + " by priority score (sort=priority) or by the next SLA due time (sort=sla)")
    public Uni<Page<CaseView>> list(@QueryParam("brand") String brand, @QueryParam("queue") String queue,
            @QueryParam("status") @OneOf({"OPEN", "CLAIMED", "RESOLVED"}) String status,
            @QueryParam("assignee") String assignee,
            @QueryParam("priority") @OneOf(value = {"P1", "P2", "P3", "P4"}, ignoreCase = false) String priority,
            @QueryParam("breached") @OneOf(value = {"true",
                    "false"}, ignoreCase = false, message = "must be true or false") String breached,
            @QueryParam("sort") @OneOf(value = {"created", "priority",
                    "sla"}, message = "must be created, priority or sla") String sort,
            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        String normalisedStatus = status == null ? null : status.toUpperCase(Locale.ROOT);
        CaseQueries.Sort order = sort == null
                ? CaseQueries.Sort.CREATED
                : CaseQueries.Sort.valueOf(sort.toUpperCase(
                        Locale.ROOT));
        scope.brand(brand);
        scope.queue(queue);
        return queries.list(new CaseQueries.Filter(brand, queue, normalisedStatus, assignee, priority,
                breached == null ? null : Boolean.valueOf(breached)), scope.current(), order, PageCursor.decode(cursor),
                PageCursor.limit(limit, 50, 200));
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.AGENT, Roles.LEAD, Roles.COMMS})
    @Operation(summary = "One case with its mentions, scores, priority breakdown and context (thread, author history,"
            + " previous cases, CRM profile, related crisis, notes, replies)")
    public Uni<CaseView> get(@PathParam("id") UUID id) {
        return scope.requireCase(id).chain(() -> queries.get(id));
    }

    @POST
    @Path("{id}/claim")
    @RolesAllowed({Roles.AGENT, Roles.LEAD})
    @Operation(summary = "Claim an open case; 409 when someone else holds it")
    public Uni<CaseView> claim(@PathParam("id") UUID id) {
        return published(id, cases.claim(id, actor()));
    }

    @POST
    @Path("{id}/acknowledge")
    @RolesAllowed({Roles.AGENT, Roles.LEAD})
    @Operation(summary = "Acknowledge a case (stops the time-to-acknowledge clock); claims it when open")
    public Uni<CaseView> acknowledge(@PathParam("id") UUID id) {
        return published(id, cases.acknowledge(id, actor(), lead()));
    }

    @POST
    @Path("{id}/notes")
    @RolesAllowed({Roles.AGENT, Roles.LEAD})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add an internal note to a case")
    public Uni<CaseView> note(@PathParam("id") UUID id, NoteRequest req) {
        String body = text(req == null ? null : req.body(), "body");
        return published(id, cases.addNote(id, actor(), lead(), body));
    }

    @POST
    @Path("{id}/hand-back")
    @RolesAllowed({Roles.AGENT, Roles.LEAD})
    @Operation(summary = "Give a claimed case back to its queue")
    public Uni<CaseView> handBack(@PathParam("id") UUID id) {
        return published(id, cases.handBack(id, actor(), lead()));
    }

    @POST
    @Path("{id}/transfer")
    @RolesAllowed(Roles.LEAD)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Move a case to another queue, optionally assigned to someone")
    public Uni<CaseView> transfer(@PathParam("id") UUID id, @NotNull @Valid TransferRequest body) {
        scope.queue(body.queue());
        return published(id, cases.transfer(id, actor(), body.queue(), body.assignee()));
    }

    @POST
    @Path("{id}/resolve")
    @RolesAllowed({Roles.AGENT, Roles.LEAD})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Resolve a claimed case with an outcome code")
    public Uni<CaseView> resolve(@PathParam("id") UUID id, ResolveRequest req) {
        String outcome = req == null || req.outcome() == null ? null : req.outcome().toUpperCase(Locale.ROOT);
        if (outcome == null || !OUTCOMES.contains(outcome)) {
            throw ProblemException.badRequest("outcome", "must be one of " + OUTCOMES);
        }
        return published(id, cases.resolve(id, actor(), lead(), outcome));
    }

    @GET
    @Path("{id}/distress")
    @RolesAllowed({Roles.AGENT, Roles.LEAD, Roles.COMMS})
    @Operation(summary = "The distress lane of a distress case: help resources for its region and kind, the agent"
            + " checklist with who ticked what, its SLA policy and the pages sent; 404 when the case is not a distress case")
    public Uni<DistressLane> distress(@PathParam("id") UUID id) {
        return scope.requireCase(id).chain(() -> distress.laneOf(id));
    }

    @PUT
    @Path("{id}/checklist/{item}")
    @RolesAllowed({Roles.AGENT, Roles.LEAD})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Tick (done=true) or untick a checklist item of a distress case; stored and audited")
    public Uni<DistressLane> tick(@PathParam("id") UUID id, @PathParam("item") String item,
            @NotNull @Valid ChecklistRequest body) {
        Uni<DistressLane> tick = distress.tick(id, item, body.done(), actor(), lead());
        return scope.requireCase(id).chain(() -> tick);
    }

    /** Text of at most {@link #MAX_TEXT} characters, not blank, or a 400 naming {@code field}. */
    public static String text(String value, String field) {
        if (value == null || value.isBlank() || value.length() > MAX_TEXT) {
            throw ProblemException.badRequest(field, "must be 1 to " + MAX_TEXT + " characters");
        }
        return value;
    }

    /**
     * The change of a case in the caller's scope (404 otherwise, before anything changes); its event (written with the
     * change) is relayed right away.
     */
    private Uni<CaseView> published(UUID id, Uni<CaseEntity> change) {
        return scope.requireCase(id).chain(() -> change).invoke(events::kick).map(CaseView::of);
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }

    private boolean lead() {
        return identity.hasRole(Roles.LEAD);
    }
}
