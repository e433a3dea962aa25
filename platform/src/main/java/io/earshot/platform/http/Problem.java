package io.earshot.platform.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Comparator;
import java.util.List;

/**
 * An RFC 9457 problem detail. {@code errors} names each offending field; {@code traceId} lets support find the
 * request in the traces.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, String traceId,
        List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /**
     * One offending field: its path as clients write it ({@code items[2].text}), what is wrong, and, for a field of a
     * JSON body, its RFC 6901 JSON pointer ({@code /items/2/text}); query and path parameters have no pointer.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FieldError(String field, String message, String pointer) {
        public FieldError(String field, String message) {
            this(field, message, null);
        }

        /** The error of a field of the JSON body, with its pointer derived from the path. */
        public static FieldError inBody(String field, String message) {
            return new FieldError(field, message, pointer(field));
        }

        /** {@code items[2].text} as an RFC 6901 pointer: {@code /items/2/text} ("~" and "/" escaped). */
        public static String pointer(String field) {
            StringBuilder sb = new StringBuilder();
            StringBuilder token = new StringBuilder();
            for (int i = 0; i <= field.length(); i++) {
                char c = i < field.length() ? field.charAt(i) : '.';
                if (c == '.' || c == '[' || c == ']') {
                    if (!token.isEmpty()) {
                        sb.append('/').append(token.toString().replace("~", "~0").replace("/", "~1"));
                        token.setLength(0);
                    }
                } else {
                    token.append(c);
                }
            }
            return sb.toString();
        }
    }

    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, null, null, List.of());
    }

    /**
     * The one answer to bad fields, whoever found them (Bean Validation, Jackson, a hand-written check): a 400, or a
     * 422 for a well-formed request that cannot be accepted, with every field in {@code errors} (sorted by field)
     * and a detail naming them as {@link #detailOf} does.
     */
    public static Problem invalid(int status, List<FieldError> fieldErrors) {
        List<FieldError> sorted = fieldErrors.stream().sorted(Comparator.comparing(FieldError::field)).toList();
        String title = status == 422 ? "Unprocessable Content" : "Bad Request";
        return of(status, title, detailOf(sorted)).withErrors(sorted);
    }

    /** {@code "name: must not be blank"}, or with several {@code "3 invalid fields, first: name: must not be blank"}. */
    public static String detailOf(List<FieldError> fieldErrors) {
        FieldError first = fieldErrors.get(0);
        String one = first.field() + ": " + first.message();
        return fieldErrors.size() == 1 ? one : fieldErrors.size() + " invalid fields, first: " + one;
    }

    public Problem withInstance(String path, String trace) {
        return new Problem(type, title, status, detail, path, trace, errors);
    }

    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, instance, traceId, fieldErrors);
    }
}
