package io.earshot.map.maps;

import static io.earshot.map.maps.MapFixtures.WAIT;
import static io.earshot.map.maps.MapFixtures.arrive;
import static io.earshot.map.maps.MapFixtures.as;
import static io.earshot.map.maps.MapFixtures.brand;
import static io.earshot.map.maps.MapFixtures.candidate;
import static io.earshot.map.maps.MapFixtures.candidateJson;
import static io.earshot.map.maps.MapFixtures.mention;
import static io.earshot.map.maps.MapFixtures.send;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.earshot.contracts.Topics;
import io.earshot.contracts.events.InsightCandidate;
import io.earshot.contracts.events.Zone;
import io.earshot.map.privacy.MentionAuthorEntity;
import io.earshot.map.review.CandidateInboxEntity;
import io.earshot.map.review.CandidateStore;
import io.earshot.map.review.InboxSweeper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Persona matching on the real broker and database: candidates are assigned to every matching persona of their brand
 * (or the default one) from the facts of mentions.scored, whichever of the two arrives first, exactly once.
 */
@QuarkusTest
class PersonaMatchingTest {
    static final Instant RECENT = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS);

    @Inject
    InboxSweeper sweeper;
    @Inject
    TestClock clock;

    static void persona(String brand, String name, String rules) {
        as("analyst").contentType("application/json")
                .body("{\"brand\":\"" + brand + "\",\"name\":\"" + name + "\",\"rules\":" + rules + "}")
                .post("/api/v1/personas").then().statusCode(201);
    }

    /** The stored candidates of a brand, by persona. */
    static Map<String, Map<String, Object>> byPersona(String brand) {
        JsonPath page = as("analyst").queryParam("brand", brand).queryParam("limit", 200).get("/api/v1/candidates")
                .then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> items = page.getList("items");
        return items.stream().collect(Collectors.toMap(i -> (String) i.get("persona"), i -> i));
    }

    static <T> T db(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(work));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean waiting(UUID candidate) {
        return db(() -> CandidateInboxEntity.<CandidateInboxEntity>findById(candidate)) != null;
    }

    static boolean factsKnown(UUID mention) {
        return db(() -> MentionAuthorEntity.<MentionAuthorEntity>findById(mention)) != null;
    }

    @Test
    void aCandidateArrivingBeforeItsMentionWaitsThenGoesToEveryMatchingPersonaOnce() {
        String brand = brand("match");
        persona(brand, "billing", "{\"topics\":[\"Billing\"]}");
        persona(brand, "mastodon-people", "{\"sources\":[\"Mastodon\"]}");
        persona(brand, "reddit-billing", "{\"topics\":[\"billing\"],\"sources\":[\"reddit\"]}"); // all-of: no
        persona(brand, "commuters", "{\"keywords\":[\"refund\",\"train delay\"]}");
        persona(brand, "refunded", "{\"keywords\":[\"refunded\"]}"); // whole words only: no
        persona(brand, "gold", "{\"tiers\":[\"silver\",\"GOLD\"]}");
        persona(brand, "platinum", "{\"tiers\":[\"platinum\"]}"); // another tier: no
        persona(brand, "manual", "{}"); // no rules: only when named
        String author = "author-" + UUID.randomUUID();
        as("service").contentType("application/json").body("{\"tier\":\"gold\"}")
                .put("/api/v1/author-tiers/mastodon/" + author).then().statusCode(200).body("tier", equalTo("gold"));

        UUID m = mention();
        InsightCandidate c = candidate(brand, Zone.PAINS, "delays", "the train delay again", RECENT, m);
        send(Topics.INSIGHTS_CANDIDATES, brand, c);
        await().atMost(WAIT).until(() -> waiting(c.id()));
        // Not on the default persona meanwhile, nor in the review queue.
        as("analyst").get("/api/v1/candidates/" + c.id()).then().statusCode(404);
        as("analyst").queryParam("brand", brand).get("/api/v1/review").then().statusCode(200).body("items.size()",
                equalTo(0));

        send(Topics.MENTIONS_SCORED, "mastodon:" + author, MapFixtures.scored(m, "mastodon", brand, author, "@rider",
                "Third #Train-delay this week, I want a REFUND", List.of("Billing")));
        await().atMost(WAIT).until(() -> byPersona(brand).size() == 4);
        Map<String, Map<String, Object>> stored = byPersona(brand);
        assertThat(stored.keySet()).containsExactlyInAnyOrder("billing", "mastodon-people", "commuters", "gold");
        stored.forEach((persona, row) -> {
            assertThat(row.get("originId")).isEqualTo(c.id().toString());
            assertThat(row.get("id")).isEqualTo(CandidateStore.rowId(c.id(), persona).toString());
            assertThat(row.get("status")).isEqualTo("PENDING");
            assertThat(row.get("evidenceMentionIds")).isEqualTo(List.of(m.toString()));
        });
        assertThat(waiting(c.id())).isFalse();
        as("analyst").queryParam("brand", brand).queryParam("persona", "commuters").get("/api/v1/review").then()
                .statusCode(200).body("items.size()", equalTo(1)).body("items[0].persona", equalTo("commuters"));

        // Redeliveries of both events add nothing. The sentinel behind them (same keys, so same partitions) is
        // assigned only once its own mention's facts arrived, after the redelivered ones were processed.
        send(Topics.INSIGHTS_CANDIDATES, brand, c);
        send(Topics.MENTIONS_SCORED, "mastodon:" + author, MapFixtures.scored(m, "mastodon", brand, author, "@rider",
                "Third #Train-delay this week, I want a REFUND", List.of("Billing")));
        UUID m2 = mention();
        InsightCandidate sentinel = candidate(brand, Zone.GAINS, "sentinel", "nothing special", RECENT, m2);
        send(Topics.MENTIONS_SCORED, "mastodon:" + author,
                MapFixtures.scored(m2, "reddit", brand, "other-" + m2, null, "nothing special", List.of()));
        send(Topics.INSIGHTS_CANDIDATES, brand, sentinel);
        await().atMost(WAIT).until(() -> as("analyst").get("/api/v1/candidates/" + sentinel.id()).then().extract()
                .statusCode() == 200);
        assertThat(candidateJson(sentinel.id()).getString("persona")).isEqualTo("default");
        assertThat(byPersona(brand)).hasSize(5);

        // Each persona has its own map: validating the commuters' candidate fills only the commuters' map, and a later
        // candidate of the theme matching that persona is attached there.
        String item = as("analyst").contentType("application/json").body("{}")
                .post("/api/v1/candidates/" + CandidateStore.rowId(c.id(), "commuters") + "/validate").then()
                .statusCode(200).extract().path("itemId");
        as("service").get("/api/v1/maps/" + brand + "/commuters").then().statusCode(200)
                .body("zones.PAINS.id", equalTo(List.of(item)));
        as("service").get("/api/v1/maps/" + brand + "/default").then().statusCode(200).body("zones.PAINS.size()",
                equalTo(0));
        UUID m3 = mention();
        send(Topics.MENTIONS_SCORED, "reddit:x", MapFixtures.scored(m3, "reddit", brand, "x-" + m3, null,
                "a refund would be nice", List.of()));
        InsightCandidate later = candidate(brand, Zone.PAINS, "delays", "late again", RECENT, m3);
        send(Topics.INSIGHTS_CANDIDATES, brand, later);
        UUID laterRow = CandidateStore.rowId(later.id(), "commuters");
        await().atMost(WAIT).until(() -> as("analyst").get("/api/v1/candidates/" + laterRow).then().extract()
                .statusCode() == 200 && "VALIDATED".equals(candidateJson(laterRow).getString("status")));
        assertThat(candidateJson(laterRow).getString("itemId")).isEqualTo(item);
        assertThat(candidateJson(laterRow).getString("reviewedBy")).isEqualTo("auto");
        as("service").get("/api/v1/items/" + item).then().body("evidenceCount", equalTo(2));
    }

    @Test
    void factsFirstWithoutAMatchGoToTheDefaultPersonaAndANamedPersonaIsKept() {
        String brand = brand("nomatch");
        persona(brand, "billing", "{\"topics\":[\"Billing\"]}");
        UUID m = mention();
        send(Topics.MENTIONS_SCORED, "mastodon:a", MapFixtures.scored(m, "mastodon", brand, "a-" + m, null,
                "just saying hi", List.of("Greetings")));
        await().atMost(WAIT).until(() -> factsKnown(m));
        InsightCandidate c = arrive(candidate(brand, Zone.SAYS, "hello", "just saying hi", RECENT, m));
        assertThat(candidateJson(c.id()).getString("persona")).isEqualTo("default");
        assertThat(candidateJson(c.id()).getString("originId")).isEqualTo(c.id().toString());
        assertThat(byPersona(brand)).containsOnlyKeys("default");

        // A candidate that names a persona (not the default one) is stored for it as is, whatever the rules say.
        InsightCandidate named = candidate(brand, Zone.SAYS, "hello", "hi again", RECENT, mention());
        InsightCandidate forBilling = new InsightCandidate(named.schemaVersion(), named.id(), brand, "vip-desk",
                named.zone(), named.text(), named.theme(), named.evidenceMentionIds(), 1, RECENT, RECENT);
        send(Topics.INSIGHTS_CANDIDATES, brand, forBilling);
        await().atMost(WAIT).until(() -> as("analyst").get("/api/v1/candidates/" + named.id()).then().extract()
                .statusCode() == 200);
        assertThat(candidateJson(named.id()).getString("persona")).isEqualTo("vip-desk");
    }

    @Test
    void aCandidateWhoseMentionNeverArrivesIsAssignedToTheDefaultPersonaAfterTheWait() {
        String brand = brand("late");
        persona(brand, "everyone-on-mastodon", "{\"sources\":[\"mastodon\"]}");
        InsightCandidate c = candidate(brand, Zone.FEELS, "alone", "nobody answers", RECENT, mention());
        send(Topics.INSIGHTS_CANDIDATES, brand, c);
        await().atMost(WAIT).until(() -> waiting(c.id()));
        try {
            sweeper.sweep().await().atMost(Duration.ofSeconds(30));
            assertThat(waiting(c.id())).as("not waited long enough yet").isTrue();
            clock.advance(Duration.ofMinutes(10).plusSeconds(1));
            assertThat(sweeper.sweep().await().atMost(Duration.ofSeconds(30))).isGreaterThanOrEqualTo(1);
        } finally {
            clock.reset();
        }
        assertThat(waiting(c.id())).isFalse();
        // Nothing known of the mention: no rule can match, so the default persona gets it.
        assertThat(candidateJson(c.id()).getString("persona")).isEqualTo("default");
        assertThat(byPersona(brand)).containsOnlyKeys("default");
    }

    @Test
    void authorTiersNeedAServiceOrAnalystTokenAndAValidTier() {
        String path = "/api/v1/author-tiers/mastodon/tiered-" + UUID.randomUUID();
        given().contentType("application/json").body("{\"tier\":\"gold\"}").put(path).then().statusCode(401)
                .contentType("application/problem+json");
        given().get(path).then().statusCode(401);
        for (String role : List.of("comms", "agent", "lead", "admin")) {
            as(role).contentType("application/json").body("{\"tier\":\"gold\"}").put(path).then().statusCode(403)
                    .contentType("application/problem+json");
            as(role).delete(path).then().statusCode(403);
        }
        for (String role : List.of("comms", "agent", "lead")) {
            as(role).get(path).then().statusCode(403);
        }
        as("admin").get(path).then().statusCode(404).contentType("application/problem+json");
        as("analyst").contentType("application/json").body("{\"tier\":\"  \"}").put(path).then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("tier"));
        as("analyst").contentType("application/json").body("{\"tier\":\"" + "x".repeat(65) + "\"}").put(path).then()
                .statusCode(400).body("errors.field", hasItem("tier"));
        as("analyst").contentType("application/json").body("{\"tier\":\"gold\"}")
                .put("/api/v1/author-tiers/" + "s".repeat(65) + "/a").then().statusCode(400)
                .body("errors.field", hasItem("source"));
        as("analyst").contentType("application/json").body("{\"tier\":\"silver\"}").put(path).then().statusCode(200);
        as("service").get(path).then().statusCode(200).body("tier", equalTo("silver")).body("source", equalTo(
                "mastodon"));
        as("service").delete(path).then().statusCode(204);
        as("service").get(path).then().statusCode(404);
        as("service").delete(path).then().statusCode(404);
    }
}
