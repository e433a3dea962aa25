package io.earshot.map.badinput;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.contracts.Ids;
import io.earshot.contracts.Topics;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.Author;
import io.earshot.contracts.events.ErasureRequest;
import io.earshot.contracts.events.InsightCandidate;
import io.earshot.contracts.events.Mention;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.contracts.events.Scores;
import io.earshot.contracts.events.SentimentLabel;
import io.earshot.contracts.events.Zone;
import io.earshot.map.maps.MapFixtures;
import io.earshot.testing.BadForm;
import io.earshot.testing.BadInput;
import io.earshot.testing.BadInput.Target;
import io.earshot.testing.PoisonRecords;
import io.earshot.testing.TestTokens;
import io.earshot.web.Session;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URL;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The bad-input catalogue against every JSON write endpoint of map-service, the form catalogue against every form post
 * of its pages (review, snapshot, sign-in, sign-out), poison on every topic it consumes, and injection strings in
 * insights, stored verbatim and shown escaped on the review queue and the map.
 */
@QuarkusTest
class BadInputTest {
    static final long LIMIT = BadInput.maxBodyBytes();
    static final String[] OPTIONAL_BODY = {"empty body", "JSON null", "empty object {}"};
    /** Every table but the mention authors, which the mentions.scored consumer keeps writing as it catches up. */
    final Supplier<Map<String, String>> tables = BadInput.serviceTables("mention_authors");

    @Test
    void everyWriteEndpointRefusesEveryKindOfBadInputWithAProblemAndWritesNothing() {
        String brand = MapFixtures.brand("bad");
        InsightCandidate c = MapFixtures.arrive(MapFixtures.candidate(brand, Zone.PAINS, "logout",
                "the app logs me out", Instant.parse("2026-11-20T08:00:00Z")));
        String persona = "{\"brand\":\"" + brand + "\",\"name\":\"commuter\",\"description\":\"rides the train\","
                + "\"rules\":{\"topics\":[\"delays\"],\"sources\":[\"reddit\"],\"keywords\":[\"train\"],\"tiers\":[\"gold\"]}}";
        String personaId = given().header("Authorization", TestTokens.bearer("analyst")).contentType(ContentType.JSON)
                .body(persona.replace("commuter", "existing")).post("/api/v1/personas").then().statusCode(201)
                .extract().path("id");
        String cand = "/api/v1/candidates/" + c.id();
        List<Target> targets = List.of(
                Target.of("POST", cand + "/validate", "analyst", "{\"text\":\"edited text\",\"theme\":\"logout\","
                        + "\"zone\":\"PAINS\",\"persona\":\"default\"}", LIMIT).enumAt("zone").except(OPTIONAL_BODY),
                Target.of("POST", cand + "/merge", "analyst", "{\"itemId\":\"" + UUID.randomUUID() + "\"}", LIMIT)
                        .required("itemId"),
                Target.of("POST", cand + "/reject", "analyst", "{\"reason\":\"not a pain\"}", LIMIT).required("reason"),
                Target.of("POST", "/api/v1/personas", "analyst", persona, LIMIT).required("name"),
                Target.of("PUT", "/api/v1/personas/" + personaId, "analyst",
                        "{\"description\":\"rides the bus\",\"rules\":{\"topics\":[\"delays\"]}}", LIMIT)
                        .except("empty object {}"),
                Target.of("PUT", "/api/v1/author-tiers/reddit/t2_bad", "analyst", "{\"tier\":\"gold\"}", LIMIT)
                        .required("tier"),
                Target.of("PUT", "/api/v1/items/" + UUID.randomUUID(), "analyst",
                        "{\"text\":\"edited\",\"zone\":\"PAINS\",\"theme\":\"logout\"}", LIMIT).enumAt("zone"),
                Target.of("PUT", "/api/v1/maps/" + brand + "/default/goal", "analyst",
                        "{\"who\":\"daily commuters\",\"needs\":\"to stay signed in\"}", LIMIT).required("who"));
        // Earlier tests' candidates and scored mentions may still be arriving, a batch (one commit) at a time; the
        // tables are compared only once map's consumers have caught up.
        String bootstrap = MapFixtures.bootstrap();
        PoisonRecords.awaitCaughtUp(bootstrap, "map-service", Topics.INSIGHTS_CANDIDATES, MapFixtures.WAIT);
        PoisonRecords.awaitCaughtUp(bootstrap, "map-service-authors", Topics.MENTIONS_SCORED, MapFixtures.WAIT);
        BadInput.awaitSettled(tables);
        assertThat(BadInput.verifyAll(targets, tables)).isGreaterThanOrEqualTo(25 * targets.size());
    }

    @TestHTTPResource("/")
    URL base;

    Map<String, String> session(String role) {
        return Map.of("Cookie", Session.COOKIE + "=" + TestTokens.token(role), "Origin",
                "http://" + base.getHost() + ":" + base.getPort());
    }

    @Test
    void everyFormPostRefusesEveryKindOfBadInputWithAnErrorPageOrProblemAndWritesNothing() {
        String brand = MapFixtures.brand("badform");
        Instant seen = Instant.parse("2026-11-20T08:00:00Z");
        InsightCandidate keep = MapFixtures.arrive(MapFixtures.candidate(brand, Zone.PAINS, "logout",
                "the app logs me out", seen));
        InsightCandidate drop = MapFixtures.arrive(MapFixtures.candidate(brand, Zone.GAINS, "spam", "buy followers",
                seen));
        List<BadForm.Target> targets = List.of(
                BadForm.Target.of("/ui/review/" + keep.id() + "/validate", "analyst",
                        "text=The+app+logs+me+out&theme=logout&brand=" + brand + "&persona=", LIMIT),
                BadForm.Target.of("/ui/review/" + drop.id() + "/reject", "analyst", "reason=not+an+insight&brand="
                        + brand,
                        LIMIT).required("reason"),
                BadForm.Target.of("/ui/maps/" + brand + "/default/versions", "analyst", "", LIMIT),
                BadForm.Target.of("/ui/login", "analyst", "token=" + TestTokens.token("analyst") + "&next=%2Fui%2Fmaps",
                        LIMIT).required("token"),
                BadForm.Target.of("/ui/logout", "analyst", "", LIMIT));
        String bootstrap = MapFixtures.bootstrap();
        PoisonRecords.awaitCaughtUp(bootstrap, "map-service", Topics.INSIGHTS_CANDIDATES, MapFixtures.WAIT);
        PoisonRecords.awaitCaughtUp(bootstrap, "map-service-authors", Topics.MENTIONS_SCORED, MapFixtures.WAIT);
        BadInput.awaitSettled(tables);
        assertThat(BadForm.verifyAll(targets, this::session, tables)).isGreaterThanOrEqualTo(4 * targets.size());
    }

    @Test
    void injectionStringsInInsightsAreStoredVerbatimAndShownEscapedOnTheQueueAndTheMap() {
        String brand = MapFixtures.brand("inject");
        Instant seen = Instant.now().minusSeconds(3600);
        List<InsightCandidate> candidates = new java.util.ArrayList<>();
        for (int i = 0; i < BadInput.INJECTIONS.size(); i++) {
            candidates.add(MapFixtures.arrive(MapFixtures.candidate(brand, Zone.PAINS, "theme-" + i,
                    BadInput.INJECTIONS.get(i), seen)));
        }
        String queue = given().cookie(Session.COOKIE, TestTokens.token("analyst")).queryParam("brand", brand)
                .get("/ui/review").then().statusCode(200).extract().asString();
        for (String injection : BadInput.INJECTIONS) {
            BadInput.assertRenderedEscaped(queue, injection);
        }
        List<String> items = candidates.stream().map(MapFixtures::validate).toList();
        List<String> stored = MapFixtures.map(brand).getList("zones.PAINS.text", String.class);
        assertThat(stored).containsExactlyInAnyOrderElementsOf(BadInput.INJECTIONS);
        String canvas = "/ui/maps/" + brand + "/default";
        String page = given().cookie(Session.COOKIE, TestTokens.token("comms")).get(canvas).then().statusCode(200)
                .extract().asString();
        for (String injection : BadInput.INJECTIONS) {
            BadInput.assertRenderedEscaped(page, injection);
        }
        // An item's quotes (the mention text it was drawn from), one item at a time.
        for (int i = 0; i < items.size(); i++) {
            String quotes = given().cookie(Session.COOKIE, TestTokens.token("comms")).queryParam("item", items.get(i))
                    .get(canvas).then().statusCode(200).extract().asString();
            assertThat(quotes).contains("<ul class=\"quote-list\">");
            BadInput.assertRenderedEscaped(quotes.substring(quotes.indexOf("<ul class=\"quote-list\">")),
                    BadInput.INJECTIONS.get(i));
        }
    }

    static String scored() {
        UUID id = UUID.randomUUID();
        Mention m = new Mention(Mention.SCHEMA_VERSION, id, "mastodon", "x-" + id, "https://example.social/" + id,
                "acme",
                List.of("acme"), new Author("author-" + id, null, "Someone", 10L, false, Instant.parse(
                        "2020-01-01T00:00:00Z")),
                "fine", "en", Instant.now(), Instant.now(), null, null);
        return EventCodec.encode(new ScoredMention(ScoredMention.SCHEMA_VERSION, m,
                new Scores(0.2, SentimentLabel.positive, null, 0.1, null, 0.0, List.of(), null), "test-1", Instant
                        .now()));
    }

    @Test
    void poisonOnEveryConsumedTopicIsDeadLetteredAndTheConsumersGoOn() {
        String bootstrap = MapFixtures.bootstrap();
        // A candidate waits in the inbox until its mentions' scores arrive: the group's offset shows it was taken.
        int kinds = PoisonRecords.verify(bootstrap, new PoisonRecords.Consumer(Topics.INSIGHTS_CANDIDATES,
                Topics.dlq(Topics.INSIGHTS_CANDIDATES), () -> EventCodec.encode(MapFixtures.candidate(
                        MapFixtures.brand("poison"), Zone.PAINS, "logout", "the app logs me out", Instant.now(),
                        Ids.mentionId("mastodon", "m-" + UUID.randomUUID()))),
                good -> PoisonRecords.awaitCaughtUp(bootstrap, "map-service", Topics.INSIGHTS_CANDIDATES,
                        MapFixtures.WAIT)),
                MapFixtures.WAIT);
        // map's author index skips unreadable scored mentions by design (README: escalation's case consumer
        // dead-letters the same records to mentions.scored.dlq); it must go on past them.
        kinds += PoisonRecords.verifySkipped(bootstrap, new PoisonRecords.Consumer(Topics.MENTIONS_SCORED,
                Topics.dlq(Topics.MENTIONS_SCORED), BadInputTest::scored,
                good -> PoisonRecords.awaitCaughtUp(bootstrap, "map-service-authors", Topics.MENTIONS_SCORED,
                        MapFixtures.WAIT)));
        kinds += PoisonRecords.verify(bootstrap, new PoisonRecords.Consumer(Topics.PRIVACY_ERASURE,
                Topics.dlq(Topics.PRIVACY_ERASURE), () -> EventCodec.encode(new ErasureRequest(
                        ErasureRequest.SCHEMA_VERSION,
                        UUID.randomUUID(), new ErasureRequest.Subject("reddit", "t2_nobody" + UUID.randomUUID(), null),
                        "dpo@example.com", Instant.now())),
                good -> PoisonRecords.awaitCaughtUp(bootstrap, "map-service", Topics.PRIVACY_ERASURE,
                        MapFixtures.WAIT)),
                MapFixtures.WAIT);
        assertThat(kinds).isEqualTo(3 * PoisonRecords.KINDS.size());
    }
}
