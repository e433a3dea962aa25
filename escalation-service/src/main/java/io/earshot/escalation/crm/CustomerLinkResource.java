package io.earshot.escalation.crm;

import io.earshot.platform.http.Problem;
import io.earshot.platform.http.ProblemException;
import io.earshot.platform.security.Roles;
import io.earshot.platform.validation.UuidText;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Identity links of a customer (issue #12 point 5): link an author on a network, list, undo. Leads and admins. */
@Path("/api/v1/customers/{id}/links")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "customers")
public class CustomerLinkResource {
    private final CustomerLinks links;
    private final SecurityIdentity identity;

    public CustomerLinkResource(CustomerLinks links, SecurityIdentity identity) {
        this.links = links;
        this.identity = identity;
    }

    @POST
    @RolesAllowed({Roles.LEAD, Roles.ADMIN})
    @Operation(summary = "Link an author's handle on a network to this customer; when another customer holds the handle, "
            + "that customer is merged in (reversible: DELETE the link)")
    public Uni<Response> link(@PathParam("id") String id, CustomerRecord.Handle body) {
        checkId(id);
        List<Problem.FieldError> errors = new ArrayList<>();
        if (body == null) {
            errors.add(new Problem.FieldError("body", "must be an object with network and handle"));
        } else {
            CustomerRecord.validateHandle("", body, errors);
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.of(400, "Bad Request", "invalid link: " + errors.get(0).field() + " "
                    + errors.get(0).message()).withErrors(errors));
        }
        return links.link(id, body, identity.getPrincipal().getName())
                .map(l -> Response.status(Response.Status.CREATED).entity(l).build());
    }

    @GET
    @RolesAllowed({Roles.AGENT, Roles.LEAD, Roles.ADMIN})
    @Operation(summary = "The customer's identity links, oldest first, including undone ones (removedAt set)")
    public Uni<List<CustomerLinks.Link>> list(@PathParam("id") String id) {
        checkId(id);
        return links.list(id);
    }

    @DELETE
    @Path("{linkId}")
    @RolesAllowed({Roles.LEAD, Roles.ADMIN})
    @Operation(summary = "Undo a link: its handle leaves the customer; a merged customer gets every handle back (unmerge)")
    public Uni<CustomerLinks.Link> unlink(@PathParam("id") String id, @PathParam("linkId") @UuidText String linkId) {
        checkId(id);
        return links.unlink(id, UUID.fromString(linkId), identity.getPrincipal().getName());
    }

    private static void checkId(String id) {
        if (!CustomerRecord.validId(id)) {
            throw ProblemException.badRequest("id", "must be a customer id");
        }
    }
}
