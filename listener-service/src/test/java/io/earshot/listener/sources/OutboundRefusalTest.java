package io.earshot.listener.sources;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.earshot.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Polls go through the outbound client (#26 findings 2 and 3): an internal address is refused when the source is
 * created or changed (422), a redirect to one at the poll, with a generic lastError, and a body past earshot.sources.http.max-body is cut off while it streams. The test
 * profile lets only 127.0.0.1 through (earshot.outbound.allow-list); 169.254.169.254 and 10.0.0.1 are refused before
 * any connection, and the redirect goes to 127.0.0.2, another loopback address outside the allow-list.
 */
@QuarkusTest
class OutboundRefusalTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    HttpServer server;
    int port;
    final List<String> seen = new CopyOnWriteArrayList<>();
    final List<String> sources = new ArrayList<>();
    final AtomicLong streamed = new AtomicLong();
    final AtomicBoolean streamCompleted = new AtomicBoolean();
    final CountDownLatch streamEnded = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            seen.add(path);
            if (path.startsWith("/redirect")) {
                ex.getResponseHeaders().add("Location", "http://127.0.0.2:" + port + "/api/v1/timelines/tag/acme");
                ex.sendResponseHeaders(302, -1);
                ex.close();
                return;
            }
            // /huge: 64 MB of a JSON array that never ends (more than the 5 MB cap)
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, 0);
            byte[] chunk = " ".repeat(64 * 1024).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            try (OutputStream out = ex.getResponseBody()) {
                out.write('[');
                for (int i = 0; i < 1024; i++) {
                    out.write(chunk);
                    streamed.addAndGet(chunk.length);
                }
                out.write(']');
                streamCompleted.set(true);
            } catch (IOException e) {
                // the listener closed the connection at the cap
            } finally {
                streamEnded.countDown();
            }
        });
        server.start();
        port = server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        sources.forEach(id -> given().header("Authorization", TestTokens.bearer("admin")).delete(SourceApi.PATH + "/"
                + id));
        server.stop(0);
    }

    String source(String baseUrl) {
        String id = SourceApi.createId(SourceApi.mastodon(baseUrl, "acme", "acme", "PT1H", null));
        sources.add(id);
        return id;
    }

    JsonPath awaitError(String id) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> SourceApi.get(id),
                p -> p.getInt("counts.errors") >= 1);
    }

    @Test
    void internalAddressesAreRefusedWhenTheSourceIsCreatedOrChanged() {
        int before = SourceApi.count();
        for (String url : List.of("http://169.254.169.254", "http://10.0.0.1:" + port, "http://[::1]:" + port,
                "http://127.0.0.2:" + port, "http://[::ffff:127.0.0.2]:" + port, "http://0.0.0.0:" + port)) {
            SourceApi.create(SourceApi.mastodon(url, "acme", "acme", "PT1H", null)).statusCode(422)
                    .contentType("application/problem+json").body("errors[0].field", org.hamcrest.Matchers.equalTo(
                            "config.baseUrl"));
        }
        assertThat(SourceApi.count()).isEqualTo(before);
        // A change to an internal address is refused too, and the source keeps its URL.
        String id = source("http://127.0.0.1:" + port + "/ok");
        given().header("Authorization", TestTokens.bearer("admin")).contentType("application/json")
                .body("{\"config\":{\"baseUrl\":\"http://169.254.169.254\",\"hashtag\":\"acme\"}}")
                .patch(SourceApi.PATH + "/" + id).then().statusCode(422).contentType("application/problem+json");
        assertThat(SourceApi.get(id).getString("config.baseUrl")).isEqualTo("http://127.0.0.1:" + port + "/ok");
        assertThat(seen).allMatch(p -> p.startsWith("/ok"));
    }

    @Test
    void aRedirectToAnInternalAddressIsRefused() {
        JsonPath s = awaitError(source("http://127.0.0.1:" + port + "/redirect"));
        assertThat(s.getString("lastError")).isEqualTo("refused: internal address");
        assertThat(seen).hasSize(1).allMatch(p -> p.startsWith("/redirect"));
    }

    @Test
    void aBodyPastTheCapIsCutOffWhileItStreams() throws InterruptedException {
        JsonPath s = awaitError(source("http://127.0.0.1:" + port + "/huge"));
        assertThat(s.getString("lastError")).isEqualTo("fetch failed");
        assertThat(streamEnded.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(streamCompleted).isFalse();
        assertThat(streamed.get()).isLessThan(64L * 1024 * 1024);
        assertThat(s.getInt("counts.accepted")).isZero();
    }
}
