package io.earshot.map.review;

import static io.earshot.map.review.CandidateEvents.brand;
import static io.earshot.map.review.CandidateEvents.candidate;
import static io.earshot.map.review.CandidateEvents.send;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.earshot.contracts.events.InsightCandidate;
import io.earshot.platform.http.PageCursor;
import io.earshot.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class CandidateResourceTest {
    static final String PATH = "/api/v1/candidates";

    static RequestSpecification analyst() {
        return given().header("Authorization", TestTokens.bearer("analyst"));
    }

    @Test
    void pagesWalkEveryCandidateOnceNewestFirst() {
        String brand = brand("pages");
        InsightCandidate[] candidates = IntStream.range(0, 7).mapToObj(i -> candidate(brand, "theme-" + i))
                .toArray(InsightCandidate[]::new);
        send(candidates);
        await().atMost(Duration.ofSeconds(120)).until(() -> analyst().queryParam("brand", brand)
                .queryParam("limit", 200).get(PATH).then().statusCode(200).extract().jsonPath().getList("items")
                .size() == 7);

        List<String> seen = new ArrayList<>();
        List<Instant> receivedAt = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            RequestSpecification request = analyst().queryParam("brand", brand.toUpperCase(java.util.Locale.ROOT))
                    .queryParam("status", "PENDING").queryParam("limit", 3);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get(PATH).then().statusCode(200).contentType("application/json").extract()
                    .jsonPath();
            List<String> ids = page.getList("items.id");
            assertThat(ids).hasSizeLessThanOrEqualTo(3).isNotEmpty();
            seen.addAll(ids);
            page.<String>getList("items.receivedAt").forEach(t -> receivedAt.add(Instant.parse(t)));
            cursor = page.getString("nextCursor");
            pages++;
            assertThat(pages).isLessThanOrEqualTo(3);
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(7).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(List.of(candidates).stream().map(c -> c.id().toString()).toList());
        assertThat(receivedAt).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }

    @Test
    void filtersByStatusAndBrand() {
        String brand = brand("filter");
        InsightCandidate c = candidate(brand, "filter");
        send(c);
        await().atMost(Duration.ofSeconds(120)).until(() -> analyst().get(PATH + "/" + c.id()).then().extract()
                .statusCode() == 200);
        analyst().queryParam("brand", brand).queryParam("status", "pending").get(PATH).then().statusCode(200)
                .body("items", hasSize(1)).body("nextCursor", nullValue());
        analyst().queryParam("brand", brand).queryParam("status", "VALIDATED").get(PATH).then().statusCode(200)
                .body("items", hasSize(0)).body("nextCursor", nullValue());
        analyst().queryParam("brand", brand("nobody")).get(PATH).then().statusCode(200).body("items", hasSize(0));
        analyst().queryParam("limit", 1).get(PATH).then().statusCode(200).body("items", hasSize(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "201", "-1", "abc", "1.5", "99999999999"})
    void badLimitIsAProblemNamingLimit(String limit) {
        analyst().queryParam("limit", limit).get(PATH).then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400)).body("errors.field", hasItem("limit"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not a cursor!", "bm9wZQ", "AAAA", "MjAyNi0xMS0yMFQwODowMDowMFp8eHh4"})
    void badCursorIsAProblemNamingCursor(String cursor) {
        analyst().queryParam("cursor", cursor).get(PATH).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("cursor"));
    }

    @Test
    void aCursorWithAForgedTimestampIsRejected() {
        String forged = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("yesterday|" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
        analyst().queryParam("cursor", forged).get(PATH).then().statusCode(400).body("errors.field", hasItem("cursor"));
    }

    @Test
    void aWellFormedCursorPastTheEndGivesAnEmptyPage() {
        String cursor = new PageCursor(Instant.parse("2000-01-01T00:00:00Z"), UUID.randomUUID()).encode();
        analyst().queryParam("cursor", cursor).get(PATH).then().statusCode(200)
                .body("items", hasSize(0)).body("nextCursor", nullValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"OPEN", "pending'; drop table candidates; --"})
    void unknownStatusIsAProblemNamingStatus(String status) {
        analyst().queryParam("status", status).get(PATH).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("status")).body("detail", containsString("PENDING"));
    }

    @Test
    void emptyParametersMeanAbsentOnes() {
        analyst().queryParam("status", "").queryParam("brand", "").queryParam("limit", "").queryParam("cursor", "")
                .get(PATH).then().statusCode(200).contentType("application/json");
    }

    @Test
    void overlongBrandIsAProblemNamingBrand() {
        analyst().queryParam("brand", "b".repeat(65)).get(PATH).then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("brand"));
    }

    @Test
    void unknownCandidateIs404Problem() {
        analyst().get(PATH + "/" + UUID.randomUUID()).then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404)).body("detail", containsString("not found"));
    }

    @Test
    void malformedIdIsAProblemNotA500() {
        analyst().get(PATH + "/not-a-uuid").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("id"));
    }
}
