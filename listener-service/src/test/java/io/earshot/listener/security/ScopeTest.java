package io.earshot.listener.security;

import static io.earshot.testing.ScopeMatrix.filtered;
import static io.earshot.testing.ScopeMatrix.hidden;
import static io.earshot.testing.ScopeMatrix.unscoped;
import static io.earshot.testing.SecurityMatrix.api;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.earshot.listener.ingest.MentionResource;
import io.earshot.testing.ScopeMatrix;
import io.earshot.testing.ScopeMatrix.ScopeRow;
import io.earshot.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Brand scopes in the listener (issue #26 finding 1, docs/security.md "Brand and queue scopes"): every endpoint with
 * a user whose token grants the resource's brand and one whose token grants another brand only. Mentions, imports and
 * sources of another brand are 404 and left out of listings; ingest and imports for another brand are refused.
 */
@QuarkusTest
class ScopeTest {
    static final List<String> ROLES = List.of("service", "admin", "agent");

    static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    static String mention(String brand) {
        String externalId = "scope-" + UUID.randomUUID();
        return """
                {"source":"mastodon","externalId":"%s","url":"https://mastodon.example/@ann/1","brand":"%s",
                 "author":{"id":"ann-42","handle":"@ann","displayName":"Ann","followers":120,"verified":false},
                 "text":"where is my parcel","lang":"en","createdAt":"2026-11-20T10:00:00Z"}
                """.formatted(externalId, brand);
    }

    static String source(String brand) {
        return """
                {"kind":"mastodon","brand":"%s","status":"PAUSED","pollInterval":"PT1H",
                 "config":{"baseUrl":"https://mastodon.example","hashtag":"%s"}}""".formatted(brand, brand);
    }

    static String turn(String brand, String turnId) {
        return """
                {"turnId":"%s","speaker":"customer","text":"where is my parcel","time":"2026-12-07T10:00:00Z",
                 "channel":"web","brand":"%s","customerHandle":"@ann"}""".formatted(turnId, brand);
    }

    static JsonPath imported(String token, String brand, String jsonl) {
        String id = as(token).contentType("application/x-ndjson").queryParam("brand", brand)
                .body(jsonl.getBytes(StandardCharsets.UTF_8)).post("/api/v1/imports").then().statusCode(202).extract()
                .path("id");
        return await().atMost(Duration.ofSeconds(60)).until(() -> as(token).get("/api/v1/imports/" + id).then()
                .statusCode(200).extract().jsonPath(), j -> !"RUNNING".equals(j.getString("state")));
    }

    @Test
    void everyEndpointHidesWhatIsOutsideTheCallersBrands() {
        String brand = "sc" + UUID.randomUUID().toString().substring(0, 8);
        String other = "so" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> in = new HashMap<>();
        Map<String, String> out = new HashMap<>();
        for (String role : ROLES) {
            in.put(role, TestTokens.scoped("in-" + role, List.of(brand), null, role));
            out.put(role, TestTokens.scoped("out-" + role, List.of(other), null, role));
        }
        String mention = as(in.get("service")).body(mention(brand)).post("/api/v1/mentions").then().statusCode(202)
                .extract().path("ids[0]");
        String imp = imported(in.get("service"), brand, "{\"text\":\"hello\"}\n").getString("id");
        String src = as(in.get("admin")).body(source(brand)).post("/api/v1/sources").then().statusCode(201).extract()
                .path("id");
        String s = "/api/v1/sources/" + src;
        String conv = "/api/v1/conversations/scope-" + UUID.randomUUID();
        as(in.get("service")).body(turn(brand, "t1")).post(conv + "/turns").then().statusCode(202);
        List<ScopeRow> rows = List.of(
                hidden(api("POST", "/api/v1/mentions").json(mention(brand)), "service"),
                hidden(api("GET", "/api/v1/mentions/" + mention), "agent"),
                hidden(api("POST", "/api/v1/imports?brand=" + brand).body("application/x-ndjson",
                        "{\"text\":\"hi\"}\n"),
                        "service"),
                hidden(api("GET", "/api/v1/imports/" + imp), "admin"),
                hidden(api("GET", "/api/v1/imports/" + imp + "/errors"), "service"),
                hidden(api("POST", conv + "/turns").json(turn(brand, "t2")), "service"),
                hidden(api("GET", conv), "agent"),
                hidden(api("POST", "/api/v1/sources").json(source(brand)), "admin"),
                filtered(api("GET", "/api/v1/sources?limit=200"), "admin", src),
                hidden(api("GET", s), "admin"),
                hidden(api("PATCH", s).json("{\"pollInterval\":\"PT2H\"}"), "admin"),
                hidden(api("POST", s + "/pause"), "admin"),
                hidden(api("POST", s + "/resume"), "admin"),
                hidden(api("GET", s + "/health"), "admin"),
                hidden(api("DELETE", s), "admin"),
                unscoped(api("POST", "/api/v1/erasures"), "a person's data across every brand; admin only"),
                unscoped(api("GET", "/api/v1/erasures"), "a person's data across every brand; admin only"),
                unscoped(api("GET", "/api/v1/erasures/" + src), "a person's data across every brand; admin only"),
                unscoped(api("POST", "/api/v1/opt-outs"), "a person's opt-out holds for every brand; admin only"),
                unscoped(api("GET", "/api/v1/opt-outs"), "a person's opt-out holds for every brand; admin only"),
                unscoped(api("GET", "/api/v1/opt-outs/" + src), "a person's opt-out holds for every brand; admin only"),
                unscoped(api("DELETE", "/api/v1/opt-outs/" + src), "a person's opt-out holds for every brand"));
        ScopeMatrix scope = new ScopeMatrix(SecurityMatrixTest.MATRIX, in, out, rows);
        scope.assertCovers("io.earshot.listener", MentionResource.class);
        scope.check();
        // A machine client limited to one brand cannot ingest a batch that names another; nothing of it is taken.
        as(in.get("service")).body("[" + mention(brand) + "," + mention(other) + "]").post("/api/v1/mentions").then()
                .statusCode(404).contentType("application/problem+json");
    }

    @Test
    void anImportRowNamingAnotherBrandIsARowError() {
        String brand = "sc" + UUID.randomUUID().toString().substring(0, 8);
        String token = TestTokens.scoped("import-service", List.of(brand), null, "service");
        String at = ",\"createdAt\":\"2026-11-20T10:00:00Z\"}\n";
        JsonPath done = imported(token, brand, "{\"text\":\"mine\"" + at
                + "{\"text\":\"theirs\",\"brand\":\"elsewhere\"" + at);
        assertThat(done.getLong("accepted")).isEqualTo(1);
        assertThat(done.getLong("failed")).isEqualTo(1);
        assertThat(as(token).get("/api/v1/imports/" + done.getString("id") + "/errors").then().statusCode(200).extract()
                .jsonPath().getList("items.field")).containsExactly("brand");
    }
}
