package io.earshot.testing;

import io.earshot.testing.BadInput.Answer;
import io.earshot.testing.BadInput.Kind;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;

/**
 * The bad-input catalogue of {@link BadInput} for HTML form posts ({@code application/x-www-form-urlencoded}, signed
 * in with the session cookie from this site's own origin), generated from one valid sample form of an endpoint.
 *
 * <p>What a refusal may look like: a form is posted by a browser page, so a kind may be answered with a 4xx HTML error
 * page (what the browser shows the user) as well as with a 4xx {@code application/problem+json}; the status must be
 * one the kind allows. Never a 5xx, never a stack trace or an exception's class name in the body, never a 2xx or a
 * 3xx (the 303 of a done action), never a session cookie, and the store must be as it was ({@code state}, e.g.
 * {@link BadInput#serviceTables}).
 *
 * <p>Field-level kinds act on the target's required field (else its first field); a target without fields (a button:
 * claim, approve, sign out...) gets the kinds that concern the body as a whole. Injection strings are not bad input:
 * they are valid text, and each service's BadInputTest checks that they are stored verbatim and shown escaped.
 */
public final class BadForm {
    public static final String FORM = "application/x-www-form-urlencoded";

    private BadForm() {}

    /**
     * One form endpoint (always POST): who posts it, a valid sample form ({@code name=value&...}, percent-encoded), a
     * required field and an enum field (null when it has none), the service's body limit and the kinds that do not
     * apply.
     */
    public record Target(String path, String role, String sample, String requiredField, String enumField,
            long maxBodyBytes, Set<String> except) {

        public Target {
            Objects.requireNonNull(path);
            Objects.requireNonNull(role);
            Objects.requireNonNull(sample);
        }

        public static Target of(String path, String role, String sample, long maxBodyBytes) {
            return new Target(path, role, sample, null, null, maxBodyBytes, Set.of());
        }

        public Target required(String field) {
            return new Target(path, role, sample, field, enumField, maxBodyBytes, except);
        }

        public Target enumAt(String field) {
            return new Target(path, role, sample, requiredField, field, maxBodyBytes, except);
        }

        public Target except(String... kinds) {
            return new Target(path, role, sample, requiredField, enumField, maxBodyBytes, Set.of(kinds));
        }

        @Override
        public String toString() {
            return "POST " + path + " (form)";
        }
    }

    /** The names of every kind the catalogue can produce (those needing a field appear only when the target has one). */
    public static final List<String> KINDS = List.of("wrong content type application/json",
            "wrong content type text/plain",
            "multipart instead of urlencoded", "oversized body > limit", "no content type", "huge string 2 MB",
            "invalid UTF-8 %C3%28", "invalid UTF-8 %FF", "lone surrogate %ED%A0%80", "overlong UTF-8 %C0%AF",
            "unencoded invalid UTF-8 byte", "invalid UTF-8 in a field name", "NUL and control chars",
            "malformed percent-encoding %zz", "truncated percent-encoding %E2%8", "duplicate fields",
            "drop required field", "required field empty", "unknown enum value");

    /** Every kind applicable to {@code target}. */
    public static List<Kind> catalogue(Target target) {
        Map<String, String> fields = parse(target.sample());
        String s = target.sample();
        List<Kind> kinds = new ArrayList<>();
        StringBuilder json = new StringBuilder("{");
        fields.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\":\"")
                .append(v.replace("\\", "\\\\").replace("\"", "\\\"")).append('"'));
        kinds.add(new Kind("wrong content type application/json", utf8(json + "}"), "application/json",
                BadInput.UNSUPPORTED));
        kinds.add(new Kind("wrong content type text/plain", utf8(s), "text/plain", BadInput.UNSUPPORTED));
        StringBuilder multipart = new StringBuilder();
        fields.forEach((k, v) -> multipart.append("--b0undary\r\nContent-Disposition: form-data; name=\"").append(k)
                .append("\"\r\n\r\n").append(v).append("\r\n"));
        kinds.add(new Kind("multipart instead of urlencoded", utf8(multipart + "--b0undary--\r\n"),
                "multipart/form-data; boundary=b0undary", BadInput.UNSUPPORTED));
        long size = Math.min(target.maxBodyBytes() + 1024, Integer.MAX_VALUE - 1024);
        kinds.add(new Kind("oversized body > limit", utf8((s.isEmpty() ? "" : s + "&") + "pad=" + "y".repeat(
                (int) size)),
                FORM, Set.of(413)));
        if (!fields.isEmpty()) {
            String text = target.requiredField() != null ? target.requiredField() : fields.keySet().iterator().next();
            kinds.add(new Kind("no content type", utf8(s), null, BadInput.UNSUPPORTED));
            kinds.add(form("huge string 2 MB", with(fields, text, "x".repeat(2 * 1024 * 1024)), BadInput.TOO_LARGE));
            kinds.add(form("invalid UTF-8 %C3%28", with(fields, text, "before%C3%28after"), BadInput.BAD_REQUEST));
            kinds.add(form("invalid UTF-8 %FF", with(fields, text, "before%FFafter"), BadInput.BAD_REQUEST));
            kinds.add(form("lone surrogate %ED%A0%80", with(fields, text, "before%ED%A0%80after"),
                    BadInput.BAD_REQUEST));
            kinds.add(form("overlong UTF-8 %C0%AF", with(fields, text, "before%C0%AFafter"), BadInput.BAD_REQUEST));
            byte[] raw = utf8(with(fields, text, "before\u0001after"));
            for (int i = 0; i < raw.length; i++) {
                if (raw[i] == 1) {
                    raw[i] = (byte) 0xFF;
                }
            }
            kinds.add(new Kind("unencoded invalid UTF-8 byte", raw, FORM, BadInput.BAD_REQUEST));
            kinds.add(form("invalid UTF-8 in a field name", s + "&extra%FF=1", BadInput.BAD_REQUEST));
            kinds.add(form("NUL and control chars", with(fields, text, "a%00b%07c%1B[31m"), BadInput.BAD_REQUEST));
            kinds.add(form("malformed percent-encoding %zz", with(fields, text, "before%zzafter"),
                    BadInput.BAD_REQUEST));
            kinds.add(form("truncated percent-encoding %E2%8", with(fields, text, "before%E2%8"),
                    BadInput.BAD_REQUEST));
            kinds.add(form("duplicate fields", s + "&" + text + "=" + encode("a second " + text),
                    BadInput.BAD_REQUEST));
        }
        if (target.requiredField() != null) {
            Map<String, String> without = new LinkedHashMap<>(fields);
            without.remove(target.requiredField());
            kinds.add(form("drop required field " + target.requiredField(), encode(without), BadInput.BAD_REQUEST));
            kinds.add(form("required field empty " + target.requiredField(), with(fields, target.requiredField(), ""),
                    BadInput.BAD_REQUEST));
        }
        if (target.enumField() != null) {
            kinds.add(form("unknown enum value in " + target.enumField(), with(fields, target.enumField(),
                    "NO_SUCH_VALUE"),
                    BadInput.BAD_REQUEST));
        }
        kinds.removeIf(k -> target.except().contains(k.name()));
        return kinds;
    }

    /**
     * Fires every kind at every target, signed in as the target's role by {@code session} (the headers of a browser
     * of this site: the session cookie, Origin); reports all failures together and returns the number of requests.
     */
    public static int verifyAll(List<Target> targets, Function<String, Map<String, String>> session,
            Supplier<?> state) {
        SoftAssertions soft = new SoftAssertions();
        int fired = 0;
        for (Target target : targets) {
            List<Kind> kinds = catalogue(target);
            int n = BadInput.verifyKinds(target.toString(), kinds, k -> BadInput.send("POST", target.path(),
                    session.apply(target.role()), k, target.maxBodyBytes()), BadForm::assertRefused, state, soft);
            soft.assertThat(n).as("kinds fired at %s", target).isGreaterThanOrEqualTo(parse(target.sample()).isEmpty()
                    ? 4
                    : 15);
            fired += n;
        }
        soft.assertAll();
        return fired;
    }

    private static final Pattern STACK_TRACE = Pattern.compile(
            "\\tat |\\bat [\\w$.]+\\([\\w$]+\\.java:\\d+\\)|\\b[a-z]\\w*(\\.[a-z]\\w*)+\\.[A-Z]\\w*(Exception|Error)\\b");

    /** A refusal a browser can show: a problem or an HTML page, no stack trace, no session cookie. */
    public static void assertRefused(Kind kind, Answer r, String where, SoftAssertions soft) {
        String type = r.contentType() == null ? "" : r.contentType();
        soft.assertThat(type).as("content type of %s", where).matches("(application/problem\\+json|text/html)(;.*)?");
        if (type.startsWith("application/problem+json")) {
            soft.assertThat(r.json().path("title").asText()).as("title of %s", where).isNotBlank();
            soft.assertThat(r.json().path("status").asInt()).as("status field of %s", where).isEqualTo(r.statusCode());
        } else if (type.startsWith("text/html")) {
            soft.assertThat(r.body()).as("page of %s", where).containsIgnoringCase("<html");
        }
        soft.assertThat(STACK_TRACE.matcher(r.body()).find()).as("a stack trace in the answer to %s: %s", where,
                BadInput.abbreviate(r.body())).isFalse();
        soft.assertThat(r.setCookies()).as("cookies set by %s", where).allSatisfy(c -> soft.assertThat(c)
                .as("a session set by %s", where).matches("[^=]+=(;.*)?"));
    }

    // ---- helpers

    private static Kind form(String name, String body, Set<Integer> expected) {
        return new Kind(name, utf8(body), FORM, expected);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The sample's fields in order, decoded. */
    static Map<String, String> parse(String form) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (form.isEmpty()) {
            return fields;
        }
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            fields.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return fields;
    }

    private static String encode(Map<String, String> fields) {
        StringBuilder out = new StringBuilder();
        fields.forEach((k, v) -> out.append(out.isEmpty() ? "" : "&").append(encode(k)).append('=').append(encode(v)));
        return out.toString();
    }

    /** The form with {@code field} set to {@code rawValue}, which is put in as it is (already percent-encoded). */
    private static String with(Map<String, String> fields, String field, String rawValue) {
        StringBuilder out = new StringBuilder();
        fields.forEach((k, v) -> out.append(out.isEmpty() ? "" : "&").append(encode(k)).append('=')
                .append(k.equals(field) ? rawValue : encode(v)));
        if (!fields.containsKey(field)) {
            out.append(out.isEmpty() ? "" : "&").append(encode(field)).append('=').append(rawValue);
        }
        return out.toString();
    }
}
