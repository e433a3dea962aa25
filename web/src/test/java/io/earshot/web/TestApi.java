package io.earshot.web;

import io.earshot.platform.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** An API of the tests: reads and a state change, for the cookie, Bearer and CSRF checks. */
@Path("/api/v1/whoami")
public class TestApi {
    private final SecurityIdentity identity;

    public TestApi(SecurityIdentity identity) {
        this.identity = identity;
    }

    @GET
    @RolesAllowed({Roles.AGENT, Roles.LEAD})
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> whoami() {
        return Map.of("user", identity.getPrincipal().getName());
    }

    @POST
    @RolesAllowed({Roles.AGENT, Roles.LEAD})
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> change() {
        return Map.of("user", identity.getPrincipal().getName(), "changed", "yes");
    }
}
