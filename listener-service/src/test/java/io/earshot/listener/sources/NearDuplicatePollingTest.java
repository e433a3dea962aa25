package io.earshot.listener.sources;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.earshot.contracts.Ids;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.Mention;
import io.earshot.contracts.events.NearDuplicate;
import io.earshot.listener.sources.FixtureServer.Reply;
import io.earshot.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Reposts seen across two polls of one source and by a second source end up in one near-duplicate cluster. */
@QuarkusTest
class NearDuplicatePollingTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    final String run = UUID.randomUUID().toString().substring(0, 8);
    final List<FixtureServer> servers = new ArrayList<>();
    final List<String> sources = new ArrayList<>();

    @AfterEach
    void tearDown() {
        sources.forEach(id -> given().header("Authorization", TestTokens.bearer("admin")).delete(SourceApi.PATH + "/"
                + id));
        servers.forEach(FixtureServer::close);
    }

    String status(String id, String content) {
        return FixtureServer.resource("mastodon/status.json").replace("{{run}}", run).replace("{{id}}", id)
                .replace("{{content}}", content);
    }

    FixtureServer server(java.util.function.Function<FixtureServer.Request, Reply> handler) {
        FixtureServer s = new FixtureServer().answer(handler);
        servers.add(s);
        return s;
    }

    static int status(String externalId) {
        return given().header("Authorization", TestTokens.bearer("analyst"))
                .get("/api/v1/mentions/" + Ids.mentionId("mastodon", externalId)).then().extract().statusCode();
    }

    static NearDuplicate nearDuplicate(String externalId) {
        String json = given().header("Authorization", TestTokens.bearer("analyst"))
                .get("/api/v1/mentions/" + Ids.mentionId("mastodon", externalId)).then().statusCode(200).extract()
                .asString();
        return EventCodec.decode(json, Mention.class).nearDuplicate();
    }

    String uri(String id) {
        return "https://mastodon.example/users/cat/statuses/" + run + "-" + id;
    }

    @Test
    void repostsAcrossTwoPollsAndTwoSourcesFormOneClusterAndUnrelatedTextsDoNot() {
        String campaign = "acme refund scandal " + run + " share this before they delete it";
        AtomicInteger polls = new AtomicInteger();
        // First poll: the original and an unrelated post; later polls: a repost of the original.
        FixtureServer first = server(r -> polls.incrementAndGet() == 1
                ? Reply.json("[" + status("3002", "acme outage again " + run + ", the app will not load my orders")
                        + ","
                        + status("3001", campaign) + "]")
                : Reply.json("[" + status("3003", "@bob " + campaign + "!!") + "]"));
        sources.add(SourceApi.createId(SourceApi.mastodon(first.baseUrl(), "acme", "acme", "PT0.3S", null)));
        await().atMost(WAIT).until(() -> status(uri("3003")) == 200);
        FixtureServer second = server(r -> Reply.json("[" + status("4001", "Acme REFUND scandal " + run
                + ": share this, before they delete it") + "]"));
        sources.add(SourceApi.createId(SourceApi.mastodon(second.baseUrl(), "acme", "acme", "PT1H", null)));
        await().atMost(WAIT).until(() -> status(uri("4001")) == 200);

        UUID original = Ids.mentionId("mastodon", uri("3001"));
        assertThat(nearDuplicate(uri("3001")).clusterId()).isEqualTo(original);
        assertThat(nearDuplicate(uri("3003"))).extracting(NearDuplicate::clusterId, NearDuplicate::clusterSize)
                .containsExactly(original, 2);
        assertThat(nearDuplicate(uri("4001"))).extracting(NearDuplicate::clusterId, NearDuplicate::clusterSize)
                .containsExactly(original, 3);
        NearDuplicate unrelated = nearDuplicate(uri("3002"));
        assertThat(unrelated.clusterId()).isEqualTo(Ids.mentionId("mastodon", uri("3002")));
        assertThat(unrelated.clusterSize()).isEqualTo(1);
    }
}
