package io.earshot.contracts.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem detail. {@code errors} names each offending field; {@code traceId} lets support find the
 * request in the traces.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, String traceId,
        List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public record FieldError(String field, String message) {
    }

    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, null, null, List.of());
    }

    public Problem withInstance(String path, String trace) {
        return new Problem(type, title, status, detail, path, trace, errors);
    }

    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, instance, traceId, fieldErrors);
    }
}
