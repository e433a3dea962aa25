package io.earshot.escalation.crm;

import io.earshot.platform.http.Problem;
import io.earshot.platform.http.ProblemException;
import io.earshot.platform.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/customers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "customers")
public class CustomerResource {
    static final int MAX_IMPORT = 1000;

    private final CustomerService customers;
    private final SecurityIdentity identity;

    public CustomerResource(CustomerService customers, SecurityIdentity identity) {
        this.customers = customers;
        this.identity = identity;
    }

    @POST
    @RolesAllowed({Roles.LEAD, Roles.ADMIN, Roles.SERVICE})
    @Operation(summary = "Import or update CRM customers (array, at most 1000); idempotent per id and (network, handle)")
    public Uni<Map<String, Integer>> upsert(List<CustomerRecord> records) {
        List<Problem.FieldError> errors = CustomerRecord.validateAll(records, MAX_IMPORT);
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.of(400, "Bad Request", "invalid customers: " + errors.get(0).field()
                    + " "
                    + errors.get(0).message()).withErrors(errors));
        }
        return customers.upsert(records, identity.getPrincipal().getName()).map(n -> Map.of("upserted", n));
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.AGENT, Roles.LEAD, Roles.ADMIN})
    @Operation(summary = "One customer with their handles")
    public Uni<CustomerRecord> get(@PathParam("id") String id) {
        return customers.get(id);
    }
}
