package io.earshot.escalation.crm;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import io.earshot.escalation.Fixtures;
import io.earshot.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CustomerLinkTest {
    static RequestSpecification as(String role) {
        return given().header("Authorization", TestTokens.bearer(role)).contentType(ContentType.JSON);
    }

    static String customer(String id) {
        return as("agent").get("/api/v1/customers/" + id).then().statusCode(200).extract().asString();
    }

    @Test
    void mergingACustomerInIsUndoneExactlyAndAudited() {
        String b = Fixtures.brand();
        String ann = "ann-" + b;
        String bob = "bob-" + b;
        as("lead").body(List.of(
                Map.of("id", ann, "name", "Ann", "tier", "gold", "lifetimeValue", 500,
                        "handles", List.of(Map.of("network", "reddit", "handle", "u/Ann" + b))),
                Map.of("id", bob, "name", "Bob", "tier", "standard", "lifetimeValue", 20, "press", true,
                        "handles", List.of(Map.of("network", "mastodon", "handle", "bob" + b, "replyHandle", "@Bob" + b
                                + "@mastodon.social"),
                                Map.of("network", "bluesky", "handle", "bob" + b + ".bsky.social")))))
                .post("/api/v1/customers").then().statusCode(200);
        String annBefore = customer(ann);
        String bobBefore = customer(bob);

        // Bob's mastodon account is Ann: Bob's record is merged into Ann's.
        String linkId = as("lead").body(Map.of("network", "mastodon", "handle", "@BOB" + b))
                .post("/api/v1/customers/" + ann + "/links").then().statusCode(201)
                .body("mergedCustomerId", equalTo(bob)).body("createdBy", notNullValue())
                .extract().path("id");
        JsonPath merged = JsonPath.from(customer(ann));
        // Every channel keeps its own handle and reply spelling.
        assertThat(merged.getList("handles.network")).containsExactly("bluesky", "mastodon", "reddit");
        assertThat(merged.getString("handles.find { it.network == 'mastodon' }.replyHandle")).isEqualTo("@Bob" + b
                + "@mastodon.social");
        assertThat(merged.getString("handles.find { it.network == 'reddit' }.replyHandle")).isEqualTo("u/Ann" + b);
        assertThat(merged.getString("handles.find { it.network == 'bluesky' }.linkId")).isEqualTo(linkId);
        assertThat(merged.getString("handles.find { it.network == 'reddit' }.linkId")).isNull();
        assertThat(merged.getString("tier")).isEqualTo("gold");
        as("agent").get("/api/v1/customers/" + bob).then().statusCode(200).body("mergedInto", equalTo(ann))
                .body("handles.size()", equalTo(0));
        // A merged customer cannot take links until it is unmerged; an import does not steal linked handles back.
        as("lead").body(Map.of("network", "reddit", "handle", "x" + b)).post("/api/v1/customers/" + bob + "/links")
                .then().statusCode(409).contentType("application/problem+json");
        as("lead").body(List.of(Map.of("id", ann, "name", "Ann", "tier", "gold", "lifetimeValue", 500,
                "handles", List.of(Map.of("network", "reddit", "handle", "u/Ann" + b)))))
                .post("/api/v1/customers").then().statusCode(200);
        assertThat(JsonPath.from(customer(ann)).getList("handles.network")).containsExactly("bluesky", "mastodon",
                "reddit");

        as("agent").get("/api/v1/customers/" + ann + "/links").then().statusCode(200)
                .body("id", equalTo(List.of(linkId))).body("removedAt", equalTo(java.util.Collections.singletonList(
                        null)));
        as("admin").delete("/api/v1/customers/" + ann + "/links/" + linkId).then().statusCode(200)
                .body("removedAt", notNullValue());

        assertThat(customer(ann)).isEqualTo(annBefore);
        assertThat(customer(bob)).isEqualTo(bobBefore);
        as("admin").delete("/api/v1/customers/" + ann + "/links/" + linkId).then().statusCode(404);

        JsonPath auditAnn = as("admin").queryParam("entityType", "customer").queryParam("entityId", ann)
                .get("/api/v1/audit").then().statusCode(200).extract().jsonPath();
        assertThat(auditAnn.getList("items.action")).containsSubsequence("customer.unlinked", "customer.linked");
        assertThat(auditAnn.getList("items.find { it.action == 'customer.linked' }.after.handles.network"))
                .containsExactly("bluesky", "mastodon", "reddit");
        JsonPath auditBob = as("admin").queryParam("entityType", "customer").queryParam("entityId", bob)
                .get("/api/v1/audit").then().statusCode(200).extract().jsonPath();
        assertThat(auditBob.getList("items.action")).containsSubsequence("customer.unmerged", "customer.merged");
        assertThat(auditBob.getString("items.find { it.action == 'customer.merged' }.after.mergedInto")).isEqualTo(ann);
    }

    @Test
    void aLinkedHandleFindsTheCustomerOnItsOwnNetworkAndUnlinkingDropsIt() {
        String b = Fixtures.brand();
        String cid = "cara-" + b;
        as("lead").body(List.of(Map.of("id", cid, "tier", "vip", "lifetimeValue", 9000,
                "handles", List.of(Map.of("network", "reddit", "handle", "cara" + b)))))
                .post("/api/v1/customers").then().statusCode(200);
        String before = customer(cid);
        String linkId = as("admin").body(Map.of("network", "mastodon", "handle", "Cara" + b, "replyHandle", "@Cara" + b
                + "@fosstodon.org"))
                .post("/api/v1/customers/" + cid + "/links").then().statusCode(201)
                .body("mergedCustomerId", equalTo(null)).body("replyHandle", equalTo("@Cara" + b + "@fosstodon.org"))
                .extract().path("id");
        as("lead").body(Map.of("network", "mastodon", "handle", "@cara" + b)).post("/api/v1/customers/" + cid
                + "/links")
                .then().statusCode(409);

        Fixtures.M m = new Fixtures.M(b);
        m.source = "mastodon";
        m.author = "cara" + b;
        Fixtures.publish(m);
        String caseId = Fixtures.awaitCase(b);
        await().atMost(Fixtures.PATIENCE).untilAsserted(() -> {
            JsonPath c = Fixtures.caseById(caseId);
            assertThat(c.getString("customerId")).isEqualTo(cid);
            assertThat(c.getString("context.customer.handles.find { it.network == 'mastodon' }.replyHandle"))
                    .isEqualTo("@Cara" + b + "@fosstodon.org");
        });

        as("lead").delete("/api/v1/customers/" + cid + "/links/" + linkId).then().statusCode(200);
        assertThat(customer(cid)).isEqualTo(before);
    }

    @Test
    void linksAreValidatedAndGuarded() {
        as("lead").body(Map.of("network", "Mast odon", "handle", "")).post("/api/v1/customers/someone/links")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("network")).body("errors.field", hasItem("handle"));
        as("lead").body(Map.of("network", "reddit", "handle", "nobody")).post(
                "/api/v1/customers/no-such-customer/links")
                .then().statusCode(404);
        as("lead").delete("/api/v1/customers/someone/links/not-a-uuid").then().statusCode(400)
                .body("errors.field", hasItem("linkId"));
        as("agent").body(Map.of("network", "reddit", "handle", "x")).post("/api/v1/customers/someone/links").then()
                .statusCode(403);
        as("agent").delete("/api/v1/customers/someone/links/" + java.util.UUID.randomUUID()).then().statusCode(403);
        as("comms").get("/api/v1/customers/someone/links").then().statusCode(403);
        given().contentType(ContentType.JSON).body(Map.of("network", "reddit", "handle", "x"))
                .post("/api/v1/customers/someone/links").then().statusCode(401);
        given().delete("/api/v1/customers/someone/links/" + java.util.UUID.randomUUID()).then().statusCode(401);
    }
}
