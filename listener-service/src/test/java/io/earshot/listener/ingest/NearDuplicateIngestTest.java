package io.earshot.listener.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.earshot.contracts.Ids;
import io.earshot.contracts.Topics;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.Mention;
import io.earshot.contracts.events.NearDuplicate;
import io.earshot.contracts.text.SimHash;
import io.earshot.testing.TestTokens;
import io.earshot.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Near-duplicate clusters through the push API: reposts join the first mention's cluster, unrelated texts do not. */
@QuarkusTest
class NearDuplicateIngestTest {
    String run;
    String brand;

    @BeforeEach
    void setUp() {
        run = UUID.randomUUID().toString().substring(0, 8);
        brand = "nd" + run;
    }

    String mention(String source, String externalId, String author, String text, String createdAt) {
        return """
                {"source":"%s","externalId":"%s","brand":"%s","author":{"id":"%s"},
                 "text":"%s","createdAt":"%s"}
                """.formatted(source, externalId, brand, author, text, createdAt);
    }

    String mention(String source, String externalId, String text) {
        return mention(source, externalId, "a-" + externalId, text, "2026-11-20T10:00:00Z");
    }

    static void post(String body) {
        MentionResourceTest.post(body, "service").statusCode(202);
    }

    static Mention stored(String source, String externalId) {
        String json = io.restassured.RestAssured.given().header("Authorization", TestTokens.bearer("analyst"))
                .get("/api/v1/mentions/" + Ids.mentionId(source, externalId)).then().statusCode(200).extract()
                .asString();
        return EventCodec.decode(json, Mention.class);
    }

    String campaign() {
        return "Acme stole my money " + run
                + " and support never answers, boycott them now https://acme.example/x?utm=1";
    }

    @Test
    void repostsFromTwoSourcesJoinTheFirstMentionsClusterAndThePublishedEventSaysSo() {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        try (TopicReader raw = new TopicReader(bootstrap, Topics.MENTIONS_RAW)) {
            post(mention("mastodon", "o-" + run, campaign()));
            // The copy varies case, punctuation, a handle and the tracking parameter: still the same text.
            post(mention("forum", "c-" + run, "@bob ACME stole my money " + run
                    + " and support never answers... boycott them now! https://acme.example/x?utm=2"));
            post(mention("forum", "u-" + run, "Lovely weather in Lisbon today " + run
                    + ", the trams are running on time"));

            Mention first = stored("mastodon", "o-" + run);
            Mention copy = stored("forum", "c-" + run);
            Mention unrelated = stored("forum", "u-" + run);
            assertThat(first.nearDuplicate()).isEqualTo(new NearDuplicate(SimHash.hex(SimHash.fingerprint(first
                    .text())), first.id(), 1));
            assertThat(copy.nearDuplicate().clusterId()).isEqualTo(first.id());
            assertThat(copy.nearDuplicate().clusterSize()).isEqualTo(2);
            assertThat(unrelated.nearDuplicate().clusterId()).isEqualTo(unrelated.id());
            assertThat(unrelated.nearDuplicate().clusterSize()).isEqualTo(1);

            Mention published = EventCodec.decode(raw.awaitRecord(r -> r.value().contains(copy.id().toString()),
                    Duration.ofSeconds(30)).value(), Mention.class);
            assertThat(published.schemaVersion()).isEqualTo(Mention.SCHEMA_VERSION);
            assertThat(published.nearDuplicate()).isEqualTo(copy.nearDuplicate());
        }
    }

    @Test
    void theSameTextForAnotherBrandOrOutsideTheWindowStartsItsOwnCluster() {
        post(mention("mastodon", "w1-" + run, campaign()));
        // Eight days later (the window is seven): a new cluster.
        post(mention("mastodon", "w2-" + run, "a-w2", campaign(), "2026-11-28T10:00:01Z"));
        Mention late = stored("mastodon", "w2-" + run);
        assertThat(late.nearDuplicate().clusterId()).isEqualTo(late.id());
        String otherBrand = mention("mastodon", "b-" + run, campaign()).replace("\"brand\":\"" + brand + "\"",
                "\"brand\":\"o" + brand + "\"");
        post(otherBrand);
        Mention other = stored("mastodon", "b-" + run);
        assertThat(other.nearDuplicate().clusterId()).isEqualTo(other.id());
        assertThat(other.nearDuplicate().clusterSize()).isEqualTo(1);
    }

    @Test
    void shortTextsAreNotFingerprinted() {
        post(mention("mastodon", "s-" + run, "acme is down"));
        assertThat(stored("mastodon", "s-" + run).nearDuplicate()).isNull();
    }

    @Test
    void aCopyPasteBurstInOneBatchAndInParallelBatchesFormsOneCluster() throws Exception {
        List<String> batch = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            batch.add(mention("mastodon", "burst-" + run + "-" + i, campaign()));
        }
        post("[" + String.join(",", batch) + "]");
        UUID cluster = stored("mastodon", "burst-" + run + "-0").nearDuplicate().clusterId();
        assertThat(cluster).isEqualTo(Ids.mentionId("mastodon", "burst-" + run + "-0"));
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            NearDuplicate nd = stored("mastodon", "burst-" + run + "-" + i).nearDuplicate();
            assertThat(nd.clusterId()).isEqualTo(cluster);
            sizes.add(nd.clusterSize());
        }
        assertThat(sizes).as("each joined a cluster one larger").isEqualTo(java.util.stream.IntStream.rangeClosed(1, 20)
                .boxed().toList());

        // Eight parallel batches of a new text: one cluster, and every size from 1 to 40 handed out exactly once.
        String text = "Copy and paste this everywhere " + run + " acme is hiding the recall of the blender";
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Void>> calls = new ArrayList<>();
            for (int b = 0; b < 8; b++) {
                List<String> parallel = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    parallel.add(mention("reddit", "par-" + run + "-" + b + "-" + i, text));
                }
                calls.add(CompletableFuture.runAsync(() -> MentionResourceTest.post("[" + String.join(",", parallel)
                        + "]", "service")
                        .statusCode(202).body("accepted", equalTo(5)), pool));
            }
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60,
                    java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        Set<UUID> clusters = new HashSet<>();
        Set<Integer> parallelSizes = new HashSet<>();
        for (int b = 0; b < 8; b++) {
            for (int i = 0; i < 5; i++) {
                NearDuplicate nd = stored("reddit", "par-" + run + "-" + b + "-" + i).nearDuplicate();
                clusters.add(nd.clusterId());
                parallelSizes.add(nd.clusterSize());
            }
        }
        assertThat(clusters).hasSize(1);
        assertThat(parallelSizes).isEqualTo(new HashSet<>(java.util.stream.IntStream.rangeClosed(1, 40).boxed()
                .toList()));
    }
}
