package io.earshot.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.platform.outbound.AddressRanges;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
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

    private final AddressRanges trustedProxies;

    public LoginResource(JWTParser parser, LoginLimiter limiter, WebConfig config,
            @ConfigProperty(name = "earshot.trusted-proxies") Optional<List<String>> trustedProxies) {
        this.parser = parser;
        this.limiter = limiter;
        this.config = config;
        this.trustedProxies = AddressRanges.of(trustedProxies.orElse(List.of()));
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
            return badToken(target, expired(t)
                    ? "This token has expired. Ask for a new one."
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
        return Response.status(400).type(MediaType.TEXT_HTML_TYPE).entity(Templates.login(target, message).render())
                .build();
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
            return payload.path("exp").canConvertToLong() && payload.path("exp").asLong() < System.currentTimeMillis()
                    / 1000;
        } catch (IllegalArgumentException | java.io.IOException e) {
            return false;
        }
    }

    /** The client's address: the socket's, or the forwarded one when the socket is a trusted proxy. */
    String client(HttpServerRequest request) {
        return client(request.remoteAddress() == null ? null : request.remoteAddress().hostAddress(),
                request.headers().getAll("X-Forwarded-For"), trustedProxies);
    }

    /**
     * The address a rate limit counts: the socket address, unless it is one of {@code trusted} (the ingress); then
     * {@code X-Forwarded-For} is read from the right, skipping trusted proxies, and the first other address is the
     * client. Entries a client wrote itself sit to the left of what the trusted proxy appended, so they are never
     * reached while an untrusted hop is in between. With no trusted proxies (the default) the header is ignored.
     */
    static String client(String socket, List<String> forwardedFor, AddressRanges trusted) {
        if (socket == null) {
            return "unknown";
        }
        if (trusted.isEmpty() || !trusted.contains(socket)) {
            return socket;
        }
        List<String> hops = new ArrayList<>();
        for (String header : forwardedFor) {
            for (String part : header.split(",")) {
                if (!part.isBlank()) {
                    hops.add(part.strip());
                }
            }
        }
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = hops.get(i);
            if (!trusted.contains(hop)) {
                return hop.length() > 64 ? hop.substring(0, 64) : hop;
            }
        }
        return hops.isEmpty() ? socket : hops.get(0);
    }
}
