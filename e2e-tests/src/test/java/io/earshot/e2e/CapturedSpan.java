package io.earshot.e2e;

/**
 * One span as the {@link OtlpReceiver} got it: the exporting service (resource attribute {@code service.name}), ids in
 * lowercase hex (empty parent for a root span), the span name and its kind without the {@code SPAN_KIND_} prefix
 * ({@code SERVER}, {@code CLIENT}, {@code PRODUCER}, {@code CONSUMER}, {@code INTERNAL}).
 */
public record CapturedSpan(String service, String traceId, String spanId, String parentSpanId, String name,
        String kind) {

    @Override
    public String toString() {
        return service + " " + kind + " '" + name + "' trace=" + traceId + " span=" + spanId
                + (parentSpanId.isEmpty() ? "" : " parent=" + parentSpanId);
    }
}
