package io.earshot.escalation.crm;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.earshot.escalation.Fixtures;
import io.earshot.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CustomerApiTest {
    static RequestSpecification as(String role) {
        return given().header("Authorization", TestTokens.bearer(role)).contentType(ContentType.JSON);
    }

    @Test
    void importsAreIdempotentAndAHandleBelongsToOneCustomer() {
        String b = Fixtures.brand();
        Map<String, Object> ann = Map.of("id", "ann-" + b, "name", "Ann", "tier", "gold", "lifetimeValue", 120.5,
                "handles", List.of(Map.of("network", "reddit", "handle", "@Ann" + b), Map.of("network", "mastodon",
                        "handle", "ann@x")));
        as("service").body(List.of(ann)).post("/api/v1/customers").then().statusCode(200).body("upserted", equalTo(1));
        as("admin").body(List.of(ann)).post("/api/v1/customers").then().statusCode(200);
        as("agent").get("/api/v1/customers/ann-" + b).then().statusCode(200).body("tier", equalTo("gold"))
                .body("handles.handle", equalTo(List.of("ann@x", "ann" + b)));
        // The reddit handle moves to a new record: it is no longer Ann's.
        as("lead").body(List.of(Map.of("id", "ann2-" + b, "handles", List.of(Map.of("network", "reddit", "handle", "ann"
                + b)))))
                .post("/api/v1/customers").then().statusCode(200);
        as("agent").get("/api/v1/customers/ann-" + b).then().statusCode(200).body("handles.network", equalTo(List.of(
                "mastodon")));
        as("agent").get("/api/v1/customers/ann2-" + b).then().statusCode(200).body("tier", equalTo("standard"));
    }

    @Test
    void badRecordsAreRejectedNamingTheField() {
        as("lead").body(List.of(Map.of("id", "x y", "lifetimeValue", -1, "handles", List.of(Map.of("network", "Red Dit",
                "handle", "")))))
                .post("/api/v1/customers").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("[0].id")).body("errors.field", hasItem("[0].lifetimeValue"))
                .body("errors.field", hasItem("[0].handles[0].network")).body("errors.field", hasItem(
                        "[0].handles[0].handle"));
        as("lead").body(List.of()).post("/api/v1/customers").then().statusCode(400).body("errors.field", hasItem(
                "body"));
        as("lead").body(List.of(Map.of("id", "ok", "handles", List.of()))).post("/api/v1/customers").then().statusCode(
                400)
                .body("errors.field", hasItem("[0].handles"));
        as("agent").get("/api/v1/customers/nobody-here").then().statusCode(404);
    }

    @Test
    void rolesAreEnforcedOnCustomers() {
        as("agent").body(List.of()).post("/api/v1/customers").then().statusCode(403);
        as("comms").get("/api/v1/customers/x").then().statusCode(403);
        given().get("/api/v1/customers/x").then().statusCode(401);
    }
}
