package io.earshot.web;

import io.earshot.platform.http.Problem;
import io.earshot.platform.http.ProblemException;
import io.earshot.platform.http.ProblemMappers;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Failures of web pages (paths under {@code /ui}) as pages: no or an expired session leads (303) to the sign-in page
 * and back, a role that may not see the page gets a 403 page, a refused action its reason. Everything else keeps the
 * problem+json answers of {@link ProblemMappers}, which these mappers take precedence over.
 */
public class UiErrorMappers {
    private static final int PRIORITY = Priorities.USER - 200;
    private final ProblemMappers problems = new ProblemMappers();

    @ServerExceptionMapper(value = {UnauthorizedException.class,
            AuthenticationFailedException.class}, priority = PRIORITY)
    public Response unauthorized(RuntimeException e, UriInfo uri, Request request) {
        if (!isPage(uri)) {
            return problems.unauthorized(e, uri);
        }
        String back = "GET".equals(request.getMethod())
                ? uri.getRequestUri().getRawPath()
                        + (uri.getRequestUri().getRawQuery() == null ? "" : "?" + uri.getRequestUri().getRawQuery())
                : null;
        String location = Session.LOGIN + (back == null
                ? ""
                : "?next=" + URLEncoder.encode(back, StandardCharsets.UTF_8));
        return Response.seeOther(URI.create(location)).build();
    }

    @ServerExceptionMapper(priority = PRIORITY)
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return isPage(uri)
                ? page(403, "Not for your role",
                        "Your role may not open this page or do this. Sign in with another token if you need to.")
                : problems.forbidden(e, uri);
    }

    @ServerExceptionMapper(priority = PRIORITY)
    public Response problem(ProblemException e, UriInfo uri) {
        Problem p = e.problem();
        return isPage(uri) ? page(p.status(), p.title(), p.detail()) : problems.problem(e, uri);
    }

    @ServerExceptionMapper(priority = PRIORITY)
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (!isPage(uri) || status >= 500) {
            return problems.web(e, uri);
        }
        return page(status, e.getResponse().getStatusInfo().getReasonPhrase(),
                status == 404 ? "There is no such page." : "The request could not be handled.");
    }

    static boolean isPage(UriInfo uri) {
        String path = uri.getPath();
        return path.equals("/ui") || path.startsWith("/ui/");
    }

    static Response page(int status, String title, String message) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE)
                .entity(LoginResource.Templates.error(status, title, message).render()).build();
    }
}
