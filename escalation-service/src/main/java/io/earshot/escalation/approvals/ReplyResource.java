package io.earshot.escalation.approvals;

import io.earshot.escalation.cases.CaseContext;
import io.earshot.escalation.cases.CaseEvents;
import io.earshot.escalation.cases.CaseResource;
import io.earshot.platform.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/cases/{caseId}/replies")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "cases")
public class ReplyResource {
    public record DraftRequest(String body, Boolean legal) {}

    private final ReplyService replies;
    private final CaseEvents events;
    private final SecurityIdentity identity;
    private final io.earshot.escalation.scope.ScopeFilter scope;

    public ReplyResource(ReplyService replies, CaseEvents events, SecurityIdentity identity,
            io.earshot.escalation.scope.ScopeFilter scope) {
        this.replies = replies;
        this.events = events;
        this.identity = identity;
        this.scope = scope;
    }

    @POST
    @RolesAllowed({Roles.AGENT, Roles.LEAD})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Draft a reply on a claimed case; says whether it needs a lead's approval and why")
    public Uni<Response> draft(@PathParam("caseId") UUID caseId, DraftRequest req) {
        String body = CaseResource.text(req == null ? null : req.body(), "body");
        boolean legal = req != null && Boolean.TRUE.equals(req.legal());
        Uni<ReplyService.Result> draft = replies.draft(caseId, actor(), lead(), body, legal);
        return scope.requireCase(caseId).chain(() -> draft)
                .invoke(events::kick)
                .map(r -> Response.created(URI.create("/api/v1/cases/" + caseId + "/replies/" + r.reply().id()))
                        .entity(r.reply()).build());
    }

    @POST
    @Path("{replyId}/approve")
    @RolesAllowed(Roles.LEAD)
    @Operation(summary = "Approve a drafted reply (leads only; 409 for the lead's own reply: another lead approves it)")
    public Uni<CaseContext.Reply> approve(@PathParam("caseId") UUID caseId, @PathParam("replyId") UUID replyId) {
        Uni<ReplyService.Result> approve = replies.approve(caseId, replyId, actor());
        return scope.requireCase(caseId).chain(() -> approve)
                .invoke(events::kick)
                .map(ReplyService.Result::reply);
    }

    @POST
    @Path("{replyId}/sent")
    @RolesAllowed({Roles.AGENT, Roles.LEAD})
    @Operation(summary = "Mark a reply sent; 409 while it still needs a lead's approval")
    public Uni<CaseContext.Reply> sent(@PathParam("caseId") UUID caseId, @PathParam("replyId") UUID replyId) {
        Uni<ReplyService.Result> sent = replies.markSent(caseId, replyId, actor(), lead());
        return scope.requireCase(caseId).chain(() -> sent)
                .invoke(events::kick)
                .map(ReplyService.Result::reply);
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }

    private boolean lead() {
        return identity.hasRole(Roles.LEAD);
    }
}
