package io.earshot.map.ui;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;

/** Links between the map pages: path segments and query values percent-encoded, parameters without a value left out. */
final class Paths {
    private Paths() {}

    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String canvas(String brand, String persona) {
        return "/ui/maps/" + segment(brand) + "/" + segment(persona);
    }

    /** {@code path?k1=v1&k2=v2} with the pairs whose value is null or blank left out. */
    static String query(String path, String... pairs) {
        StringJoiner q = new StringJoiner("&");
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (pairs[i + 1] != null && !pairs[i + 1].isBlank()) {
                q.add(pairs[i] + "=" + URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
            }
        }
        return q.length() == 0 ? path : path + "?" + q;
    }
}
