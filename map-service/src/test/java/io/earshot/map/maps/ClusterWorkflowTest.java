package io.earshot.map.maps;

import static io.earshot.map.maps.MapFixtures.WAIT;
import static io.earshot.map.maps.MapFixtures.arrive;
import static io.earshot.map.maps.MapFixtures.as;
import static io.earshot.map.maps.MapFixtures.brand;
import static io.earshot.map.maps.MapFixtures.candidate;
import static io.earshot.map.maps.MapFixtures.candidateJson;
import static io.earshot.map.maps.MapFixtures.mention;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.earshot.contracts.Topics;
import io.earshot.contracts.events.ErasureRequest;
import io.earshot.contracts.events.InsightCandidate;
import io.earshot.contracts.events.Zone;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Insight clusters end to end on the real broker and database: candidates of one brand, persona, zone and theme
 * become one cluster with a synthesized statement, counts and quotes; the analyst validates it through the API and
 * later look-alikes follow it onto the map; campaigns stay apart; erasure removes the subject from the cluster.
 */
@QuarkusTest
class ClusterWorkflowTest {

    private static JsonPath queue(String brand) {
        return as("analyst").get("/api/v1/clusters?brand=" + brand).then().statusCode(200).extract().jsonPath();
    }

    private static List<InsightCandidate> outage(String brand, int n) {
        return MapFixtures.outage(brand, "outage", n);
    }

    @Test
    void similarCandidatesBecomeOneClusterThatAnAnalystValidatesAndLaterEvidenceFollows() {
        String brand = brand("clusters");
        List<InsightCandidate> pains = outage(brand, 4);
        InsightCandidate lonely = arrive(candidate(brand, Zone.GAINS, "price", "Would love a cheaper plan", Instant
                .now()));

        await().atMost(WAIT).until(() -> queue(brand).getList("items").size() == 1
                && queue(brand).getInt("items[0].stats.mentions") == 4);
        JsonPath q = queue(brand);
        assertThat(q.getInt("waiting")).isEqualTo(1); // the GAINS singleton waits below the threshold
        assertThat(q.getString("items[0].zone")).isEqualTo("PAINS");
        assertThat(q.getString("items[0].statement")).startsWith("Struggles with outage: ");
        assertThat(q.getString("items[0].statementKind")).isEqualTo("inferred");
        assertThat(q.getInt("items[0].stats.authors")).isEqualTo(4);
        assertThat(q.getList("items[0].stats.quotes")).hasSizeBetween(3, 4);
        assertThat(q.getString("items[0].stats.impactMaths")).startsWith("4 mentions x ").contains(" reach = ");
        assertThat(q.getDouble("items[0].stats.impact")).isPositive();
        assertThat(candidateJson(lonely.id()).getString("status")).isEqualTo("PENDING");
        String cluster = q.getString("items[0].id");

        String statement = "Can't work from home when the internet drops";
        JsonPath validated = as("analyst").contentType("application/json").body(Map.of("statement", statement))
                .post("/api/v1/clusters/" + cluster + "/validate").then().statusCode(200)
                .body("status", equalTo("VALIDATED")).body("reviewedBy", equalTo("test-analyst"))
                .extract().jsonPath();
        String item = validated.getString("itemId");
        as("service").get("/api/v1/items/" + item).then().statusCode(200).body("text", equalTo(statement))
                .body("evidenceCount", equalTo(4));
        for (InsightCandidate c : pains) {
            assertThat(candidateJson(c.id()).getString("status")).isEqualTo("VALIDATED");
        }
        assertThat(queue(brand).getList("items")).isEmpty();

        // A later look-alike attaches to the validated item without a second review.
        InsightCandidate later = arrive(candidate(brand, Zone.PAINS, "outage",
                "Internet drops again and I can't work from home", Instant.now()));
        await().atMost(WAIT).until(() -> "auto".equals(candidateJson(later.id()).getString("reviewedBy")));
        assertThat(candidateJson(later.id()).getString("itemId")).isEqualTo(item);
        as("service").get("/api/v1/items/" + item).then().body("evidenceCount", equalTo(5));

        // Validating twice is a conflict, as problem+json.
        as("analyst").contentType("application/json").body("{}").post("/api/v1/clusters/" + cluster + "/validate")
                .then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void reviewActionsAreForAnalystsAndAnswerProblems() {
        String brand = brand("clusteract");
        outage(brand, 3);
        await().atMost(WAIT).until(() -> queue(brand).getList("items").size() == 1);
        String cluster = queue(brand).getString("items[0].id");

        as("comms").contentType("application/json").body("{}").post("/api/v1/clusters/" + cluster + "/validate")
                .then().statusCode(403);
        as("comms").get("/api/v1/clusters?brand=" + brand).then().statusCode(403);
        given().get("/api/v1/clusters").then().statusCode(401);
        as("analyst").contentType("application/json").body("{}").post("/api/v1/clusters/" + cluster + "/reject")
                .then().statusCode(400).contentType("application/problem+json");
        as("analyst").get("/api/v1/clusters/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
        as("analyst").get("/api/v1/clusters/not-a-uuid").then().statusCode(400).contentType("application/problem+json");

        // Edit the statement, split one mention off, merge it back, then reject.
        as("analyst").contentType("application/json").body(Map.of("statement", "Internet outages stop remote work"))
                .patch("/api/v1/clusters/" + cluster).then().statusCode(200)
                .body("statement", equalTo("Internet outages stop remote work")).body("statementEdited", equalTo(true));
        String oneMention = as("analyst").get("/api/v1/clusters/" + cluster).then().extract()
                .path("stats.quotes[0].mentionId");
        String split = as("analyst").contentType("application/json").body(Map.of("mentionIds", List.of(oneMention)))
                .post("/api/v1/clusters/" + cluster + "/split").then().statusCode(200)
                .body("stats.mentions", equalTo(1)).extract().path("id");
        as("analyst").get("/api/v1/clusters/" + cluster).then().body("stats.mentions", equalTo(2))
                .body("statement", equalTo("Internet outages stop remote work"));
        as("analyst").contentType("application/json").body(Map.of("into", cluster))
                .post("/api/v1/clusters/" + split + "/merge").then().statusCode(200).body("id", equalTo(cluster))
                .body("stats.mentions", equalTo(3));
        as("analyst").get("/api/v1/clusters/" + split).then().body("status", equalTo("MERGED"))
                .body("mergedInto", equalTo(cluster));
        as("analyst").contentType("application/json").body(Map.of("reason", "not a pattern"))
                .post("/api/v1/clusters/" + cluster + "/reject").then().statusCode(200).body("status", equalTo(
                        "REJECTED"));
        assertThat(queue(brand).getList("items")).isEmpty();
    }

    @Test
    void copiesCountOncePerAuthorAndCampaignsStayApart() {
        String brand = brand("campaign");
        // Five low-follower accounts post one text: a copy-paste campaign.
        for (int i = 0; i < 5; i++) {
            arrive(candidate(brand, Zone.PAINS, "security",
                    "BREAKING they leaked customer passwords, delete your account now",
                    Instant.now()));
        }
        // One author posts the same complaint twice: it counts once.
        UUID first = mention();
        UUID second = mention();
        String text = "The billing page charged me twice for one month";
        MapFixtures.send(Topics.MENTIONS_SCORED, "a", MapFixtures.scored(first, brand, "same-author", null, text));
        MapFixtures.send(Topics.MENTIONS_SCORED, "a", MapFixtures.scored(second, brand, "same-author", null, text));
        arrive(candidate(brand, Zone.PAINS, "billing", text, Instant.now(), first));
        arrive(candidate(brand, Zone.PAINS, "billing", text, Instant.now(), second));

        await().atMost(WAIT).until(() -> queue(brand).getList("campaigns").size() == 1);
        JsonPath q = queue(brand);
        assertThat(q.getList("items")).isEmpty(); // neither the campaign nor the repeated post reach the queue
        assertThat(q.getInt("campaigns[0].stats.campaignMentions")).isEqualTo(5);
        assertThat(q.getInt("campaigns[0].stats.mentions")).isZero();
        assertThat(q.getInt("waiting")).isEqualTo(1);
    }

    @Test
    void erasureRemovesTheSubjectsQuotesAndEvidenceFromClusters() {
        String brand = brand("clustererase");
        List<InsightCandidate> pains = outage(brand, 4);
        await().atMost(WAIT).until(() -> queue(brand).getList("items").size() == 1
                && queue(brand).getInt("items[0].stats.mentions") == 4);
        String cluster = queue(brand).getString("items[0].id");
        UUID theirs = pains.get(0).evidenceMentionIds().get(0);
        String authorId = "author-" + theirs;

        ErasureRequest request = new ErasureRequest(ErasureRequest.SCHEMA_VERSION, UUID.randomUUID(),
                new ErasureRequest.Subject("mastodon", authorId, null), "dpo@example.com", Instant.now());
        MapFixtures.send(Topics.PRIVACY_ERASURE, "mastodon:" + authorId, request);
        await().atMost(WAIT).until(() -> as("admin").get("/api/v1/erasures").then().extract().jsonPath()
                .getList("id").contains(request.id().toString()));

        String view = as("analyst").get("/api/v1/clusters/" + cluster).then().statusCode(200)
                .body("stats.mentions", equalTo(3)).body("stats.authors", equalTo(3)).extract().asString();
        assertThat(view).doesNotContain(theirs.toString()).doesNotContain(MapFixtures.OUTAGE[0]);
    }

    /** A copy-paste post of the outage pattern, by its own low-follower account (10 followers, as every fixture). */
    private static InsightCandidate copy(String brand, int n) {
        UUID m = mention();
        MapFixtures.send(Topics.MENTIONS_SCORED, "mastodon:bot-" + m,
                MapFixtures.scored(m, brand, "bot-" + m, null, COPY));
        return arrive(candidate(brand, Zone.PAINS, "outage", COPY, Instant.now(), m));
    }

    static final String COPY = "Internet drops again and nobody can work from home, share this before they delete it";

    private static int evidenceCount(String item) {
        return as("service").get("/api/v1/items/" + item).then().statusCode(200).extract().path("evidenceCount");
    }

    @Test
    void campaignPostsNeverBecomeEvidenceOfTheValidatedItem() {
        String brand = brand("campaignmap");
        List<InsightCandidate> organic = outage(brand, 3);
        await().atMost(WAIT).until(() -> queue(brand).getList("items").size() == 1
                && queue(brand).getInt("items[0].stats.mentions") == 3);
        String cluster = queue(brand).getString("items[0].id");
        String item = as("analyst").contentType("application/json").body("{}")
                .post("/api/v1/clusters/" + cluster + "/validate").then().statusCode(200).extract().path("itemId");
        assertThat(evidenceCount(item)).isEqualTo(3);

        // Four accounts post one text: not yet a campaign (five are), so the copies follow the item as look-alikes.
        List<InsightCandidate> copies = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            copies.add(copy(brand, i));
        }
        await().atMost(WAIT).until(() -> evidenceCount(item) == 7);
        // The fifth makes it a copy-paste campaign: all five leave the item and stay PENDING with their cluster.
        copies.add(copy(brand, 4));
        await().atMost(WAIT).until(() -> evidenceCount(item) == 3);
        for (InsightCandidate c : copies) {
            JsonPath j = candidateJson(c.id());
            assertThat(j.getString("status")).isEqualTo("PENDING");
            assertThat(j.getString("itemId")).isNull();
        }
        List<String> evidence = as("service").get("/api/v1/items/" + item + "/evidence").then().statusCode(200)
                .extract().jsonPath().getList("items.mentionId");
        assertThat(evidence).containsExactlyInAnyOrderElementsOf(organic.stream()
                .map(c -> c.evidenceMentionIds().get(0).toString()).toList());
        assertThat(as("service").get("/api/v1/maps/" + brand + "/default").then().extract().asString()).doesNotContain(
                COPY);

        // A sixth copy never joins; an organic look-alike still does.
        InsightCandidate sixth = copy(brand, 5);
        InsightCandidate later = arrive(candidate(brand, Zone.PAINS, "outage",
                "The internet drops again and I can't work from home", Instant.now()));
        await().atMost(WAIT).until(() -> "auto".equals(candidateJson(later.id()).getString("reviewedBy")));
        assertThat(evidenceCount(item)).isEqualTo(4);
        assertThat(candidateJson(sixth.id()).getString("status")).isEqualTo("PENDING");
        as("analyst").get("/api/v1/clusters/" + cluster).then().body("stats.campaignMentions", equalTo(6))
                .body("stats.mentions", equalTo(4));
    }

    @Test
    void campaignPostsInAClusterStayOffTheItemItsValidationCreates() {
        String brand = brand("campaignval");
        outage(brand, 3);
        for (int i = 0; i < 5; i++) {
            copy(brand, i);
        }
        await().atMost(WAIT).until(() -> queue(brand).getList("items").size() == 1
                && queue(brand).getInt("items[0].stats.campaignMentions") == 5);
        String cluster = queue(brand).getString("items[0].id");
        assertThat(queue(brand).getList("campaigns.id")).containsExactly(cluster);
        String item = as("analyst").contentType("application/json").body("{}")
                .post("/api/v1/clusters/" + cluster + "/validate").then().statusCode(200).extract().path("itemId");
        assertThat(evidenceCount(item)).isEqualTo(3);
        assertThat(as("service").get("/api/v1/items/" + item + "/evidence").then().extract().asString()).doesNotContain(
                COPY);
    }

    @Test
    void erasingTheMedoidsAuthorRewordsTheValidatedItemTheClusterAndEveryVersion() {
        String brand = brand("clustermedoid");
        List<InsightCandidate> pains = outage(brand, 4);
        await().atMost(WAIT).until(() -> queue(brand).getList("items").size() == 1
                && queue(brand).getInt("items[0].stats.mentions") == 4);
        JsonPath q = queue(brand);
        String cluster = q.getString("items[0].id");
        String statement = q.getString("items[0].statement");
        // The statement quotes its medoid post: find whose post that is.
        InsightCandidate medoid = pains.stream().filter(c -> statement.contains(
                io.earshot.map.clusters.Clusterer.gist(c.text()))).findFirst().orElseThrow();
        UUID theirs = medoid.evidenceMentionIds().get(0);
        String item = as("analyst").contentType("application/json").body("{}")
                .post("/api/v1/clusters/" + cluster + "/validate").then().statusCode(200).extract().path("itemId");
        as("service").get("/api/v1/items/" + item).then().body("text", equalTo(statement));
        as("analyst").post("/api/v1/maps/" + brand + "/default/versions").then().statusCode(201);
        String before = as("service").get("/api/v1/maps/" + brand + "/default/versions/1").then().statusCode(200)
                .extract().asString();
        assertThat(before).contains(theirs.toString(), medoid.text());

        ErasureRequest request = new ErasureRequest(ErasureRequest.SCHEMA_VERSION, UUID.randomUUID(),
                new ErasureRequest.Subject("mastodon", "author-" + theirs, null), "dpo@example.com", Instant.now());
        MapFixtures.send(Topics.PRIVACY_ERASURE, "mastodon:author-" + theirs, request);
        await().atMost(WAIT).until(() -> as("admin").get("/api/v1/erasures").then().extract().jsonPath()
                .getList("id").contains(request.id().toString()));

        String gist = io.earshot.map.clusters.Clusterer.gist(medoid.text());
        String view = as("analyst").get("/api/v1/clusters/" + cluster).then().statusCode(200)
                .body("stats.mentions", equalTo(3)).extract().asString();
        String live = as("service").get("/api/v1/items/" + item).then().statusCode(200).body("evidenceCount", equalTo(
                3))
                .extract().asString();
        String version = as("service").get("/api/v1/maps/" + brand + "/default/versions/1").then().statusCode(200)
                .extract().asString();
        String export = as("service").queryParam("format", "markdown").get("/api/v1/maps/" + brand + "/default/export")
                .then().statusCode(200).extract().asString();
        for (String text : List.of(view, live, version, export)) {
            assertThat(text).doesNotContain(theirs.toString()).doesNotContain(medoid.text()).doesNotContain(gist);
        }
        // The item and the version now read the statement synthesized from the remaining posts.
        String reworded = as("analyst").get("/api/v1/clusters/" + cluster).then().extract().path("statement");
        assertThat(reworded).startsWith("Struggles with outage: ");
        as("service").get("/api/v1/items/" + item).then().body("text", equalTo(reworded));
        assertThat(version).contains(reworded);
    }

    private static io.restassured.specification.RequestSpecification given() {
        return io.restassured.RestAssured.given();
    }
}
