package io.earshot.e2e;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** Tiny JSON-over-HTTP client for the services' REST APIs. */
public final class Api {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Api() {}

    /** Status and body of an answer; {@link #json()} parses the body. */
    public record Response(int status, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (JsonProcessingException e) {
                throw new AssertionError("not JSON (HTTP " + status + "): " + body, e);
            }
        }

        /** The {@code items} of a listing ({@code {"items":[...],"nextCursor":...}}). */
        public List<JsonNode> items() {
            List<JsonNode> items = new ArrayList<>();
            json().path("items").forEach(items::add);
            return items;
        }

        @Override
        public String toString() {
            return "HTTP " + status + " " + body;
        }
    }

    public static Response get(URI uri, String bearer) {
        return send(HttpRequest.newBuilder(uri).GET(), bearer, Map.of());
    }

    public static Response post(URI uri, String bearer, Object body, Map<String, String> headers) {
        String json;
        try {
            json = body instanceof String s ? s : JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), bearer, headers);
    }

    private static Response send(HttpRequest.Builder request, String bearer, Map<String, String> headers) {
        request.timeout(Duration.ofSeconds(30)).header("Accept", "application/json");
        if (bearer != null) {
            request.header("Authorization", bearer);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A sampled W3C trace context with a fresh trace id, to send as the {@code traceparent} header. */
    public record Trace(String traceId, String traceparent) {
        public static Trace random() {
            byte[] trace = new byte[16];
            byte[] span = new byte[8];
            ThreadLocalRandom.current().nextBytes(trace);
            ThreadLocalRandom.current().nextBytes(span);
            trace[0] |= 1; // never the invalid all-zero id
            span[0] |= 1;
            String traceId = HexFormat.of().formatHex(trace);
            return new Trace(traceId, "00-" + traceId + "-" + HexFormat.of().formatHex(span) + "-01");
        }

        public Map<String, String> header() {
            return Map.of("traceparent", traceparent);
        }
    }
}
