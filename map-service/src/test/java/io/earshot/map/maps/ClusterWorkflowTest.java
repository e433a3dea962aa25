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
        InsightCandidate lonely = arrive(candidate(brand, Zone.GAINS, "price", "Would love a cheaper plan", Instant.now()));

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
                .post("/api/v1/clusters/" + cluster + "/reject").then().statusCode(200).body("status", equalTo("REJECTED"));
        assertThat(queue(brand).getList("items")).isEmpty();
    }

    @Test
    void copiesCountOncePerAuthorAndCampaignsStayApart() {
        String brand = brand("campaign");
        // Five low-follower accounts post one text: a copy-paste campaign.
        for (int i = 0; i < 5; i++) {
            arrive(candidate(brand, Zone.PAINS, "security", "BREAKING they leaked customer passwords, delete your account now",
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

    private static io.restassured.specification.RequestSpecification given() {
        return io.restassured.RestAssured.given();
    }
}
