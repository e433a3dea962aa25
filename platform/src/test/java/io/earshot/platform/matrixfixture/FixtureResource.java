package io.earshot.platform.matrixfixture;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

/** Endpoints for {@code SecurityMatrixGuardTest}; never deployed. */
@Path("/api/v1/things")
public class FixtureResource {
    @GET
    public String list() {
        return "[]";
    }

    @GET
    @Path("{id}")
    public String get() {
        return "{}";
    }

    @GET
    @Path("export")
    public String export() {
        return "";
    }

    @POST
    @Path("/{id}/archive/")
    public void archive() {}

    @DELETE
    @Path("{id: [0-9]+}")
    public void delete() {}
}
