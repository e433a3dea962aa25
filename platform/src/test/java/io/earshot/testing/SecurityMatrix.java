package io.earshot.testing;

import io.restassured.RestAssured;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The role matrix of DESIGN.md "Roles" as a table, checked against a running service (issue #10). A {@link Row} is one
 * request (method, a path with sample values filled in, an optional body) and the roles that may make it. {@link #check}
 * asserts, for every row:
 * <ul>
 * <li>no token: 401 {@code application/problem+json} for an API; for a web page ({@code /ui/...}) a 303 to the sign-in
 * page;</li>
 * <li>every role that is not allowed: 403 (problem+json for an API, the HTML "not for your role" page for a page);</li>
 * <li>every allowed role: neither 401 nor 403 nor any 5xx (404, 400, 409 or 2xx are all fine: the sample ids need not
 * exist);</li>
 * <li>health and metrics rows: 200 for everyone, with or without a token.</li>
 * </ul>
 * {@link #checkBadTokens} sends garbage, expired, too long-lived, tampered, wrong-issuer and wrong-audience tokens ({@link TestTokens})
 * to a few rows: each is refused like no token. {@link #assertCovers} is the guard that every JAX-RS resource method of
 * a service has a row, so a new endpoint without one fails the build. Requests go through {@link HttpClient} (redirects
 * not followed, bodies not read), so event streams answer as soon as their headers are sent.
 */
public final class SecurityMatrix {
    public static final List<String> ROLES = List.of("agent", "lead", "comms", "analyst", "admin", "service");
    private static final Pattern TEMPLATE = Pattern.compile("\\{([^}:]+)(?::\\s*([^}]+))?}");
    private static final Set<String> HTTP_METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");

    /** How the endpoint answers a request without a usable token. */
    public enum Kind {
        /** JSON API: 401 problem+json, 403 problem+json. */
        API,
        /** Web page under /ui: 303 to /ui/login, 403 HTML page. */
        PAGE,
        /**
         * Quarkus' own paths behind an HTTP permission (OpenAPI, Swagger UI): 401 with {@code WWW-Authenticate: Bearer}
         * and no body, any valid token passes.
         */
        DOCS,
        /** Needs no token at all: every caller, with or without a token, gets neither 401, 403 nor 5xx. */
        OPEN,
        /** Health and metrics: every caller, with or without a token (even a bad one), gets 200. */
        HEALTH
    }

    public record Row(String method, String path, String body, String contentType, Kind kind, Set<String> allowed) {
        public Row {
            allowed = Set.copyOf(allowed);
            for (String role : allowed) {
                if (!ROLES.contains(role)) {
                    throw new IllegalArgumentException("unknown role " + role + " in " + method + " " + path);
                }
            }
        }

        /** The same request with a JSON body. */
        public Row json(String json) {
            return new Row(method, path, json, "application/json", kind, allowed);
        }

        /** The same request with a body of the given media type. */
        public Row body(String mediaType, String content) {
            return new Row(method, path, content, mediaType, kind, allowed);
        }

        /** The same request with a form body (web pages' forms). */
        public Row form(String encoded) {
            return new Row(method, path, encoded, "application/x-www-form-urlencoded", kind, allowed);
        }

        String rawPath() {
            int q = path.indexOf('?');
            return q < 0 ? path : path.substring(0, q);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** An API row: {@code roles} may call it, every other role gets 403, no token 401. */
    public static Row api(String method, String path, String... roles) {
        return new Row(method, path, null, null, Kind.API, Set.of(roles));
    }

    /** A web page row: {@code roles} may open it, other roles get the 403 page, no session leads to sign-in. */
    public static Row page(String method, String path, String... roles) {
        Row row = new Row(method, path, null, null, Kind.PAGE, Set.of(roles));
        return "GET".equals(method) ? row : row.form("");
    }

    /** OpenAPI or Swagger UI: any role's token opens it, without one Quarkus' challenge (401) answers. */
    public static Row docs(String path) {
        return new Row("GET", path, null, null, Kind.DOCS, Set.copyOf(ROLES));
    }

    /** Health or metrics: 200 for every caller, with or without a token. */
    public static Row health(String path) {
        return new Row("GET", path, null, null, Kind.HEALTH, Set.copyOf(ROLES));
    }

    /** A row any caller may use, with or without a token. */
    public static Row open(String method, String path) {
        return new Row(method, path, null, null, Kind.OPEN, Set.copyOf(ROLES));
    }

    private final List<Row> rows;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();

    /**
     * The service's rows, plus those every Quarkus service has: OpenAPI and Swagger UI behind a token, health and
     * metrics open.
     */
    public SecurityMatrix(List<Row> rows) {
        List<Row> all = new java.util.ArrayList<>(rows);
        all.addAll(List.of(docs("/q/openapi"), docs("/q/swagger-ui/"), health("/q/health"), health("/q/health/live"),
                health("/q/health/ready"), health("/q/metrics")));
        this.rows = List.copyOf(all);
    }

    public List<Row> rows() {
        return rows;
    }

    /** No token, every role: the answers the table promises. Collects every mismatch and fails once with all of them. */
    public void check() {
        List<String> failures = new ArrayList<>();
        for (Row row : rows) {
            expectNoToken(row, send(row, null), "no token", failures);
            for (String role : ROLES) {
                String token = TestTokens.token(role);
                Answer answer = send(row, token);
                if (row.kind() == Kind.HEALTH) {
                    if (answer.status() != 200) {
                        failures.add(row + " as " + role + " (health): expected 200, got " + answer);
                    }
                } else if (row.allowed().contains(role)) {
                    if (answer.status() == 401 || answer.status() == 403 || answer.status() >= 500) {
                        failures.add(row + " as " + role + " (allowed): " + answer);
                    }
                } else if (answer.status() != 403 || !answer.type().startsWith(row.kind() == Kind.PAGE
                        ? "text/html"
                        : "application/problem+json")) {
                    failures.add(row + " as " + role + " (not allowed): expected 403, got " + answer);
                }
            }
        }
        fail(failures);
    }

    /**
     * Garbage, expired, tampered (a role raised to admin after signing), wrong-issuer and wrong-audience tokens of an
     * allowed role: every one is refused as if there were no token.
     */
    /** {@link #checkBadTokens(Row...)} on the rows named "METHOD path" exactly as in the table. */
    public void checkBadTokens(String... sample) {
        checkBadTokens(Arrays.stream(sample).map(name -> rows.stream().filter(r -> r.toString().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no row " + name))).toArray(Row[]::new));
    }

    public void checkBadTokens(Row... sample) {
        List<String> failures = new ArrayList<>();
        for (Row row : sample) {
            String role = row.allowed().stream().sorted().findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(row + " allows no role"));
            // Tampering raises a role to admin after signing: start from a role that is not admin already.
            String low = ROLES.stream().filter(r -> !r.equals("admin") && (row.allowed().contains(r)
                    || !row.allowed().contains("admin"))).findFirst().orElse("agent");
            List<String[]> tokens = List.of(new String[]{"garbage", "not.a.jwt"},
                    new String[]{"expired", TestTokens.expired(role)},
                    new String[]{"too long-lived", TestTokens.tooLongLived(role)},
                    new String[]{"tampered", TestTokens.tampered(low)},
                    new String[]{"wrong issuer", TestTokens.wrongIssuer(role)},
                    new String[]{"wrong audience", TestTokens.wrongAudience(role)});
            for (String[] t : tokens) {
                expectNoToken(row, send(row, t[1]), t[0] + " token", failures);
            }
        }
        fail(failures);
    }

    private static void expectNoToken(Row row, Answer answer, String what, List<String> failures) {
        switch (row.kind()) {
            case API -> {
                if (answer.status() != 401 || !answer.type().startsWith("application/problem+json")) {
                    failures.add(row + " with " + what + ": expected 401 problem+json, got " + answer);
                }
            }
            case PAGE -> {
                if (answer.status() != 303 || !answer.location().contains("/ui/login")) {
                    failures.add(row + " with " + what + ": expected 303 to /ui/login, got " + answer);
                }
            }
            case DOCS -> {
                if (answer.status() != 401 || !answer.challenge().startsWith("Bearer")) {
                    failures.add(row + " with " + what + ": expected 401 with WWW-Authenticate: Bearer, got " + answer);
                }
            }
            case HEALTH -> {
                if (answer.status() != 200) {
                    failures.add(row + " with " + what + " (health): expected 200, got " + answer);
                }
            }
            case OPEN -> {
                if (answer.status() == 401 || answer.status() == 403 || answer.status() >= 500) {
                    failures.add(row + " with " + what + " (open): " + answer);
                }
            }
        }
    }

    private static void fail(List<String> failures) {
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.size() + " role-matrix mismatches:\n  " + String.join("\n  ", failures));
        }
    }

    /** Status, Content-Type, Location and WWW-Authenticate of an answer; the body is not read. */
    public record Answer(int status, String type, String location, String challenge) {
        @Override
        public String toString() {
            return status + " " + type + (location.isEmpty() ? "" : " -> " + location);
        }
    }

    /** Sends {@code row} with {@code token} as Bearer ({@code null}: no Authorization header). */
    public Answer send(Row row, String token) {
        HttpRequest.Builder request = request(row, token);
        try {
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            response.body().close();
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().firstValue("Location").orElse(""),
                    response.headers().firstValue("WWW-Authenticate").orElse(""));
        } catch (IOException e) {
            throw new UncheckedIOException(row + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Status, Content-Type and body of an answer. */
    public record Body(int status, String type, String text) {}

    /** Sends {@code row} with {@code token} as Bearer and reads the body (never for an event stream that stays open). */
    public Body read(Row row, String token) {
        try {
            HttpResponse<String> response = http.send(request(row, token).build(), HttpResponse.BodyHandlers
                    .ofString());
            return new Body(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response
                    .body());
        } catch (IOException e) {
            throw new UncheckedIOException(row + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpRequest.Builder request(Row row, String token) {
        String base = RestAssured.baseURI + ":" + RestAssured.port;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + row.path())).timeout(Duration.ofSeconds(
                30))
                .method(row.method(), row.body() == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(row.body()));
        if (row.contentType() != null) {
            request.header("Content-Type", row.contentType());
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }

    // -----------------------------------------------------------------------------------------------------------
    // The guard: every JAX-RS resource method has a row, and every row names an endpoint.
    // -----------------------------------------------------------------------------------------------------------

    /** A JAX-RS resource method: HTTP method, path template, where it is declared. */
    public record Endpoint(String method, String template, String declaredBy) {
        Pattern pattern() {
            StringBuilder regex = new StringBuilder();
            var m = TEMPLATE.matcher(template);
            int last = 0;
            while (m.find()) {
                regex.append(Pattern.quote(template.substring(last, m.start())));
                regex.append(m.group(2) == null ? "[^/]+" : "(?:" + m.group(2).trim() + ")");
                last = m.end();
            }
            regex.append(Pattern.quote(template.substring(last)));
            return Pattern.compile(regex.toString());
        }

        /** Literal characters: the more, the more specific (JAX-RS prefers literal paths to templates). */
        int literals() {
            return TEMPLATE.matcher(template).replaceAll("").length();
        }

        @Override
        public String toString() {
            return method + " " + template + " (" + declaredBy + ")";
        }
    }

    /**
     * Fails unless every resource method of the classes annotated with {@code @Path} in packages starting with
     * {@code packagePrefix} (found in the class directories or jars that hold {@code roots}) is matched by a row, and
     * every row (except {@code /q/...} ones) matches a resource method.
     */
    public void assertCovers(String packagePrefix, Class<?>... roots) {
        List<Endpoint> endpoints = endpoints(packagePrefix, roots);
        if (endpoints.isEmpty()) {
            throw new AssertionError("no JAX-RS resource found under " + packagePrefix);
        }
        Set<Endpoint> covered = new LinkedHashSet<>();
        List<String> stale = new ArrayList<>();
        for (Row row : rows) {
            if (row.rawPath().startsWith("/q/")) {
                continue;
            }
            Optional<Endpoint> match = endpoints.stream()
                    .filter(e -> e.method().equals(row.method()) && e.pattern().matcher(row.rawPath()).matches())
                    .max(Comparator.comparingInt(Endpoint::literals));
            match.ifPresentOrElse(covered::add, () -> stale.add(row.toString()));
        }
        List<String> missing = endpoints.stream().filter(e -> !covered.contains(e)).map(Endpoint::toString).toList();
        if (!missing.isEmpty() || !stale.isEmpty()) {
            throw new AssertionError(
                    "the role matrix and the service's endpoints disagree:\n  endpoints without a row: "
                            + missing + "\n  rows without an endpoint: " + stale);
        }
    }

    /** Every JAX-RS resource method of the {@code @Path} classes under {@code packagePrefix} in the roots' locations. */
    public static List<Endpoint> endpoints(String packagePrefix, Class<?>... roots) {
        Set<String> classNames = new TreeSet<>();
        for (Class<?> root : roots) {
            classNames.addAll(classNames(root, packagePrefix));
        }
        List<Endpoint> endpoints = new ArrayList<>();
        for (String name : classNames) {
            Class<?> type;
            try {
                type = Class.forName(name, false, roots[0].getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                continue;
            }
            jakarta.ws.rs.Path classPath = type.getAnnotation(jakarta.ws.rs.Path.class);
            if (classPath == null) {
                continue;
            }
            for (Method method : type.getDeclaredMethods()) {
                String http = httpMethod(method);
                if (http == null) {
                    continue;
                }
                jakarta.ws.rs.Path sub = method.getAnnotation(jakarta.ws.rs.Path.class);
                endpoints.add(new Endpoint(http, join(classPath.value(), sub == null ? "" : sub.value()),
                        type.getSimpleName() + "." + method.getName()));
            }
        }
        return endpoints;
    }

    private static String httpMethod(Method method) {
        for (Annotation a : method.getAnnotations()) {
            jakarta.ws.rs.HttpMethod http = a.annotationType().getAnnotation(jakarta.ws.rs.HttpMethod.class);
            if (http != null && HTTP_METHODS.contains(http.value())) {
                return http.value();
            }
        }
        return null;
    }

    static String join(String classPath, String methodPath) {
        String joined = "/" + classPath + "/" + methodPath;
        joined = joined.replaceAll("/+", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }

    private static Set<String> classNames(Class<?> root, String packagePrefix) {
        String resource = root.getName().replace('.', '/') + ".class";
        java.net.URL url = root.getClassLoader().getResource(resource);
        if (url == null || !(url.getProtocol().equals("file") || url.getProtocol().equals("jar"))) {
            // Quarkus' test class loader answers with quarkus: URLs; the launcher's class path has the real files.
            url = ClassLoader.getSystemClassLoader().getResource(resource);
        }
        if (url == null) {
            throw new IllegalStateException("cannot find " + resource);
        }
        Path location;
        try {
            String spec = url.toString();
            if (spec.startsWith("jar:")) {
                location = Path.of(new URI(spec.substring(4, spec.indexOf("!/"))));
            } else {
                String dir = spec.substring(0, spec.length() - resource.length());
                location = Path.of(new URI(dir));
            }
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        String prefix = packagePrefix.replace('.', '/');
        try {
            if (Files.isDirectory(location)) {
                try (Stream<Path> files = Files.walk(location)) {
                    return files.map(p -> location.relativize(p).toString().replace('\\', '/'))
                            .filter(p -> p.startsWith(prefix) && p.endsWith(".class"))
                            .map(SecurityMatrix::className).collect(Collectors.toCollection(TreeSet::new));
                }
            }
            try (JarFile jar = new JarFile(location.toFile())) {
                return jar.stream().map(e -> e.getName()).filter(n -> n.startsWith(prefix) && n.endsWith(".class"))
                        .map(SecurityMatrix::className).collect(Collectors.toCollection(TreeSet::new));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String className(String file) {
        return file.substring(0, file.length() - ".class".length()).replace('/', '.');
    }

    /** Roles of DESIGN.md other than {@code roles}: for readable rows such as "everyone but service". */
    public static String[] allBut(String... roles) {
        List<String> excluded = Arrays.asList(roles);
        return ROLES.stream().filter(r -> !excluded.contains(r)).toArray(String[]::new);
    }
}
