package io.earshot.web;

import io.earshot.contracts.codec.EventCodec;
import io.earshot.platform.http.Problem;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Runs before every route (pages, static assets, APIs):
 * <ul>
 * <li>security headers on pages and assets: a Content-Security-Policy that allows only this origin (no inline script
 * or style), nosniff, no referrer, no framing; {@code Cache-Control: no-store} on pages;</li>
 * <li>CSRF: a state-changing request that carries the session cookie and no {@code Authorization} header must come
 * from this origin: {@code Sec-Fetch-Site: same-origin} (what browsers send; with {@code Referrer-Policy: no-referrer}
 * they send {@code Origin: null} on form posts), else an {@code Origin} or {@code Referer} of this origin or of
 * {@code earshot.web.allowed-origins}; otherwise 403 problem+json. SameSite=Strict already keeps the cookie off
 * cross-site requests; this is the second lock. Sign-in and sign-out are checked the same way even without a cookie
 * (login CSRF: a cross-site form that posts the attacker's token would sign the victim in as the attacker), whenever
 * a browser sent them.</li>
 * </ul>
 */
@ApplicationScoped
public class WebFilter {
    public static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
            + " frame-ancestors 'none'";
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
            HttpMethod.TRACE);
    /** Before the routes and the authentication of Quarkus' own handlers. */
    private static final int PRIORITY = 10_000;

    private final List<String> allowedOrigins;

    public WebFilter(WebConfig config) {
        this.allowedOrigins = config.allowedOrigins().orElse(List.of()).stream()
                .map(o -> o.strip().toLowerCase(Locale.ROOT)).filter(o -> !o.isEmpty()).toList();
    }

    void register(@Observes Filters filters) {
        filters.register(this::filter, PRIORITY);
    }

    void filter(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        String path = rc.normalizedPath();
        if (path.equals("/ui") || path.startsWith("/ui/") || path.startsWith("/webjars/")) {
            HttpServerResponse response = rc.response();
            response.putHeader("Content-Security-Policy", CSP);
            response.putHeader("X-Content-Type-Options", "nosniff");
            response.putHeader("Referrer-Policy", "no-referrer");
            response.putHeader("X-Frame-Options", "DENY");
            response.putHeader("Cross-Origin-Opener-Policy", "same-origin");
            if (!path.startsWith("/ui/assets/") && !path.startsWith("/webjars/")) {
                response.putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            }
        }
        if (!SAFE.contains(request.method()) && (cookieOnly(request) || signInOrOut(path) && fromABrowser(request))
                && !sameOrigin(request)) {
            Problem p = Problem.of(403, "Forbidden", "a request with the session cookie must come from this site's own"
                    + " pages (Origin or Referer of this origin)").withInstance(path, null);
            rc.response().setStatusCode(403).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .end(EventCodec.mapper().valueToTree(p).toString());
            return;
        }
        rc.next();
    }

    /** Sign-in and sign-out work without a session cookie, so the cookie cannot be what triggers the check there. */
    static boolean signInOrOut(String path) {
        return path.equals(Session.LOGIN) || path.equals(Session.LOGOUT);
    }

    /**
     * Whether a browser sent the request: browsers put {@code Sec-Fetch-Site} and {@code Origin} on every cross-origin
     * POST (and a page cannot remove them), so a request with none of the three headers is from a non-browser client,
     * which cannot be used to sign a victim's browser in (login CSRF needs the victim's browser to keep the cookie).
     */
    private static boolean fromABrowser(HttpServerRequest request) {
        return request.getHeader("Sec-Fetch-Site") != null || request.getHeader(HttpHeaders.ORIGIN) != null
                || request.getHeader(HttpHeaders.REFERER) != null;
    }

    private static boolean cookieOnly(HttpServerRequest request) {
        Cookie cookie = request.getCookie(Session.COOKIE);
        return cookie != null && !cookie.getValue().isEmpty() && request.getHeader(HttpHeaders.AUTHORIZATION) == null;
    }

    boolean sameOrigin(HttpServerRequest request) {
        if ("same-origin".equals(request.getHeader("Sec-Fetch-Site"))) {
            return true;
        }
        String host = request.getHeader(HttpHeaders.HOST);
        if (host == null) {
            return false;
        }
        String own = (request.scheme() + "://" + host).toLowerCase(Locale.ROOT);
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin == null || origin.equals("null")) {
            origin = originOf(request.getHeader(HttpHeaders.REFERER));
        }
        if (origin == null) {
            return false;
        }
        String o = origin.toLowerCase(Locale.ROOT);
        return o.equals(own) || allowedOrigins.contains(o);
    }

    static String originOf(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || uri.getRawAuthority() == null) {
                return null;
            }
            return uri.getScheme() + "://" + uri.getRawAuthority();
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }
}
