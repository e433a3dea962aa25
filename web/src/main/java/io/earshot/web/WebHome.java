package io.earshot.web;

import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** The start page (links to every page of the suite) and sign-out. */
@Path("/ui")
public class WebHome {
    private final WebConfig config;

    public WebHome(WebConfig config) {
        this.config = config;
    }

    @POST
    @Path("logout") // Session.LOGOUT
    @PermitAll
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response logout() {
        return Response.seeOther(URI.create(Session.LOGIN)).cookie(Session.cleared(config.cookieSecure())).build();
    }

    @GET
    @Authenticated
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance home() {
        return LoginResource.Templates.home();
    }
}
