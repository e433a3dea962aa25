package io.earshot.escalation.crisis;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP server standing in for a Slack incoming webhook. It answers 503 to the first request (so that the
 * retry is exercised) and 200 afterwards, and keeps every body it received.
 */
public class WebhookFixture implements QuarkusTestResourceLifecycleManager {
    static final ConcurrentLinkedQueue<String> BODIES = new ConcurrentLinkedQueue<>();
    static final AtomicInteger REQUESTS = new AtomicInteger();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/hook", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                boolean fail = REQUESTS.getAndIncrement() == 0;
                if (!fail) {
                    BODIES.add(body);
                }
                exchange.sendResponseHeaders(fail ? 503 : 200, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
        return Map.of("earshot.crisis.webhooks", "http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    static List<String> bodies() {
        return List.copyOf(BODIES);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
