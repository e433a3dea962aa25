package io.earshot.listener.sources;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** A loopback HTTP server that plays a source: it records every request and answers with what the test scripted. */
final class FixtureServer implements AutoCloseable {
    record Request(String path, Map<String, String> query, Map<String, List<String>> headers, java.time.Instant at) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    /** An answer: {@code raw} bytes when given (a feed in another encoding), else {@code body} as UTF-8. */
    record Reply(int status, Map<String, String> headers, String body, byte[] raw) {
        Reply(int status, Map<String, String> headers, String body) {
            this(status, headers, body, null);
        }

        static Reply json(String body) {
            return new Reply(200, Map.of("Content-Type", "application/json; charset=utf-8"), body);
        }

        static Reply status(int status, Map<String, String> headers, String body) {
            return new Reply(status, headers, body);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    /** Released when the test ends, so handlers that simulate a hanging source let go. */
    final CountDownLatch release = new CountDownLatch(1);
    private volatile Function<Request, Reply> handler = r -> Reply.status(404, Map.of(), "");

    FixtureServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    FixtureServer answer(Function<Request, Reply> h) {
        this.handler = h;
        return this;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Blocks the fixture's own handler thread (never a test or event-loop thread) until the test ends. */
    boolean hang(long seconds) {
        try {
            return release.await(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            Map<String, String> query = new LinkedHashMap<>();
            String raw = ex.getRequestURI().getRawQuery();
            if (raw != null) {
                for (String pair : raw.split("&")) {
                    int eq = pair.indexOf('=');
                    String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                    String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                    query.put(k, v);
                }
            }
            Request request = new Request(ex.getRequestURI().getPath(), query, Map.copyOf(ex.getRequestHeaders()),
                    java.time.Instant.now());
            requests.add(request);
            Reply reply = handler.apply(request);
            reply.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            byte[] body = reply.raw() != null
                    ? reply.raw()
                    : reply.body() == null ? new byte[0] : reply.body().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(reply.status(), reply.status() == 304 || body.length == 0 ? -1 : body.length);
            if (body.length > 0 && reply.status() != 304) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    static String resource(String path) {
        try (InputStream in = FixtureServer.class.getResourceAsStream("/fixtures/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
