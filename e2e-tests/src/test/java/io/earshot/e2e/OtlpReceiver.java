package io.earshot.e2e;

import com.google.protobuf.InvalidProtocolBufferException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

/**
 * A minimal OTLP/HTTP trace receiver in the test JVM: {@code POST /v1/traces} with a protobuf
 * {@code ExportTraceServiceRequest} (gzip or not), answered with an empty {@code ExportTraceServiceResponse}. It keeps
 * every span it got, so tests can ask which services took part in a trace. Point a service at it with
 * {@code EARSHOT_OTLP_ENDPOINT=}{@link #endpoint()} and {@code EARSHOT_OTLP_PROTOCOL=http/protobuf}.
 */
public final class OtlpReceiver implements AutoCloseable {
    private static final HexFormat HEX = HexFormat.of();
    private static final String PROTOBUF = "application/x-protobuf";

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<CapturedSpan> spans = new CopyOnWriteArrayList<>();
    private final List<String> rejected = new CopyOnWriteArrayList<>();
    private final AtomicInteger exports = new AtomicInteger();

    private OtlpReceiver(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Listens on a free loopback port. */
    public static OtlpReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "otlp-receiver");
                t.setDaemon(true);
                return t;
            });
            OtlpReceiver receiver = new OtlpReceiver(server, executor);
            server.createContext("/", receiver::handle);
            server.setExecutor(executor);
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the OTLP receiver", e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Base URL for the exporters; they append {@code /v1/traces}. */
    public String endpoint() {
        return "http://127.0.0.1:" + port();
    }

    /** Every span received so far. */
    public List<CapturedSpan> spans() {
        return List.copyOf(spans);
    }

    public List<CapturedSpan> spans(String traceId) {
        return spans.stream().filter(s -> s.traceId().equals(traceId)).toList();
    }

    /** The {@code service.name}s that exported spans of the trace, in order of arrival. */
    public Set<String> services(String traceId) {
        Set<String> services = new LinkedHashSet<>();
        spans(traceId).forEach(s -> services.add(s.service()));
        return services;
    }

    /** Number of export requests accepted. */
    public int exports() {
        return exports.get();
    }

    /** Requests that were not a valid trace export (method, path or body), for diagnostics. */
    public List<String> rejected() {
        return List.copyOf(rejected);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            byte[] body = readBody(exchange);
            if (!"POST".equals(method) || !path.endsWith("/v1/traces")) {
                rejected.add(method + " " + path);
                respond(exchange, 404, new byte[0], "text/plain");
                return;
            }
            ExportTraceServiceRequest request;
            try {
                request = ExportTraceServiceRequest.parseFrom(body);
            } catch (InvalidProtocolBufferException e) {
                rejected.add(method + " " + path + " content-type=" + exchange.getRequestHeaders().getFirst(
                        "Content-Type")
                        + ": " + e.getMessage());
                respond(exchange, 400, new byte[0], "text/plain");
                return;
            }
            collect(request);
            exports.incrementAndGet();
            respond(exchange, 200, ExportTraceServiceResponse.getDefaultInstance().toByteArray(), PROTOBUF);
        }
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        InputStream in = exchange.getRequestBody();
        if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
            in = new GZIPInputStream(in);
        }
        try (InputStream body = in) {
            return body.readAllBytes();
        }
    }

    private void collect(ExportTraceServiceRequest request) {
        for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
            String service = resourceSpans.getResource().getAttributesList().stream()
                    .filter(a -> a.getKey().equals("service.name"))
                    .map(KeyValue::getValue)
                    .map(v -> v.getStringValue())
                    .findFirst().orElse("");
            for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                for (Span span : scopeSpans.getSpansList()) {
                    spans.add(new CapturedSpan(service,
                            HEX.formatHex(span.getTraceId().toByteArray()),
                            HEX.formatHex(span.getSpanId().toByteArray()),
                            HEX.formatHex(span.getParentSpanId().toByteArray()),
                            span.getName(),
                            span.getKind().name().replaceFirst("^SPAN_KIND_", "")));
                }
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, byte[] body, String contentType) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
