package io.earshot.map.personas;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.earshot.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class PersonaResourceTest {
    static final String PATH = "/api/v1/personas";

    static RequestSpecification as(String role) {
        return given().header("Authorization", TestTokens.bearer(role));
    }

    static String body(String brand, String name) {
        return "{\"brand\":\"" + brand + "\",\"name\":\"" + name + "\",\"description\":\"rides the train daily\","
                + "\"rules\":{\"topics\":[\"login\"],\"sources\":[\"mastodon\"],\"keywords\":[\"commute\"],\"tiers\":[\"gold\"]}}";
    }

    @Test
    void analystsCreateUpdateAndPagePersonas() {
        String brand = "personas-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> ids = new ArrayList<>();
        for (String name : List.of("commuter", "student", "retiree")) {
            ids.add(as("analyst").contentType("application/json").body(body(brand, name)).post(PATH).then()
                    .statusCode(201).body("name", equalTo(name)).body("rules.keywords", contains("commute"))
                    .body("rules.tiers", contains("gold")).extract().path("id"));
        }
        as("analyst").contentType("application/json").body(body(brand, "commuter")).post(PATH).then().statusCode(409)
                .contentType("application/problem+json");
        as("analyst").contentType("application/json")
                .body("{\"description\":\"works from home now\",\"rules\":{\"topics\":[\"wifi\"]}}")
                .put(PATH + "/" + ids.get(0)).then().statusCode(200).body("description", equalTo("works from home now"))
                .body("rules.topics", contains("wifi")).body("rules.keywords", hasSize(0)).body("version", equalTo(1));
        as("service").get(PATH + "/" + ids.get(0)).then().statusCode(200).body("brand", equalTo(brand));

        List<String> seen = new ArrayList<>();
        JsonPath first = as("comms").queryParam("brand", brand).queryParam("limit", 2).get(PATH).then().statusCode(200)
                .extract().jsonPath();
        seen.addAll(first.getList("items.id"));
        as("comms").queryParam("brand", brand).queryParam("limit", 2).queryParam("cursor", first.getString(
                "nextCursor"))
                .get(PATH).then().statusCode(200).body("nextCursor", nullValue())
                .extract().jsonPath().getList("items.id", String.class).forEach(seen::add);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(ids).doesNotHaveDuplicates();

        // The goal section of a persona's map is set on the map and shows on the persona.
        as("analyst").contentType("application/json").body(
                "{\"who\":\"daily commuters\",\"needs\":\"buy a ticket fast\"}")
                .put("/api/v1/maps/" + brand + "/commuter/goal").then().statusCode(200);
        as("service").get(PATH + "/" + ids.get(0)).then().body("goal.who", equalTo("daily commuters"));
        as("service").get("/api/v1/maps/" + brand + "/commuter").then().body("goal.needs", equalTo(
                "buy a ticket fast"));
    }

    @Test
    void badInputIsAProblemNamingTheField() {
        as("analyst").contentType("application/json").body("{\"brand\":\"acme\"}").post(PATH).then().statusCode(400)
                .body("errors.field", hasItem("persona"));
        as("analyst").contentType("application/json").body("{\"name\":\"x\"}").post(PATH).then().statusCode(400)
                .body("errors.field", hasItem("brand"));
        as("analyst").contentType("application/json")
                .body("{\"brand\":\"acme\",\"name\":\"x\",\"rules\":{\"keywords\":[\"\"]}}").post(PATH).then()
                .statusCode(400).body("errors.field", hasItem("rules.keywords[0]"));
        as("analyst").contentType("application/json").body(
                "{\"brand\":\"acme\",\"name\":\"x\",\"rules\":{\"tiers\":{\"gold\":1}}}")
                .post(PATH).then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem(
                        "rules.tiers"));
        as("analyst").contentType("application/json").body("{}").put(PATH + "/" + UUID.randomUUID()).then().statusCode(
                404);
        as("analyst").get(PATH + "/not-a-uuid").then().statusCode(400).body("errors.field", hasItem("id"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"comms", "service", "admin", "agent", "lead"})
    void onlyAnalystsEditPersonas(String role) {
        as(role).contentType("application/json").body(body("acme", "nobody")).post(PATH).then().statusCode(403);
        as(role).contentType("application/json").body("{}").put(PATH + "/" + UUID.randomUUID()).then().statusCode(403);
    }

    @Test
    void readingNeedsAToken() {
        given().get(PATH).then().statusCode(401);
        given().get(PATH + "/" + UUID.randomUUID()).then().statusCode(401);
        given().contentType("application/json").body(body("acme", "nobody")).post(PATH).then().statusCode(401)
                .contentType("application/problem+json");
        given().contentType("application/json").body("{}").put(PATH + "/" + UUID.randomUUID()).then().statusCode(401);
        as("agent").get(PATH).then().statusCode(403);
        as("lead").get(PATH + "/" + UUID.randomUUID()).then().statusCode(403);
        as("admin").get(PATH).then().statusCode(200);
    }
}
