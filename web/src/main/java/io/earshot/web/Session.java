package io.earshot.web;

import jakarta.ws.rs.core.NewCookie;
import java.net.URI;
import java.util.regex.Pattern;

/** The session cookie that carries the signed-in user's token, and the rules for where sign-in may lead. */
public final class Session {
    /** Also configured as {@code mp.jwt.token.cookie}, so every API accepts it besides {@code Authorization}. */
    public static final String COOKIE = "earshot_session";
    public static final String LOGIN = "/ui/login";
    public static final String LOGOUT = "/ui/logout";
    private static final Pattern LOCAL_PATH = Pattern.compile("/[A-Za-z0-9\\-._~!$&'()*+,;=:@%/?]*");

    private Session() {}

    static NewCookie cookie(String token, long maxAgeSeconds, boolean secure) {
        return new NewCookie.Builder(COOKIE).value(token).path("/").httpOnly(true).secure(secure)
                .sameSite(NewCookie.SameSite.STRICT).maxAge((int) Math.min(Integer.MAX_VALUE, maxAgeSeconds)).build();
    }

    static NewCookie cleared(boolean secure) {
        return new NewCookie.Builder(COOKIE).value("").path("/").httpOnly(true).secure(secure)
                .sameSite(NewCookie.SameSite.STRICT).maxAge(0).build();
    }

    /**
     * {@code next} when it is a path on this server ({@code /ui/console?x=1}), else {@code fallback}: absolute URLs,
     * scheme-relative {@code //host}, backslash tricks and control characters never leave the site (open redirect).
     */
    public static String safeNext(String next, String fallback) {
        if (next == null || next.length() > 2048 || !LOCAL_PATH.matcher(next).matches() || next.startsWith("//")) {
            return fallback;
        }
        try {
            URI uri = new URI(next);
            if (uri.getScheme() != null || uri.getRawAuthority() != null || !uri.getRawPath().startsWith("/")) {
                return fallback;
            }
        } catch (java.net.URISyntaxException e) {
            return fallback;
        }
        return next;
    }
}
