package io.earshot.listener.sources.rss;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.earshot.contracts.Ids;
import io.earshot.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** RSS polling through the scheduler against a loopback feed server with ETag / If-Modified-Since. */
@QuarkusTest
class RssPollingTest {
    @Test
    void conditionalGetsUseTheStoredValidatorsAnd304CostsNothing() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String body = RssConnectorTest.fixture("feed.rss.xml").replace("r1", run);
        String lastModified = "Fri, 20 Nov 2026 11:00:00 GMT";
        try (FeedServer server = new FeedServer(body, "\"v1-" + run + "\"", lastModified)) {
            String id = given().header("Authorization", TestTokens.bearer("admin")).contentType(ContentType.JSON)
                    .body("{\"kind\":\"rss\",\"brand\":\"Acme\",\"query\":\"acme AND (refund* OR outage) NOT job\",\"pollInterval\":\"PT0.3S\","
                            + "\"config\":{\"feedUrl\":\"" + server.url() + "/feed.xml\"}}")
                    .post("/api/v1/sources").then().statusCode(201).extract().path("id");
            try {
                JsonPath s = await().atMost(Duration.ofSeconds(30)).until(() -> get(id), p -> p.getInt(
                        "counts.accepted") == 1
                        && server.requests().size() >= 3);
                assertThat(s.getInt("counts.polled")).isEqualTo(3);
                assertThat(s.getInt("counts.matched")).isEqualTo(1);
                assertThat(s.getString("cursor")).contains("v1-" + run).contains("2026-11-20T10:30:00Z");
                List<Map<String, String>> requests = server.requests();
                assertThat(requests.get(0)).doesNotContainKey("if-none-match");
                assertThat(requests.get(1)).containsEntry("if-none-match", "\"v1-" + run + "\"")
                        .containsEntry("if-modified-since", lastModified);
                given().header("Authorization", TestTokens.bearer("analyst"))
                        .get("/api/v1/mentions/" + Ids.mentionId("rss", "news.example-" + run + "-3")).then()
                        .statusCode(200);
                given().header("Authorization", TestTokens.bearer("analyst"))
                        .get("/api/v1/mentions/" + Ids.mentionId("rss", "news.example-" + run + "-2")).then()
                        .statusCode(404);
            } finally {
                given().header("Authorization", TestTokens.bearer("admin")).delete("/api/v1/sources/" + id);
            }
        }
    }

    static JsonPath get(String id) {
        return given().header("Authorization", TestTokens.bearer("admin")).get("/api/v1/sources/" + id).then()
                .statusCode(200)
                .extract().jsonPath();
    }

    /** Serves the feed with an ETag; answers 304 when the client sends it back. */
    static final class FeedServer implements AutoCloseable {
        private final com.sun.net.httpserver.HttpServer server;
        private final List<Map<String, String>> requests = new java.util.concurrent.CopyOnWriteArrayList<>();

        FeedServer(String body, String etag, String lastModified) throws java.io.IOException {
            server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress(java.net.InetAddress
                    .getLoopbackAddress(), 0), 0);
            server.createContext("/feed.xml", ex -> {
                try (ex) {
                    Map<String, String> h = new java.util.HashMap<>();
                    ex.getRequestHeaders().forEach((k, v) -> h.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
                    requests.add(h);
                    ex.getResponseHeaders().add("ETag", etag);
                    ex.getResponseHeaders().add("Last-Modified", lastModified);
                    if (etag.equals(h.get("if-none-match"))) {
                        ex.sendResponseHeaders(304, -1);
                        return;
                    }
                    byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    ex.getResponseHeaders().add("Content-Type", "application/rss+xml; charset=utf-8");
                    ex.sendResponseHeaders(200, bytes.length);
                    ex.getResponseBody().write(bytes);
                }
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        List<Map<String, String>> requests() {
            return List.copyOf(requests);
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
