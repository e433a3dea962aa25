package io.earshot.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.RestAssured;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The sweep of every operation a service's OpenAPI document ({@code /q/openapi}) lists: each is called with a token of
 * every role, with bad path parameters (not an id, an unknown id), bad query parameters (text where a number is
 * expected, negative numbers), and, where it takes a body, malformed JSON, a body of the wrong JSON shape, and the
 * documented request object with every field of the wrong type. No answer may be a server error or name a Java class
 * (a package, a class, an exception) in its body: an integrator reads the problem detail, not our stack.
 */
public final class ProblemSweep {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What an integrator must never read in an answer. */
    public static final Pattern JAVA = Pattern.compile(
            "java\\.|javax\\.|io\\.earshot|com\\.fasterxml|org\\.jboss|Exception");
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
    private static final String TOKEN = TestTokens.bearer("agent", "lead", "comms", "analyst", "admin", "service");

    /** One operation of the document. */
    public record Operation(String method, String path, JsonNode spec) {
        @Override
        public String toString() {
            return method.toUpperCase(java.util.Locale.ROOT) + " " + path;
        }
    }

    /** What the sweep saw: how many operations and requests, and every answer that broke the rules. */
    public record Result(List<Operation> operations, int requests, List<String> failures) {}

    private ProblemSweep() {}

    /** The operations of the service under test's OpenAPI document. */
    public static List<Operation> operations() throws IOException, InterruptedException {
        HttpResponse<String> r = client().send(HttpRequest.newBuilder(uri("/q/openapi?format=json"))
                .header("Authorization", TOKEN).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("/q/openapi answered " + r.statusCode());
        }
        JsonNode doc = JSON.readTree(r.body());
        List<Operation> ops = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").properties().iterator(); paths
                .hasNext();) {
            Map.Entry<String, JsonNode> p = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> m = p.getValue().properties().iterator(); m.hasNext();) {
                Map.Entry<String, JsonNode> op = m.next();
                if (METHODS.contains(op.getKey())) {
                    ops.add(new Operation(op.getKey(), p.getKey(), resolve(doc, op.getValue())));
                }
            }
        }
        return ops;
    }

    /**
     * Sweeps (see {@link #sweep}) and asserts: the document lists operations, each got its requests, and no answer
     * failed the server or named a Java class.
     */
    public static Result verify(Set<String> skip) throws IOException, InterruptedException {
        Result r = sweep(skip);
        org.assertj.core.api.Assertions.assertThat(r.operations()).as("operations in /q/openapi").hasSizeGreaterThan(3);
        org.assertj.core.api.Assertions.assertThat(r.requests()).as("requests sent")
                .isGreaterThanOrEqualTo(2 * (r.operations().size() - skip.size()));
        org.assertj.core.api.Assertions.assertThat(r.failures()).isEmpty();
        return r;
    }

    /** Sweeps every operation but those of {@code skip} ("GET /api/v1/stream": endless streams, for instance). */
    public static Result sweep(Set<String> skip) throws IOException, InterruptedException {
        List<Operation> ops = operations();
        List<String> failures = new ArrayList<>();
        int requests = 0;
        HttpClient http = client();
        for (Operation op : ops) {
            if (skip.contains(op.toString()) || streams(op.spec())) {
                continue;
            }
            for (String path : paths(op)) {
                for (String query : queries(op)) {
                    for (Map.Entry<String, String> body : bodies(op).entrySet()) {
                        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path + query)).timeout(Duration.ofSeconds(
                                60))
                                .header("Authorization", TOKEN).header("Accept", "application/json");
                        if (body.getValue() == null) {
                            b.method(op.method().toUpperCase(java.util.Locale.ROOT), HttpRequest.BodyPublishers
                                    .noBody());
                        } else {
                            b.header("Content-Type", "application/json").method(op.method().toUpperCase(
                                    java.util.Locale.ROOT),
                                    HttpRequest.BodyPublishers.ofString(body.getValue()));
                        }
                        String what = op.method().toUpperCase(java.util.Locale.ROOT) + " " + path + query + " with "
                                + body.getKey();
                        HttpResponse<String> r;
                        try {
                            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                        } catch (IOException e) {
                            failures.add(what + ": no answer (" + e.getMessage() + ")");
                            continue;
                        }
                        requests++;
                        if (r.statusCode() >= 500) {
                            failures.add(what + ": " + r.statusCode() + " " + abbreviate(r.body()));
                        }
                        if (r.statusCode() >= 400 && JAVA.matcher(r.body()).find()) {
                            failures.add(what + ": names a Java class: " + abbreviate(r.body()));
                        }
                    }
                }
            }
        }
        return new Result(ops, requests, failures);
    }

    /** Whether the operation answers with a server-sent event stream (it would not end). */
    private static boolean streams(JsonNode spec) {
        for (JsonNode response : spec.path("responses")) {
            if (response.path("content").has("text/event-stream")) {
                return true;
            }
        }
        return false;
    }

    /** The path with each parameter as something that is not an id, and as an id nobody has. */
    private static List<String> paths(Operation op) {
        if (!op.path().contains("{")) {
            return List.of(op.path());
        }
        return List.of(op.path().replaceAll("\\{[^}]+}", "not-an-id%20%3Cx%3E"),
                op.path().replaceAll("\\{[^}]+}", UUID.randomUUID().toString()));
    }

    /** No query, and every documented query parameter as text where numbers go, then as a negative number. */
    private static List<String> queries(Operation op) {
        List<String> names = new ArrayList<>();
        for (JsonNode p : op.spec().path("parameters")) {
            if ("query".equals(p.path("in").asText())) {
                names.add(p.path("name").asText());
            }
        }
        if (names.isEmpty()) {
            return List.of("");
        }
        List<String> out = new ArrayList<>(List.of(""));
        for (String value : List.of("%7B%22not%22%3A%5B1e400", "-1")) {
            StringBuilder q = new StringBuilder("?");
            for (String n : names) {
                q.append(q.length() > 1 ? "&" : "").append(URLEncoder.encode(n, StandardCharsets.UTF_8)).append('=')
                        .append(value);
            }
            out.add(q.toString());
        }
        return out;
    }

    /** The bodies to send: none for an operation without one, else malformed, of the wrong shape, of the wrong types. */
    private static Map<String, String> bodies(Operation op) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode content = op.spec().path("requestBody").path("content");
        if (!content.has("application/json")) {
            out.put("no body", null);
            return out;
        }
        out.put("malformed JSON", "{\"a\": [1, 2,");
        out.put("a JSON array of numbers", "[1, 2, 3]");
        out.put("a JSON string", "\"text\"");
        JsonNode schema = content.path("application/json").path("schema");
        out.put("every field of the wrong type", wrongTypes(schema).toString());
        return out;
    }

    /** An object (or an array of one) whose every documented field holds a value of another type. */
    private static JsonNode wrongTypes(JsonNode schema) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if ("array".equals(schema.path("type").asText())) {
            return f.arrayNode().add(wrongTypes(schema.path("items")));
        }
        ObjectNode o = f.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> props = schema.path("properties").properties().iterator(); props
                .hasNext();) {
            Map.Entry<String, JsonNode> p = props.next();
            String type = p.getValue().path("type").asText("object");
            o.set(p.getKey(), switch (type) {
                case "string" -> f.numberNode(12345);
                case "integer", "number" -> f.textNode("twelve");
                case "boolean" -> f.textNode("yes");
                case "array" -> f.objectNode().put("not", "an array");
                default -> f.arrayNode().add(true);
            });
        }
        if (o.isEmpty()) {
            o.put("notAField", 1);
        }
        return o;
    }

    /** The operation with the {@code $ref}s of its request body's schema (and their properties) inlined. */
    private static JsonNode resolve(JsonNode doc, JsonNode node) {
        return inline(doc, node.deepCopy(), 0);
    }

    private static JsonNode inline(JsonNode doc, JsonNode node, int depth) {
        if (depth > 8 || !node.isContainerNode()) {
            return node;
        }
        if (node.isObject() && node.has("$ref")) {
            String ref = node.get("$ref").asText();
            JsonNode target = doc.at(ref.startsWith("#") ? ref.substring(1) : ref);
            return target.isMissingNode() ? node : inline(doc, target.deepCopy(), depth + 1);
        }
        if (node.isObject()) {
            ObjectNode o = (ObjectNode) node;
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            for (String n : names) {
                o.set(n, inline(doc, o.get(n), depth + 1));
            }
        } else {
            for (int i = 0; i < node.size(); i++) {
                ((com.fasterxml.jackson.databind.node.ArrayNode) node).set(i, inline(doc, node.get(i), depth + 1));
            }
        }
        return node;
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(30))
                .build();
    }

    private static URI uri(String pathAndQuery) {
        return URI.create(RestAssured.baseURI + ":" + RestAssured.port + RestAssured.basePath + pathAndQuery);
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
