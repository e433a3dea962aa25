package io.earshot.web;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.impl.RoutingContextInternal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Strict reading of the forms the pages post ({@code application/x-www-form-urlencoded} under {@code /ui}): the body is
 * read here, checked, and handed on to Quarkus REST unchanged, or refused with the error page (the browser shows it)
 * before any resource runs. Refused: a malformed percent-escape ({@code %zz}, a cut {@code %E2%8}), bytes that are not
 * UTF-8 (unless the form names another charset) including overlong forms and surrogates, control characters but tab,
 * CR and LF, a field given twice (which one would count?) with 400; a field longer than
 * {@code quarkus.http.limits.max-form-attribute-size} or a body over {@code max-body-size} with 413. Without this,
 * Quarkus decodes invalid UTF-8 to U+FFFD and stores it, answers a bad escape with a 500, and a long field with a 413
 * that carries a stack trace.
 */
@ApplicationScoped
public class FormChecks {
    static final String FORM = "application/x-www-form-urlencoded";
    private static final Set<HttpMethod> WITH_BODY = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);

    void install(@Observes Router router,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBodySize,
            @ConfigProperty(name = "quarkus.http.limits.max-form-attribute-size") Optional<MemorySize> maxField) {
        long body = maxBodySize.map(MemorySize::asLongValue).orElse(10L * 1024 * 1024);
        long field = maxField.map(MemorySize::asLongValue).orElse(2048L);
        // After the size and Content-Type checks of platform's RequestChecks, before Quarkus REST reads the body.
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 1).handler(rc -> check(rc, body, field));
    }

    private static void check(RoutingContext rc, long maxBody, long maxField) {
        HttpServerRequest request = rc.request();
        String path = rc.normalizedPath();
        String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
        if (!WITH_BODY.contains(request.method()) || type == null || !(path.equals("/ui") || path.startsWith("/ui/"))
                || !type.toLowerCase(Locale.ROOT).startsWith(FORM) || rc.body().buffer() != null) {
            rc.next();
            return;
        }
        boolean utf8 = utf8(type);
        Buffer body = Buffer.buffer();
        boolean[] refused = {false};
        request.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if (body.length() + chunk.length() > maxBody) {
                refused[0] = true;
                refuse(rc, 413, "Payload Too Large", "The form is larger than " + maxBody + " bytes.");
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(e -> {
            if (!refused[0]) {
                refused[0] = true;
                rc.fail(400, e);
            }
        });
        request.endHandler(v -> {
            if (refused[0]) {
                return;
            }
            Refusal r = validate(body.getBytes(), utf8, maxField);
            if (r != null) {
                refuse(rc, r.status(), r.status() == 413 ? "Payload Too Large" : "Bad Request", r.message());
                return;
            }
            ((RoutingContextInternal) rc).setBody(body);
            rc.next();
        });
        request.resume();
    }

    private static boolean utf8(String contentType) {
        for (String param : contentType.split(";")) {
            String p = param.strip().toLowerCase(Locale.ROOT);
            if (p.startsWith("charset=")) {
                String charset = p.substring("charset=".length()).replace("\"", "").strip();
                return charset.equals("utf-8") || charset.equals("utf8");
            }
        }
        return true;
    }

    private static void refuse(RoutingContext rc, int status, String title, String message) {
        if (rc.response().ended()) {
            return;
        }
        rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "text/html;charset=UTF-8");
        if (status == 413) {
            rc.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
        rc.response().end(LoginResource.Templates.error(status, title, message).render());
    }

    /** Why a form is refused: the status and a message for the page. */
    record Refusal(int status, String message) {}

    /** Null when {@code form} is a well-formed urlencoded form by the rules above; else why not. */
    static Refusal validate(byte[] form, boolean utf8, long maxField) {
        Set<String> names = new HashSet<>();
        int start = 0;
        while (start <= form.length) {
            int end = start;
            while (end < form.length && form[end] != '&') {
                end++;
            }
            if (end > start) {
                int eq = start;
                while (eq < end && form[eq] != '=') {
                    eq++;
                }
                byte[] name = decode(form, start, eq);
                byte[] value = eq < end ? decode(form, eq + 1, end) : new byte[0];
                if (name == null || value == null) {
                    return new Refusal(400, "The form has a malformed percent-escape (% and two hex digits).");
                }
                String n = text(name, utf8);
                String val = text(value, utf8);
                if (n == null || val == null) {
                    return new Refusal(400, "The form is not valid UTF-8 text.");
                }
                if (control(n) || control(val)) {
                    return new Refusal(400, "The form holds control characters.");
                }
                if (!names.add(n)) {
                    return new Refusal(400, "The form has the field " + n + " twice.");
                }
                if (value.length > maxField) {
                    return new Refusal(413, "The field " + n + " is longer than " + maxField + " bytes.");
                }
            }
            start = end + 1;
        }
        return null;
    }

    /** The percent-decoded bytes ('+' is a space), or null for a malformed escape. */
    private static byte[] decode(byte[] form, int from, int to) {
        byte[] out = new byte[to - from];
        int n = 0;
        for (int i = from; i < to; i++) {
            byte b = form[i];
            if (b == '%') {
                if (i + 2 >= to) {
                    return null;
                }
                int hi = Character.digit(form[i + 1], 16);
                int lo = Character.digit(form[i + 2], 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                out[n++] = (byte) (hi << 4 | lo);
                i += 2;
            } else {
                out[n++] = b == '+' ? (byte) ' ' : b;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** The text of {@code bytes}: strict UTF-8 (no overlong forms, no surrogates), or ISO-8859-1; null if not UTF-8. */
    private static String text(byte[] bytes, boolean utf8) {
        if (!utf8) {
            return new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        try {
            // Java's decoder refuses overlong forms, encoded surrogates and code points over U+10FFFF.
            return java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return null;
        }
    }

    private static boolean control(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
                return true;
            }
        }
        return false;
    }
}
