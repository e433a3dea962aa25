package io.earshot.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.earshot.contracts.codec.EventCodec;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Sign-in for the web pages: the user pastes a token (from the OIDC provider, or one the demo prints); it is verified
 * exactly as the APIs verify bearer tokens (issuer, audience, expiry, signature) and kept in an HttpOnly, SameSite=Strict
 * cookie that lives as long as the token. {@link WebHome} has the start page and sign-out.
 */
@Path(Session.LOGIN)
public class LoginResource {
    static final int MAX_TOKEN = 16_384;

    @CheckedTemplate(basePath = "web")
    static class Templates {
        static native TemplateInstance login(String next, String error);

        static native TemplateInstance home();

        static native TemplateInstance error(int status, String title, String message);
    }

    private final JWTParser parser;
    private final LoginLimiter limiter;
    private final WebConfig config;

    public LoginResource(JWTParser parser, LoginLimiter limiter, WebConfig config) {
        this.parser = parser;
        this.limiter = limiter;
        this.config = config;
    }

    @GET
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance loginPage(@QueryParam("next") String next) {
        return Templates.login(Session.safeNext(next, config.home()), null);
    }

    @POST
    @PermitAll
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> login(@FormParam("token") String token, @FormParam("next") String next,
            @Context HttpServerRequest request) {
        String target = Session.safeNext(next, config.home());
        return limiter.take(client(request))
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(wait -> wait.isZero() ? signIn(token, target) : tooMany(wait));
    }

    private Response signIn(String token, String target) {
        String t = token == null ? "" : token.strip();
        if (t.startsWith("Bearer ")) {
            t = t.substring("Bearer ".length()).strip();
        }
        if (t.isEmpty() || t.length() > MAX_TOKEN) {
            return badToken(target, "Paste a token (1 to " + MAX_TOKEN + " characters).");
        }
        JsonWebToken jwt;
        try {
            jwt = parser.parse(t);
        } catch (ParseException e) {
            return badToken(target, expired(t) ? "This token has expired. Ask for a new one."
                    : "This token was not accepted: it is malformed, not signed by a trusted key, or meant for another"
                            + " issuer or audience.");
        }
        long maxAge = jwt.getExpirationTime() - System.currentTimeMillis() / 1000;
        if (maxAge <= 0) {
            return badToken(target, "This token has expired. Ask for a new one.");
        }
        return Response.seeOther(URI.create(target)).cookie(Session.cookie(t, maxAge, config.cookieSecure())).build();
    }

    private Response badToken(String target, String message) {
        return Response.status(400).type(MediaType.TEXT_HTML_TYPE).entity(Templates.login(target, message).render()).build();
    }

    private static Response tooMany(Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return Response.status(429).type(MediaType.TEXT_HTML_TYPE).header(HttpHeaders.RETRY_AFTER, seconds)
                .entity(Templates.error(429, "Too many sign-in attempts",
                        "Too many sign-in attempts from your address. Try again in " + seconds + " s.").render())
                .build();
    }

    /** Whether the (unverified) payload says the token expired: only to word the error message. */
    private static boolean expired(String token) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return false;
        }
        try {
            JsonNode payload = EventCodec.mapper().readTree(new String(Base64.getUrlDecoder().decode(parts[1]),
                    StandardCharsets.UTF_8));
            return payload.path("exp").canConvertToLong() && payload.path("exp").asLong() < System.currentTimeMillis() / 1000;
        } catch (IllegalArgumentException | java.io.IOException e) {
            return false;
        }
    }

    /** The client's address (the forwarded one when the service is configured to trust its proxy). */
    static String client(HttpServerRequest request) {
        return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    }
}
