package io.earshot.map.maps;

import static io.earshot.map.maps.MapFixtures.WAIT;
import static io.earshot.map.maps.MapFixtures.arrive;
import static io.earshot.map.maps.MapFixtures.as;
import static io.earshot.map.maps.MapFixtures.brand;
import static io.earshot.map.maps.MapFixtures.candidate;
import static io.earshot.map.maps.MapFixtures.candidateJson;
import static io.earshot.map.maps.MapFixtures.map;
import static io.earshot.map.maps.MapFixtures.mention;
import static io.earshot.map.maps.MapFixtures.validate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import io.earshot.contracts.Topics;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.ErasureDone;
import io.earshot.contracts.events.ErasureRequest;
import io.earshot.contracts.events.InsightCandidate;
import io.earshot.contracts.events.Zone;
import io.earshot.map.versions.SnapshotScheduler;
import io.earshot.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Snapshots, diffs, the map at a date, scheduled snapshots, and erasure across the live map and every version. */
@QuarkusTest
class VersionsAndErasureTest {
    static final Instant RECENT = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS);

    @Inject
    SnapshotScheduler scheduler;
    @Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    /** Whether the author index holds the mention (mention_authors). */
    boolean indexed(UUID mention) {
        try {
            return io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(() -> pool
                    .preparedQuery("select 1 from mention_authors where mention_id = $1")
                    .execute(io.vertx.mutiny.sqlclient.Tuple.of(mention))).size() > 0;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonPath snapshot(String brand) {
        return as("analyst").post("/api/v1/maps/" + brand + "/default/versions").then().statusCode(201)
                .extract().jsonPath();
    }

    @Test
    void snapshotsDiffAndTheMapAtADate() {
        String brand = brand("versions");
        String logout = validate(arrive(candidate(brand, Zone.PAINS, "logout", "logs me out", RECENT)));
        String ads = validate(arrive(candidate(brand, Zone.SEES, "ads", "ads everywhere", RECENT)));
        JsonPath v1 = snapshot(brand);
        assertThat(v1.getInt("version")).isEqualTo(1);
        assertThat(v1.getInt("itemCount")).isEqualTo(2);
        Instant afterV1 = Instant.now();

        // Between the versions: more evidence on logout, ads removed, a new item.
        InsightCandidate more = arrive(candidate(brand, Zone.PAINS, "logout", "logged out again", RECENT));
        await().atMost(WAIT).until(() -> "VALIDATED".equals(candidateJson(more.id()).getString("status")));
        as("analyst").delete("/api/v1/items/" + ads).then().statusCode(204);
        as("analyst").contentType("application/json").body("{\"text\":\"Logged out every morning\"}")
                .put("/api/v1/items/" + logout).then().statusCode(200);
        String fresh = validate(arrive(candidate(brand, Zone.GAINS, "offline", "works offline", RECENT)));
        JsonPath v2 = snapshot(brand);
        assertThat(v2.getInt("version")).isEqualTo(2);

        JsonPath diff = as("service").queryParam("from", 1).queryParam("to", 2)
                .get("/api/v1/maps/" + brand + "/default/diff").then().statusCode(200).extract().jsonPath();
        assertThat(diff.getList("added.id")).containsExactly(fresh);
        assertThat(diff.getList("removed.id")).containsExactly(ads);
        assertThat(diff.getList("changed.itemId")).containsExactly(logout);
        assertThat(diff.getList("changed[0].fields")).containsExactly("text");
        assertThat(diff.getString("changed[0].before.text")).isEqualTo("logs me out");
        assertThat(diff.getString("changed[0].after.text")).isEqualTo("Logged out every morning");
        assertThat(diff.getInt("from")).isEqualTo(1);
        assertThat(diff.getInt("to")).isEqualTo(2);
        // The reverse diff mirrors it.
        JsonPath back = as("service").queryParam("from", 2).queryParam("to", 1)
                .get("/api/v1/maps/" + brand + "/default/diff").then().statusCode(200).extract().jsonPath();
        assertThat(back.getList("added.id")).containsExactly(ads);
        assertThat(back.getList("removed.id")).containsExactly(fresh);
        assertThat(back.getInt("evidenceGrowth.find { it.itemId == '" + logout + "' }.delta")).isEqualTo(-1);
        assertThat(diff.getList("evidenceGrowth.itemId")).containsExactlyInAnyOrder(logout, fresh);
        assertThat(diff.getInt("evidenceGrowth.find { it.itemId == '" + logout + "' }.delta")).isEqualTo(1);
        assertThat(diff.getInt("evidenceGrowth.find { it.itemId == '" + logout + "' }.to")).isEqualTo(2);

        // A version keeps what the map was, with its evidence.
        as("comms").get("/api/v1/maps/" + brand + "/default/versions/1").then().statusCode(200)
                .body("version", equalTo(1)).body("zones.SEES[0].id", equalTo(ads))
                .body("zones.PAINS[0].evidenceCount", equalTo(1)).body("zones.PAINS[0].evidence", hasSize(1));
        // The map at a date is the latest version taken at or before it.
        as("comms").queryParam("at", afterV1.toString()).get("/api/v1/maps/" + brand + "/default").then()
                .statusCode(200).body("version", equalTo(1));
        as("comms").queryParam("at", Instant.now().plusSeconds(60).toString()).get("/api/v1/maps/" + brand + "/default")
                .then().statusCode(200).body("version", equalTo(2));
        as("comms").queryParam("at", "2020-01-01T00:00:00Z").get("/api/v1/maps/" + brand + "/default").then()
                .statusCode(404).contentType("application/problem+json");
        as("comms").queryParam("at", "yesterday").get("/api/v1/maps/" + brand + "/default").then().statusCode(400)
                .body("errors.field", hasItem("at"));

        // Versions are paged newest first.
        JsonPath page = as("service").queryParam("limit", 1).get("/api/v1/maps/" + brand + "/default/versions").then()
                .statusCode(200).extract().jsonPath();
        assertThat(page.getList("items.version")).containsExactly(2);
        as("service").queryParam("limit", 1).queryParam("cursor", page.getString("nextCursor"))
                .get("/api/v1/maps/" + brand + "/default/versions").then().statusCode(200)
                .body("items.version", equalTo(List.of(1))).body("nextCursor", org.hamcrest.Matchers.nullValue());

        as("service").get("/api/v1/maps/" + brand + "/default/versions/9").then().statusCode(404);
        as("service").queryParam("from", 1).queryParam("to", "x").get("/api/v1/maps/" + brand + "/default/diff")
                .then().statusCode(400).body("errors.field", hasItem("to"));
        as("service").get("/api/v1/maps/" + brand + "/default/versions/0").then().statusCode(400)
                .body("errors.field", hasItem("version"));
    }

    @Test
    void theScheduledSnapshotCoversEveryMapWithItems() {
        String brand = brand("scheduled");
        validate(arrive(candidate(brand, Zone.HEARS, "reviews", "friends say it is great", RECENT)));
        int taken = scheduler.snapshotAll().await().atMost(Duration.ofSeconds(30));
        assertThat(taken).isGreaterThanOrEqualTo(1);
        as("service").get("/api/v1/maps/" + brand + "/default/versions").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].trigger", equalTo("SCHEDULED"));
    }

    @Test
    void replicasRunningTheScheduleAtOnceTakeOneScheduledSnapshotPerMapAndDay() {
        String brand = brand("replicas");
        validate(arrive(candidate(brand, Zone.SEES, "ads", "their billboard is everywhere", RECENT)));
        // Two replicas' schedules firing together, then a late third one the same day.
        List<Integer> together = Uni.join().all(scheduler.snapshotAll(), scheduler.snapshotAll()).andFailFast()
                .await().atMost(Duration.ofSeconds(60));
        scheduler.snapshotAll().await().atMost(Duration.ofSeconds(30));
        assertThat(together).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(0));
        as("service").get("/api/v1/maps/" + brand + "/default/versions").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].trigger", equalTo("SCHEDULED"));
        // A snapshot on demand is still taken, numbered after it.
        as("analyst").post("/api/v1/maps/" + brand + "/default/versions").then().statusCode(201);
        as("service").get("/api/v1/maps/" + brand + "/default/versions").then().statusCode(200)
                .body("items", hasSize(2)).body("items[0].version", equalTo(2));
    }

    @Test
    void anErasureRequestRemovesTheSubjectsQuotesAndEvidenceFromTheMapAndEveryVersion() {
        String brand = brand("erasure");
        String authorId = "author-" + UUID.randomUUID();
        UUID theirs = mention();
        UUID others = mention();
        // The map learns who wrote the subject's mention from mentions.scored (candidates carry no author).
        MapFixtures.send(Topics.MENTIONS_SCORED, "mastodon:" + authorId,
                MapFixtures.scored(theirs, brand, authorId, "@Jo", "I'm Jo and I'd never switch"));
        InsightCandidate fromThem = arrive(candidate(brand, Zone.SAYS, "loyalty", "I'm Jo and I'd never switch", RECENT,
                theirs));
        String item = validate(fromThem);
        InsightCandidate fromOthers = arrive(candidate(brand, Zone.SAYS, "loyalty", "never switching", RECENT, others));
        await().atMost(WAIT).until(() -> "VALIDATED".equals(candidateJson(fromOthers.id()).getString("status")));
        snapshot(brand);
        as("service").get("/api/v1/maps/" + brand + "/default/versions/1").then()
                .body("zones.SAYS[0].evidence.mentionId", hasItem(theirs.toString()));

        ErasureRequest request = new ErasureRequest(ErasureRequest.SCHEMA_VERSION, UUID.randomUUID(),
                new ErasureRequest.Subject("mastodon", null, "jo"), "dpo@example.com", Instant.now());
        try (TopicReader done = new TopicReader(MapFixtures.bootstrap(), Topics.PRIVACY_ERASURE_DONE)) {
            MapFixtures.send(Topics.PRIVACY_ERASURE, "mastodon:" + authorId, request);
            // The map acknowledges the erasure on privacy.erasure.done: one of the subject's mentions was found.
            ErasureDone ack = EventCodec.decode(done.awaitRecord(r -> r.value().contains(request.id().toString()), WAIT)
                    .value(), ErasureDone.class);
            assertThat(ack.service()).isEqualTo("map");
            assertThat(ack.erased()).isEqualTo(1);
            // A redelivery finds nothing more and is acknowledged again.
            MapFixtures.send(Topics.PRIVACY_ERASURE, "mastodon:" + authorId, request);
            await().atMost(WAIT).until(() -> done.records().stream().filter(r -> r.value().contains(request.id()
                    .toString())).count() == 2);
            assertThat(done.records().stream().filter(r -> r.value().contains(request.id().toString()))
                    .map(r -> EventCodec.decode(r.value(), ErasureDone.class).erased()).toList()).containsExactly(1, 0);
        }

        await().atMost(WAIT).until(() -> map(brand).getInt("zones.SAYS[0].evidenceCount") == 1);
        JsonPath live = map(brand);
        assertThat(live.getList("zones.SAYS[0].samples.quote")).containsExactly("never switching");
        // The item was worded as the subject's own quote: it takes the remaining evidence's quote instead.
        assertThat(live.getString("zones.SAYS[0].text")).isEqualTo("never switching");
        List<String> evidence = new ArrayList<>(as("service").get("/api/v1/items/" + item + "/evidence").then()
                .statusCode(200).extract().jsonPath().getList("items.mentionId"));
        assertThat(evidence).containsExactly(others.toString());
        String v1 = as("service").get("/api/v1/maps/" + brand + "/default/versions/1").then().statusCode(200)
                .extract().asString();
        assertThat(v1).doesNotContain(theirs.toString()).doesNotContain("I'm Jo").contains(others.toString());
        assertThat(jsonPathOf(v1).getInt("zones.SAYS[0].evidenceCount")).isEqualTo(1);
        assertThat(jsonPathOf(v1).getString("zones.SAYS[0].text")).isEqualTo("never switching");
        String export = as("service").queryParam("format", "json").get("/api/v1/maps/" + brand + "/default/export")
                .then().statusCode(200).extract().asString();
        assertThat(export).doesNotContain(theirs.toString()).doesNotContain("I'm Jo");
        JsonPath candidate = candidateJson(fromThem.id());
        assertThat(candidate.getString("text")).isEqualTo("[erased]");
        assertThat(candidate.getList("evidenceMentionIds")).isEmpty();
        as("admin").get("/api/v1/erasures").then().statusCode(200)
                .body("find { it.id == '" + request.id() + "' }.evidenceRemoved", equalTo(1))
                .body("find { it.id == '" + request.id() + "' }.versionsScrubbed", equalTo(1));
    }

    /**
     * A post deleted at its source (a mention-scoped request) leaves the map alone: its evidence and quote go, the item
     * worded as it is reworded, its candidate reads "[erased]"; the same author's other post stays as evidence and in
     * the author index; a lagging copy of the deleted post on mentions.scored is not indexed again.
     */
    @Test
    void aMentionDeletedAtItsSourceLeavesTheMapButNotItsAuthorsOtherPosts() {
        String brand = brand("deleted");
        String authorId = "author-" + UUID.randomUUID();
        UUID deleted = mention();
        UUID kept = mention();
        var deletedScored = MapFixtures.scored(deleted, brand, authorId, "@dee", "deleted post never switching ever");
        MapFixtures.send(Topics.MENTIONS_SCORED, "mastodon:" + authorId, deletedScored);
        MapFixtures.send(Topics.MENTIONS_SCORED, "mastodon:" + authorId,
                MapFixtures.scored(kept, brand, authorId, "@dee", "kept post never switching"));
        InsightCandidate fromDeleted = arrive(candidate(brand, Zone.SAYS, "loyalty",
                "deleted post never switching ever", RECENT, deleted));
        String item = validate(fromDeleted);
        InsightCandidate fromKept = arrive(candidate(brand, Zone.SAYS, "loyalty", "kept post never switching", RECENT,
                kept));
        await().atMost(WAIT).until(() -> "VALIDATED".equals(candidateJson(fromKept.id()).getString("status")));
        await().atMost(WAIT).until(() -> indexed(deleted) && indexed(kept));

        ErasureRequest request = new ErasureRequest(ErasureRequest.SCHEMA_VERSION, UUID.randomUUID(),
                new ErasureRequest.Subject("mastodon", null, null), "source-deletion", Instant.now(),
                List.of(new ErasureRequest.MentionRef(deleted, "x-" + deleted)));
        try (TopicReader done = new TopicReader(MapFixtures.bootstrap(), Topics.PRIVACY_ERASURE_DONE)) {
            MapFixtures.send(Topics.PRIVACY_ERASURE, "k", request);
            ErasureDone ack = EventCodec.decode(done.awaitRecord(r -> r.value().contains(request.id().toString()), WAIT)
                    .value(), ErasureDone.class);
            assertThat(ack.service()).isEqualTo("map");
            assertThat(ack.erased()).isEqualTo(1);
        }
        await().atMost(WAIT).until(() -> map(brand).getInt("zones.SAYS[0].evidenceCount") == 1);
        JsonPath live = map(brand);
        assertThat(live.getList("zones.SAYS[0].samples.quote")).containsExactly("kept post never switching");
        assertThat(live.getString("zones.SAYS[0].text")).isEqualTo("kept post never switching");
        assertThat(as("service").get("/api/v1/items/" + item + "/evidence").then().statusCode(200).extract().jsonPath()
                .getList("items.mentionId")).containsExactly(kept.toString());
        assertThat(candidateJson(fromDeleted.id()).getString("text")).isEqualTo("[erased]");
        assertThat(indexed(deleted)).isFalse();
        assertThat(indexed(kept)).isTrue();

        // a lagging copy of the deleted post (fetched before the request), then another post of the author behind it
        UUID marker = mention();
        MapFixtures.send(Topics.MENTIONS_SCORED, "mastodon:" + authorId, deletedScored);
        MapFixtures.send(Topics.MENTIONS_SCORED, "mastodon:" + authorId,
                MapFixtures.scored(marker, brand, authorId, "@dee", "marker post"));
        await().atMost(WAIT).until(() -> indexed(marker));
        assertThat(indexed(deleted)).isFalse();
    }

    @Test
    void anErasureReachesEveryPersonasMapAndVersionsItsCandidatesAndTheCrmTier() {
        String brand = brand("erase-all");
        for (String persona : new String[]{"mastodon-people", "switchers"}) {
            String rules = persona.equals("switchers") ? "{\"keywords\":[\"switch\"]}" : "{\"sources\":[\"mastodon\"]}";
            as("analyst").contentType("application/json")
                    .body("{\"brand\":\"" + brand + "\",\"name\":\"" + persona + "\",\"rules\":" + rules + "}")
                    .post("/api/v1/personas").then().statusCode(201);
        }
        String authorId = "author-" + UUID.randomUUID();
        as("service").contentType("application/json").body("{\"tier\":\"gold\"}")
                .put("/api/v1/author-tiers/mastodon/" + authorId).then().statusCode(200);
        UUID theirs = mention();
        MapFixtures.send(Topics.MENTIONS_SCORED, "mastodon:" + authorId,
                MapFixtures.scored(theirs, brand, authorId, "@Sam", "Sam here, I would never switch"));
        InsightCandidate c = candidate(brand, Zone.SAYS, "loyalty", "Sam here, I would never switch", RECENT, theirs);
        MapFixtures.send(Topics.INSIGHTS_CANDIDATES, brand, c);
        List<String> personas = List.of("mastodon-people", "switchers");
        List<String> items = new ArrayList<>();
        for (String persona : personas) {
            UUID row = io.earshot.map.review.CandidateStore.rowId(c.id(), persona);
            await().atMost(WAIT).until(() -> as("analyst").get("/api/v1/candidates/" + row).then().extract()
                    .statusCode() == 200);
            items.add(as("analyst").contentType("application/json").body("{}").post("/api/v1/candidates/" + row
                    + "/validate")
                    .then().statusCode(200).extract().path("itemId"));
            as("analyst").post("/api/v1/maps/" + brand + "/" + persona + "/versions").then().statusCode(201);
        }
        as("analyst").get("/api/v1/candidates/" + c.id()).then().statusCode(404); // not on the default persona

        ErasureRequest request = new ErasureRequest(ErasureRequest.SCHEMA_VERSION, UUID.randomUUID(),
                new ErasureRequest.Subject("mastodon", authorId, null), "dpo@example.com", Instant.now());
        MapFixtures.send(Topics.PRIVACY_ERASURE, "mastodon:" + authorId, request);
        await().atMost(WAIT).until(() -> as("admin").get("/api/v1/erasures").then().extract().jsonPath()
                .getList("id").contains(request.id().toString()));

        for (int i = 0; i < personas.size(); i++) {
            String persona = personas.get(i);
            as("service").get("/api/v1/items/" + items.get(i)).then().statusCode(200).body("evidenceCount", equalTo(0))
                    .body("text", equalTo("[erased]")).body("samples", hasSize(0));
            as("service").get("/api/v1/items/" + items.get(i) + "/evidence").then().body("items", hasSize(0));
            String version = as("service").get("/api/v1/maps/" + brand + "/" + persona + "/versions/1").then()
                    .statusCode(200).extract().asString();
            assertThat(version).doesNotContain(theirs.toString()).doesNotContain("Sam here");
            String export = as("service").queryParam("format", "markdown")
                    .get("/api/v1/maps/" + brand + "/" + persona + "/export").then().statusCode(200).extract()
                    .asString();
            assertThat(export).doesNotContain("Sam here");
            JsonPath row = candidateJson(io.earshot.map.review.CandidateStore.rowId(c.id(), persona));
            assertThat(row.getString("text")).isEqualTo("[erased]");
            assertThat(row.getList("evidenceMentionIds")).isEmpty();
        }
        as("service").get("/api/v1/author-tiers/mastodon/" + authorId).then().statusCode(404);
        as("admin").get("/api/v1/erasures").then()
                .body("find { it.id == '" + request.id() + "' }.evidenceRemoved", equalTo(2))
                .body("find { it.id == '" + request.id() + "' }.versionsScrubbed", equalTo(2))
                .body("find { it.id == '" + request.id() + "' }.mentions", equalTo(1));
        assertThat(as("admin").get("/api/v1/erasures").then().extract().asString()).doesNotContain(authorId);
    }

    @Test
    void anErasureRequestWithoutSubjectGoesToTheDeadLetterTopic() {
        ErasureRequest bad = new ErasureRequest(ErasureRequest.SCHEMA_VERSION, UUID.randomUUID(),
                new ErasureRequest.Subject("mastodon", null, " "), "dpo@example.com", Instant.now());
        String json = EventCodec.encode(bad);
        try (TopicReader dlq = new TopicReader(MapFixtures.bootstrap(), Topics.dlq(Topics.PRIVACY_ERASURE))) {
            MapFixtures.send(Topics.PRIVACY_ERASURE, "k", bad);
            ConsumerRecord<String, String> dead = dlq.awaitRecord(r -> json.equals(r.value()), WAIT);
            assertThat(TopicReader.header(dead, "dead-letter-reason")).contains("authorId or handle");
        }
    }

    private static JsonPath jsonPathOf(String json) {
        return new JsonPath(json);
    }
}
