package io.earshot.listener.sources;

import io.earshot.platform.http.Problem;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Helpers for connectors' {@link Connector#validate}. */
public final class ConfigChecks {
    private ConfigChecks() {}

    /** Rejects keys the connector does not know; returns a mutable copy. */
    public static Map<String, String> known(Map<String, String> config, Set<String> keys,
            List<Problem.FieldError> errors) {
        Map<String, String> out = new LinkedHashMap<>();
        config.forEach((k, v) -> {
            if (keys.contains(k)) {
                out.put(k, v == null ? null : v.strip());
            } else {
                errors.add(new Problem.FieldError("config." + k, "is not a setting of this kind; known: " + String.join(
                        ", ", keys.stream().sorted().toList())));
            }
        });
        return out;
    }

    /** An absolute http(s) URL without query or fragment (a base URL); trailing slashes are dropped. */
    public static void baseUrl(Map<String, String> c, String key, String fallback, List<Problem.FieldError> errors) {
        String v = c.get(key);
        if (v == null || v.isEmpty()) {
            if (fallback == null) {
                errors.add(new Problem.FieldError("config." + key, "is required"));
                return;
            }
            v = fallback;
        }
        if (!isHttpUrl(v)) {
            errors.add(new Problem.FieldError("config." + key, "must be an absolute http(s) URL"));
            return;
        }
        c.put(key, v.replaceAll("/+$", ""));
    }

    public static boolean isHttpUrl(String v) {
        if (v == null || v.length() > 2048) {
            return false;
        }
        try {
            URI u = new URI(v);
            return ("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme())) && u
                    .getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    public static void required(Map<String, String> c, String key, Pattern pattern, String rule,
            List<Problem.FieldError> errors) {
        String v = c.get(key);
        if (v == null || v.isEmpty()) {
            errors.add(new Problem.FieldError("config." + key, "is required"));
        } else if (!pattern.matcher(v).matches()) {
            errors.add(new Problem.FieldError("config." + key, rule));
        }
    }

    public static void optionalInt(Map<String, String> c, String key, int min, int max,
            List<Problem.FieldError> errors) {
        String v = c.get(key);
        if (v == null || v.isEmpty()) {
            c.remove(key);
            return;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new Problem.FieldError("config." + key, "must be a whole number from " + min + " to " + max));
    }

    public static int intOr(SourceConfig s, String key, int fallback) {
        String v = s.get(key);
        return v == null || v.isBlank() ? fallback : Integer.parseInt(v);
    }
}
