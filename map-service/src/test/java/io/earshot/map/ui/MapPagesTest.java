package io.earshot.map.ui;

import static io.earshot.map.maps.MapFixtures.arrive;
import static io.earshot.map.maps.MapFixtures.as;
import static io.earshot.map.maps.MapFixtures.brand;
import static io.earshot.map.maps.MapFixtures.candidate;
import static io.earshot.map.maps.MapFixtures.candidateJson;
import static io.earshot.map.maps.MapFixtures.validate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import io.earshot.contracts.events.InsightCandidate;
import io.earshot.contracts.events.Zone;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The canvas and review queue pages over HTTP: content, decisions through the review service, roles, bad input. */
@QuarkusTest
class MapPagesTest {
    static final Instant RECENT = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS);
    static final String EVIL = "<script>window.pwned=1</script><img src=x onerror=\"window.pwned=2\"> & \"quotes\"";
    static final String EVIL_ESCAPED = "&lt;script&gt;window.pwned=1&lt;/script&gt;&lt;img src=x onerror=&quot;window.pwned=2&quot;&gt; &amp; &quot;quotes&quot;";

    static String canvas(String brand) {
        return "/ui/maps/" + brand + "/default";
    }

    @Test
    void reviewFormsDecideThroughTheReviewServiceAndTheCanvasShowsOnlyValidatedItems() {
        String brand = brand("uireview");
        InsightCandidate keep = arrive(candidate(brand, Zone.PAINS, "logout", "logs me out every morning", RECENT));
        InsightCandidate drop = arrive(candidate(brand, Zone.GAINS, "refund", "spam spam spam", RECENT));

        String queue = as("analyst").queryParam("brand", brand).get("/ui/review").then().statusCode(200)
                .contentType(containsString("text/html")).extract().asString();
        assertThat(queue).contains("logs me out every morning", "spam spam spam",
                "action=\"/ui/review/" + keep.id() + "/validate\"", "action=\"/ui/review/" + drop.id() + "/reject\"");
        // Nothing is on the map before an analyst validates it.
        as("comms").get(canvas(brand)).then().statusCode(200).body(not(containsString("logs me out every morning")));

        String location = as("analyst").redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("brand", brand).formParam("persona", "").formParam("text",
                        "The app logs me out every morning")
                .formParam("theme", "logout")
                .post("/ui/review/" + keep.id() + "/validate").then().statusCode(303).extract().header("Location");
        assertThat(location).endsWith("/ui/review?brand=" + brand + "&validated=" + keep.id());
        assertThat(candidateJson(keep.id()).getString("status")).isEqualTo("VALIDATED");
        assertThat(candidateJson(keep.id()).getString("reviewedBy")).isEqualTo("test-analyst");
        String after = as("analyst").get(location).then().statusCode(200).extract().asString();
        assertThat(after).contains("role=\"status\"", "Validated:", "Open the map")
                .doesNotContain("action=\"/ui/review/" + keep.id() + "/validate\"");

        // The service's refusals come back as the queue with its message, never a stack trace.
        String missing = as("analyst").contentType("application/x-www-form-urlencoded").formParam("brand", brand)
                .formParam("reason", " ").post("/ui/review/" + drop.id() + "/reject").then().statusCode(400)
                .contentType(containsString("text/html")).extract().asString();
        assertThat(missing).contains("role=\"alert\"", "reason: is required");
        as("analyst").contentType("application/x-www-form-urlencoded").formParam("theme", "logout")
                .post("/ui/review/" + keep.id() + "/validate").then().statusCode(409)
                .body(containsString("was already reviewed"));
        as("analyst").redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("brand", brand).formParam("reason", "not an insight")
                .post("/ui/review/" + drop.id() + "/reject").then().statusCode(303);
        assertThat(candidateJson(drop.id()).getString("status")).isEqualTo("REJECTED");
        assertThat(candidateJson(drop.id()).getString("rejectReason")).isEqualTo("not an insight");

        String page = as("comms").get(canvas(brand)).then().statusCode(200).extract().asString();
        assertThat(page).contains("The app logs me out every morning", "1 mention", "rising", "id=\"zone-pains\"")
                .doesNotContain("spam spam spam");
        for (String zone : new String[]{"Says", "Thinks", "Does", "Feels", "Sees", "Hears", "Pains", "Gains"}) {
            assertThat(page).contains(">" + zone + "</h2>");
        }
        String itemId = candidateJson(keep.id()).getString("itemId");
        assertThat(page).contains("?item=" + itemId + "#quotes");
        as("comms").queryParam("item", itemId).get(canvas(brand)).then().statusCode(200)
                .body(containsString("id=\"quotes\""), containsString("logs me out every morning"),
                        containsString(keep.evidenceMentionIds().get(0).toString()));
    }

    @Test
    void snapshotsFromThePageAndTheVersionPickerMarksWhatChanged() {
        String brand = brand("uidiff");
        InsightCandidate first = arrive(candidate(brand, Zone.SAYS, "love", "I love this app", RECENT));
        InsightCandidate second = arrive(candidate(brand, Zone.DOES, "switch", "switched to a rival", RECENT));
        String firstItem = validate(first);
        String v1 = as("analyst").redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .post(canvas(brand) + "/versions").then().statusCode(303).extract().header("Location");
        assertThat(v1).endsWith(canvas(brand) + "?version=1");
        String secondItem = validate(second);
        as("analyst").contentType("application/json").body("{\"text\":\"I really love this app\"}")
                .put("/api/v1/items/" + firstItem).then().statusCode(200);
        String v2 = as("analyst").redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .post(canvas(brand) + "/versions").then().statusCode(303).extract().header("Location");
        assertThat(v2).endsWith(canvas(brand) + "?version=2&compare=1");

        String diff = as("comms").get(v2).then().statusCode(200).extract().asString();
        assertThat(diff).contains("Changes from version 1 to version 2", "1 added", "0 removed", "1 changed",
                "<option value=\"2\" selected>", "<option value=\"1\" selected>", "was: I love this app");
        assertThat(diff).containsPattern("class=\"item size-\\d added\" href=\"[^\"]*item=" + secondItem);
        assertThat(diff).containsPattern("class=\"item size-\\d changed\" href=\"[^\"]*item=" + firstItem);
        // Backwards, the newer item shows as removed (struck through in its zone).
        String back = as("comms").queryParam("version", "1").queryParam("compare", "2").get(canvas(brand)).then()
                .statusCode(200).extract().asString();
        assertThat(back).containsPattern("class=\"item size-\\d removed\" href=\"[^\"]*item=" + secondItem)
                .contains("switched to a rival");
        // Comms reads but gets no snapshot button, and the server refuses one anyway.
        assertThat(diff).doesNotContain("id=\"snapshot\"");
        assertThat(as("analyst").get(canvas(brand)).then().statusCode(200).extract().asString()).contains(
                "id=\"snapshot\"");
        as("comms").contentType("application/x-www-form-urlencoded").post(canvas(brand) + "/versions").then()
                .statusCode(403);
    }

    @Test
    void injectionStringsInCandidateTextRenderAsText() {
        String brand = brand("uievil");
        InsightCandidate evil = arrive(candidate(brand, Zone.FEELS, "<b>theme</b>", EVIL, RECENT));
        String queue = as("analyst").queryParam("brand", brand).get("/ui/review").then().statusCode(200).extract()
                .asString();
        assertThat(queue).contains(EVIL_ESCAPED).doesNotContain("<script>window.pwned", "<img src=x", "<b>theme</b>")
                .contains("&lt;b&gt;theme&lt;/b&gt;");
        String item = validate(evil);
        String page = as("analyst").queryParam("item", item).get(canvas(brand)).then().statusCode(200).extract()
                .asString();
        assertThat(page).contains(EVIL_ESCAPED).doesNotContain("<script>window.pwned", "<img src=x");
        String notice = as("analyst").queryParam("validated", evil.id().toString()).get("/ui/review").then()
                .statusCode(200).extract().asString();
        assertThat(notice).contains("Validated:", EVIL_ESCAPED).doesNotContain("<script>window.pwned");
    }

    @ParameterizedTest
    @ValueSource(strings = {"agent", "lead", "service"})
    void rolesWithoutMapPagesGet403(String role) {
        as(role).get("/ui/maps").then().statusCode(403);
        as(role).get(canvas("acme")).then().statusCode(403);
        as(role).get("/ui/review").then().statusCode(403);
    }

    @Test
    void commsReadsMapsButNotTheQueueAndAdminReadsTheQueueWithoutDecisions() {
        as("comms").get("/ui/maps").then().statusCode(200).body(containsString("Empathy maps"));
        as("comms").get("/ui/review").then().statusCode(403);
        String admin = as("admin").get("/ui/review").then().statusCode(200).extract().asString();
        assertThat(admin).doesNotContain("class=\"validate-button\"", "class=\"secondary reject-button\"");
        as("admin").contentType("application/x-www-form-urlencoded").formParam("theme", "x")
                .post("/ui/review/" + java.util.UUID.randomUUID() + "/validate").then().statusCode(403);
        as("comms").contentType("application/x-www-form-urlencoded").formParam("reason", "x")
                .post("/ui/review/" + java.util.UUID.randomUUID() + "/reject").then().statusCode(403);
    }

    @Test
    void badParametersAnswerAnErrorPageNamingTheField() {
        as("analyst").queryParam("version", "abc").get(canvas("acme")).then().statusCode(400)
                .contentType(containsString("text/html")).body(containsString("version"), not(containsString(
                        "Exception")));
        as("analyst").queryParam("version", "999").get(canvas("nosuch-brand")).then().statusCode(404)
                .contentType(containsString("text/html"));
        as("analyst").queryParam("item", "not-a-uuid").get(canvas("acme")).then().statusCode(400)
                .body(containsString("item"));
        as("analyst").queryParam("cursor", "%%%").get("/ui/review").then().statusCode(400);
        as("analyst").contentType("application/x-www-form-urlencoded").formParam("theme", "x")
                .post("/ui/review/nope/validate").then().statusCode(400).body(containsString("must be a UUID"));
        as("analyst").get("/ui/maps/" + "b".repeat(65) + "/default").then().statusCode(400)
                .body(containsString("brand"));
    }
}
