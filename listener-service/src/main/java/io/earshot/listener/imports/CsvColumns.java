package io.earshot.listener.imports;

import io.earshot.platform.http.ProblemException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How CSV columns map to mention fields. By default a column is recognised by its header (case, spaces, '_' and '-'
 * ignored): {@code externalId|id}, {@code text|message|body|content|comment|answer|review},
 * {@code createdAt|created_at|timestamp|date|time}, {@code author|author_id|user|customer|customer_id},
 * {@code handle}, {@code displayName|name}, {@code url|link}, {@code lang|language}, {@code source}, {@code brand}.
 * {@code columns=text:Feedback,createdAt:Submitted} maps fields to headers explicitly; other columns are ignored.
 */
public record CsvColumns(Map<String, String> explicit, char delimiter) {
    static final Map<String, List<String>> ALIASES = aliases();

    private static Map<String, List<String>> aliases() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("externalId", List.of("externalid", "id"));
        m.put("text", List.of("text", "message", "body", "content", "comment", "answer", "review"));
        m.put("createdAt", List.of("createdat", "timestamp", "date", "time"));
        m.put("author", List.of("author", "authorid", "user", "customer", "customerid"));
        m.put("handle", List.of("handle", "authorhandle"));
        m.put("displayName", List.of("displayname", "name", "authorname"));
        m.put("url", List.of("url", "link"));
        m.put("lang", List.of("lang", "language"));
        m.put("source", List.of("source"));
        m.put("brand", List.of("brand"));
        return Map.copyOf(m);
    }

    /** Parses the {@code columns} and {@code delimiter} query parameters; bad ones are a 400 naming the parameter. */
    public static CsvColumns parse(String columns, String delimiter) {
        Map<String, String> explicit = new LinkedHashMap<>();
        if (columns != null && !columns.isBlank()) {
            for (String pair : columns.split(",")) {
                int colon = pair.indexOf(':');
                String field = colon < 0 ? "" : pair.substring(0, colon).trim();
                String header = colon < 0 ? "" : pair.substring(colon + 1).trim();
                if (!ALIASES.containsKey(field) || header.isEmpty()) {
                    throw ProblemException.badRequest("columns",
                            "must be field:header pairs separated by commas, fields one of " + String.join(", ", ALIASES
                                    .keySet()));
                }
                explicit.put(field, header);
            }
        }
        char d;
        if (delimiter == null || delimiter.isEmpty()) {
            d = ',';
        } else if (delimiter.equals("tab") || delimiter.equals("\t")) {
            d = '\t';
        } else if (delimiter.length() == 1 && ",;|".contains(delimiter)) {
            d = delimiter.charAt(0);
        } else {
            throw ProblemException.badRequest("delimiter", "must be one of , ; | or tab");
        }
        return new CsvColumns(Map.copyOf(explicit), d);
    }

    /** Column index per field for this header; a file without a text column cannot be imported. */
    Map<String, Integer> resolve(List<String> header) throws ImportRunner.ImportFailure {
        Map<String, Integer> index = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : explicit.entrySet()) {
            int at = find(header, e.getValue(), false);
            if (at < 0) {
                throw new ImportRunner.ImportFailure("columns maps " + e.getKey() + " to '" + e.getValue()
                        + "', but the header has no such column");
            }
            index.put(e.getKey(), at);
        }
        for (Map.Entry<String, List<String>> e : ALIASES.entrySet()) {
            if (index.containsKey(e.getKey())) {
                continue;
            }
            for (String alias : e.getValue()) {
                int at = find(header, alias, true);
                if (at >= 0 && !index.containsValue(at)) {
                    index.put(e.getKey(), at);
                    break;
                }
            }
        }
        if (!index.containsKey("text")) {
            throw new ImportRunner.ImportFailure("the header has no text column (" + String.join(", ", ALIASES.get(
                    "text"))
                    + "); name one with columns=text:<header>");
        }
        return index;
    }

    private static int find(List<String> header, String name, boolean normalised) {
        for (int i = 0; i < header.size(); i++) {
            String h = header.get(i).strip();
            if (i == 0 && h.startsWith("\uFEFF")) {
                h = h.substring(1);
            }
            if (normalised ? normalise(h).equals(name) : h.equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static String normalise(String header) {
        return header.toLowerCase(Locale.ROOT).replaceAll("[\\s_-]", "");
    }
}
