package io.earshot.listener.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.earshot.listener.sources.FixtureServer.Reply;
import io.earshot.listener.sources.bluesky.BlueskyConnector;
import io.earshot.listener.sources.hackernews.HackerNewsConnector;
import io.earshot.listener.sources.mastodon.MastodonConnector;
import io.earshot.listener.sources.reddit.RedditConnector;
import io.earshot.platform.outbound.AddressPolicy;
import io.earshot.platform.outbound.OutboundException;
import io.earshot.platform.outbound.OutboundHttp;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each JSON connector against a loopback fixture, without Quarkus: errors, Retry-After, bad payloads. */
class ConnectorPayloadsTest {
    final FixtureServer server = new FixtureServer();
    final ObjectMapper mapper = new ObjectMapper();
    static final Vertx VERTX = Vertx.vertx();
    final OutboundHttp client = new OutboundHttp(VERTX, AddressPolicy.allowing(List.of("127.0.0.1")),
            OutboundHttp.SYSTEM,
            new OutboundHttp.Options(Duration.ofSeconds(30), 4096, 5, "Earshot-test"));
    final SourceHttp http = new SourceHttp(client, Duration.ofHours(1));

    @AfterEach
    void close() {
        client.close();
        server.close();
    }

    @AfterAll
    static void closeVertx() {
        VERTX.close().toCompletionStage().toCompletableFuture().join();
    }

    Connector connector(String kind) {
        return switch (kind) {
            case "mastodon" -> new MastodonConnector(http, mapper);
            case "reddit" -> new RedditConnector(http, mapper);
            case "hackernews" -> new HackerNewsConnector(http, mapper);
            default -> new BlueskyConnector(http, mapper);
        };
    }

    SourceConfig config(String kind) {
        return new SourceConfig(UUID.randomUUID(), SourceKind.of(kind).orElseThrow(), "Acme",
                Map.of("baseUrl", server.baseUrl(), "hashtag", "acme"));
    }

    Batch poll(String kind) {
        return connector(kind).poll(config(kind), Cursor.START).await().atMost(Duration.ofSeconds(40));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mastodon", "reddit", "hackernews", "bluesky"})
    void tooManyRequestsCarriesRetryAfter(String kind) {
        server.answer(r -> Reply.status(429, Map.of("Retry-After", "42"), "slow down"));
        assertThatThrownBy(() -> poll(kind)).isInstanceOfSatisfying(SourceHttpException.class, e -> {
            assertThat(e.status()).isEqualTo(429);
            assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(42));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"mastodon", "reddit", "hackernews", "bluesky"})
    void serviceUnavailableWithAnHttpDateAndPlain500s(String kind) {
        server.answer(r -> Reply.status(503, Map.of("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"), ""));
        assertThatThrownBy(() -> poll(kind)).isInstanceOfSatisfying(SourceHttpException.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.retryAfter()).isEqualTo(Duration.ZERO);
        });
        server.answer(r -> Reply.status(500, Map.of(), "oops"));
        assertThatThrownBy(() -> poll(kind)).isInstanceOfSatisfying(SourceHttpException.class,
                e -> assertThat(e.retryAfter()).isNull());
    }

    @ParameterizedTest
    @ValueSource(strings = {"mastodon", "reddit", "hackernews", "bluesky"})
    void truncatedWrongShapeAndOversizedBodiesAreMalformed(String kind) {
        for (String body : List.of("{\"posts\": [ {\"uri\": \"at://x", "[1,2", "{\"data\":{}}", "null", "\"text\"",
                "{\"kind\":\"Listing\",\"data\":{\"children\":{}}}")) {
            server.answer(r -> Reply.json(body));
            assertThatThrownBy(() -> poll(kind)).as(body).isInstanceOf(MalformedPayloadException.class);
        }
        server.answer(r -> Reply.json("x".repeat(5000))); // past the 4096-byte cap: cut off, never parsed
        assertThatThrownBy(() -> poll(kind)).isInstanceOfSatisfying(OutboundException.class,
                e -> assertThat(e.kind()).isEqualTo(OutboundException.Kind.TOO_LARGE));
    }

    @Test
    void itemsMissingRequiredFieldsAreSkippedNotFatal() {
        server.answer(r -> Reply.json(
                "{\"posts\":[{\"uri\":\"at://a\"},{\"author\":{}},{\"uri\":\"at://did:x/app.bsky.feed.post/1\","
                        + "\"author\":{\"did\":\"did:x\",\"handle\":\"x.bsky.social\"},\"record\":{\"text\":\"acme\",\"createdAt\":\"not a date\"}},"
                        + "{\"uri\":\"at://did:x/app.bsky.feed.post/2\",\"author\":{\"did\":\"did:x\"},"
                        + "\"record\":{\"text\":\"acme ok\",\"createdAt\":\"2026-11-20T10:00:00Z\"}}]}"));
        Batch b = poll("bluesky");
        assertThat(b.items()).hasSize(1);
        assertThat(b.items().get(0).text()).isEqualTo("acme ok");
        // the link names the author's DID, which every post has, so a missing handle no longer loses it
        assertThat(b.items().get(0).url()).isEqualTo("https://bsky.app/profile/did:x/post/2");
        assertThat(b.nextCursor()).isEqualTo("2026-11-20T10:00:00Z");
    }

    @Test
    void anEmptyFirstPageKeepsNoCursor() {
        server.answer(r -> Reply.json("[]"));
        assertThat(poll("mastodon").nextCursor()).isNull();
        server.answer(r -> Reply.json("{\"hits\":[],\"nbPages\":0}"));
        assertThat(poll("hackernews").nextCursor()).isNull();
    }
}
