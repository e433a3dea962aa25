package io.earshot.web;

import io.earshot.platform.security.Roles;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** A page (and, in {@link TestApi}, an API) only the tests of this module serve, protected like the services' own. */
@Path("/ui/test-page")
public class TestPages {
    private final Template testPage;

    public TestPages(Template testPage) {
        this.testPage = testPage;
    }

    @GET
    @RolesAllowed(Roles.AGENT)
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page() {
        return testPage.instance();
    }
}
