import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo analyst's review, so that a newcomer opening /ui/maps sees populated persona maps: waits until map-service's
 * review queue (GET /api/v1/clusters) of each given persona has settled (the same items on three polls in a row, or
 * the timeout), then validates its top clusters by impact (POST /api/v1/clusters/{id}/validate, which validates a
 * cluster's facets in other zones with it) with the analyst token it is given, and prints one line per validated
 * cluster. The rest stays in the queue for a real analyst at /ui/clusters. Usage:
 * java infra/demo/ValidateClusters.java MAP_URL ANALYST_TOKEN BRAND TOP PERSONA...
 */
public class ValidateClusters {
    static final Duration TIMEOUT = Duration.ofSeconds(Long.parseLong(System.getenv().getOrDefault(
            "EARSHOT_DEMO_REVIEW_TIMEOUT", "120")));

    public static void main(String[] args) throws Exception {
        String map = args[0];
        String token = args[1];
        String brand = args[2];
        int top = Integer.parseInt(args[3]);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        int validated = 0;
        // One snapshot of every persona's queue (items and the clusters waiting below it): settled when it has items
        // and has not changed for three polls in a row.
        Map<String, List<Object>> queues = new LinkedHashMap<>();
        String last = null;
        int same = 0;
        while (System.nanoTime() < deadline && same < 3) {
            StringBuilder now = new StringBuilder();
            for (int a = 4; a < args.length; a++) {
                String body = get(http, map + "/api/v1/clusters?brand=" + enc(brand) + "&persona=" + enc(args[a])
                        + "&limit=" + top, token);
                Object queue = new Json(body).value();
                queues.put(args[a], items(queue));
                now.append(args[a]).append(queues.get(args[a]).stream().map(i -> ((Map<?, ?>) i).get("id") + "/"
                        + stat(i, "mentions")).toList()).append(((Map<?, ?>) queue).get("waiting")).append(';');
            }
            boolean any = queues.values().stream().anyMatch(l -> !l.isEmpty());
            same = any && now.toString().equals(last) ? same + 1 : 0;
            last = now.toString();
            Thread.sleep(2_000); // polling the running services for the feed to be processed, not a test
        }
        for (Map.Entry<String, List<Object>> q : queues.entrySet()) {
            String persona = q.getKey();
            List<Object> items = q.getValue();
            if (items.isEmpty()) {
                System.out.println("persona " + persona + ": no cluster reached the review queue within " + TIMEOUT.toSeconds() + " s");
            }
            for (Object i : items) {
                Map<?, ?> c = (Map<?, ?>) i;
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(map + "/api/v1/clusters/" + c.get("id")
                        + "/validate")).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    validated++;
                    System.out.println("persona " + persona + ", " + c.get("zone") + ": \u201c" + c.get("statement")
                            + "\u201d (" + stat(i, "mentions") + " mentions from " + stat(i, "authors") + " authors)");
                } else if (r.statusCode() != 409) {
                    System.out.println("persona " + persona + ": validating cluster " + c.get("id") + " answered HTTP "
                            + r.statusCode());
                }
            }
        }
        System.out.println("validated " + validated + " insight clusters");
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static Object stat(Object cluster, String name) {
        Object stats = ((Map<?, ?>) cluster).get("stats");
        return stats instanceof Map<?, ?> m ? m.get(name) : null;
    }

    static String get(HttpClient http, String url, String token) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + " answered HTTP " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    @SuppressWarnings("unchecked")
    static List<Object> items(Object queue) {
        Object items = queue instanceof Map<?, ?> m ? m.get("items") : null;
        return items instanceof List<?> l ? (List<Object>) l : List.of();
    }

    /** Just enough JSON for the queue: objects, arrays, strings, numbers, true, false, null. */
    static final class Json {
        final String s;
        int i;

        Json(String s) {
            this.s = s;
        }

        Object value() {
            ws();
            char c = s.charAt(i);
            if (c == '{') {
                Map<String, Object> m = new LinkedHashMap<>();
                i++;
                ws();
                if (s.charAt(i) == '}') {
                    i++;
                    return m;
                }
                while (true) {
                    ws();
                    String k = string();
                    ws();
                    i++; // ':'
                    m.put(k, value());
                    ws();
                    if (s.charAt(i++) == '}') {
                        return m;
                    }
                }
            }
            if (c == '[') {
                List<Object> l = new ArrayList<>();
                i++;
                ws();
                if (s.charAt(i) == ']') {
                    i++;
                    return l;
                }
                while (true) {
                    l.add(value());
                    ws();
                    if (s.charAt(i++) == ']') {
                        return l;
                    }
                }
            }
            if (c == '"') {
                return string();
            }
            int start = i;
            while (i < s.length() && ",}] \n\r\t".indexOf(s.charAt(i)) < 0) {
                i++;
            }
            String lit = s.substring(start, i);
            return switch (lit) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                case "null" -> null;
                default -> lit;
            };
        }

        String string() {
            StringBuilder b = new StringBuilder();
            i++; // opening quote
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return b.toString();
                }
                if (c == '\\') {
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n' -> b.append('\n');
                        case 't' -> b.append('\t');
                        case 'r' -> b.append('\r');
                        case 'b' -> b.append('\b');
                        case 'f' -> b.append('\f');
                        case 'u' -> {
                            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            i += 4;
                        }
                        default -> b.append(e);
                    }
                } else {
                    b.append(c);
                }
            }
        }

        void ws() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }
    }
}
