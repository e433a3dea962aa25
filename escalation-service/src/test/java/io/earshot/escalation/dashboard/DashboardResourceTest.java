package io.earshot.escalation.dashboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;

import io.earshot.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DashboardResourceTest {
    static final List<String> ENDPOINTS = List.of("/api/v1/crises", "/api/v1/crises/" + UUID.randomUUID(),
            "/api/v1/coordination-clusters", "/api/v1/dashboard/stream?brand=acme", "/api/v1/windows?brand=acme",
            "/api/v1/windows/hours?brand=acme");

    @Test
    void everyDashboardEndpointNeedsATokenAndACommsLeadOrAdminRole() {
        for (String path : ENDPOINTS) {
            given().get(path).then().statusCode(401).contentType("application/problem+json");
            given().header("Authorization", "Bearer " + TestTokens.expired("comms")).get(path).then().statusCode(401);
            for (String role : List.of("agent", "analyst", "service")) {
                given().header("Authorization", TestTokens.bearer(role)).get(path).then().statusCode(403)
                        .contentType("application/problem+json");
            }
        }
        for (String role : List.of("comms", "lead", "admin")) {
            given().header("Authorization", TestTokens.bearer(role)).get("/api/v1/crises").then().statusCode(200);
            given().header("Authorization", TestTokens.bearer(role)).get("/api/v1/coordination-clusters").then()
                    .statusCode(200);
        }
    }

    @Test
    void badParametersAreProblemsNamingTheField() {
        String comms = TestTokens.bearer("comms");
        given().header("Authorization", comms).queryParam("state", "lost").get("/api/v1/crises")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("state"));
        given().header("Authorization", comms).queryParam("limit", 0).get("/api/v1/crises")
                .then().statusCode(400).body("errors.field", hasItem("limit"));
        given().header("Authorization", comms).queryParam("cursor", "garbage").get("/api/v1/coordination-clusters")
                .then().statusCode(400).body("errors.field", hasItem("cursor"));
        given().header("Authorization", comms).get("/api/v1/crises/not-a-uuid").then().statusCode(404);
        given().header("Authorization", comms).get("/api/v1/crises/" + UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
        given().header("Authorization", comms).get("/api/v1/windows")
                .then().statusCode(400).body("errors.field", hasItem("brand"));
        given().header("Authorization", comms).queryParam("brand", "acme").queryParam("minutes", "0").get(
                "/api/v1/windows")
                .then().statusCode(400).body("errors.field", hasItem("minutes"));
        given().header("Authorization", comms).queryParam("brand", "acme").queryParam("hours", "x").get(
                "/api/v1/windows/hours")
                .then().statusCode(400).body("errors.field", hasItem("hours"));
        given().header("Authorization", comms).queryParam("brand", "x".repeat(65)).get("/api/v1/dashboard/stream")
                .then().statusCode(400).body("errors.field", hasItem("brand"));
    }
}
