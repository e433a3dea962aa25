package io.earshot.listener.sources;

import static io.restassured.RestAssured.given;

import io.earshot.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

/** REST Assured helpers for /api/v1/sources with an admin token. */
final class SourceApi {
    static final String PATH = "/api/v1/sources";

    private SourceApi() {}

    static ValidatableResponse create(String body) {
        return given().header("Authorization", TestTokens.bearer("admin")).contentType(ContentType.JSON).body(body)
                .post(PATH).then();
    }

    static String createId(String body) {
        return create(body).statusCode(201).extract().path("id");
    }

    /** How many sources the admin sees (one page of at most 200). */
    static int count() {
        return given().header("Authorization", TestTokens.bearer("admin")).queryParam("limit", 200).get(PATH).then()
                .statusCode(200).extract().jsonPath().getList("items").size();
    }

    static JsonPath get(String id) {
        return given().header("Authorization", TestTokens.bearer("admin")).get(PATH + "/" + id).then().statusCode(200)
                .extract().jsonPath();
    }

    static ValidatableResponse action(String id, String action) {
        return given().header("Authorization", TestTokens.bearer("admin")).post(PATH + "/" + id + "/" + action).then();
    }

    static void delete(String id) {
        given().header("Authorization", TestTokens.bearer("admin")).delete(PATH + "/" + id).then().statusCode(204);
    }

    static String mastodon(String baseUrl, String hashtag, String query, String interval, String extraConfig) {
        return """
                {"kind":"mastodon","brand":"Acme","query":%s,"pollInterval":"%s",
                 "config":{"baseUrl":"%s","hashtag":"%s"%s}}
                """.formatted(query == null ? "null" : "\"" + query.replace("\"", "\\\"") + "\"", interval, baseUrl,
                hashtag,
                extraConfig == null ? "" : "," + extraConfig);
    }
}
