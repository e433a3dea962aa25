package io.earshot.escalation.approvals;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

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
class ApprovalTest {
    static RequestSpecification as(String role) {
        return given().header("Authorization", TestTokens.bearer(role)).contentType(ContentType.JSON);
    }

    static String claimedCase(Fixtures.M m) {
        Fixtures.publish(m);
        String id = Fixtures.awaitCase(m.brand);
        as("agent").post("/api/v1/cases/" + id + "/claim").then().statusCode(200);
        return id;
    }

    static JsonPath draft(String caseId, Map<String, Object> body) {
        return as("agent").body(body).post("/api/v1/cases/" + caseId + "/replies").then().statusCode(201).extract()
                .jsonPath();
    }

    @Test
    void aReplyToAHighReachAuthorNeedsALeadsApprovalBeforeItIsSent() {
        Fixtures.M m = new Fixtures.M(Fixtures.brand());
        m.followers = 50_000;
        String id = claimedCase(m);
        JsonPath reply = draft(id, Map.of("body", "We are sorry, we are on it."));
        assertThat(reply.getBoolean("needsApproval")).isTrue();
        assertThat(reply.getString("approvalReason")).contains("50000 followers");
        String replyId = reply.getString("id");
        String base = "/api/v1/cases/" + id + "/replies/" + replyId;

        as("agent").post(base + "/sent").then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("approval"));
        as("agent").post(base + "/approve").then().statusCode(403);
        as("lead").post(base + "/approve").then().statusCode(200).body("status", equalTo("APPROVED"))
                .body("approvedBy", equalTo("test-lead"));
        as("lead").post(base + "/approve").then().statusCode(409);
        as("agent").post(base + "/sent").then().statusCode(200).body("status", equalTo("SENT")).body("sentBy", equalTo(
                "test-agent"));

        JsonPath c = Fixtures.caseById(id);
        assertThat(c.getList("context.replies.status")).containsExactly("SENT");
        assertThat(c.getString("context.replies[0].approvedBy")).isEqualTo("test-lead");
        JsonPath audit = as("admin").queryParam("entityId", id).get("/api/v1/audit").then().statusCode(200).extract()
                .jsonPath();
        assertThat(audit.getList("items.action")).containsSubsequence("reply.sent", "reply.approved", "reply.drafted");
        assertThat(audit.getString("items.find { it.action == 'reply.approved' }.actor")).isEqualTo("test-lead");
    }

    @Test
    void ordinaryRepliesGoOutWithoutApprovalButLegalVerifiedAndPressOnesDoNot() {
        String id = claimedCase(new Fixtures.M(Fixtures.brand()));
        JsonPath plain = draft(id, Map.of("body", "Thanks for telling us."));
        assertThat(plain.getBoolean("needsApproval")).isFalse();
        as("agent").post("/api/v1/cases/" + id + "/replies/" + plain.getString("id") + "/sent").then().statusCode(200)
                .body("status", equalTo("SENT"));
        JsonPath legal = draft(id, Map.of("body", "About your claim...", "legal", true));
        assertThat(legal.getBoolean("needsApproval")).isTrue();
        assertThat(legal.getString("approvalReason")).contains("flagged legal");

        Fixtures.M verified = new Fixtures.M(Fixtures.brand());
        verified.verified = true;
        assertThat(draft(claimedCase(verified), Map.of("body", "hi")).getString("approvalReason")).contains("verified");

        String brand = Fixtures.brand();
        as("lead").body(List.of(Map.of("id", "press-" + brand, "press", true,
                "handles", List.of(Map.of("network", "reddit", "handle", "reporter" + brand)))))
                .post("/api/v1/customers").then().statusCode(200);
        Fixtures.M press = new Fixtures.M(brand);
        press.author = "reporter" + brand;
        assertThat(draft(claimedCase(press), Map.of("body", "hi")).getString("approvalReason")).contains("press");
    }

    @Test
    void draftingNeedsAClaimAndTheRightRole() {
        Fixtures.M m = new Fixtures.M(Fixtures.brand());
        Fixtures.publish(m);
        String id = Fixtures.awaitCase(m.brand);
        as("agent").body(Map.of("body", "hi")).post("/api/v1/cases/" + id + "/replies").then().statusCode(409);
        as("comms").body(Map.of("body", "hi")).post("/api/v1/cases/" + id + "/replies").then().statusCode(403);
        given().contentType(ContentType.JSON).body(Map.of("body", "hi")).post("/api/v1/cases/" + id + "/replies").then()
                .statusCode(401);
        as("lead").body(Map.of("body", "")).post("/api/v1/cases/" + id + "/replies").then().statusCode(400)
                .body("errors.field", hasItem("body"));
        as("lead").post("/api/v1/cases/" + id + "/replies/" + java.util.UUID.randomUUID() + "/approve").then()
                .statusCode(404);
    }
}
