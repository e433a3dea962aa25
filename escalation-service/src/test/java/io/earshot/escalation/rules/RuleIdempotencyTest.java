package io.earshot.escalation.rules;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.contracts.codec.EventCodec;
import io.earshot.escalation.Fixtures;
import io.earshot.testing.IdempotencyChecks;
import io.earshot.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Idempotency-Key on escalation's write APIs: a repeated rule creation creates one rule. */
@QuarkusTest
class RuleIdempotencyTest {
    @Test
    void aRepeatedCreateWithTheSameKeyCreatesOneRule() throws Exception {
        String brand = Fixtures.brand();
        String name = "idem-" + brand;
        String body = EventCodec.mapper().writeValueAsString(RuleApiTest.rule(name, brand, "outage", "ops"));
        String other = EventCodec.mapper().writeValueAsString(RuleApiTest.rule(name, brand, "refund", "ops"));
        Response first = IdempotencyChecks.verify(new IdempotencyChecks.Call("lead", "POST", "/api/v1/rules", body,
                other));
        assertThat(first.statusCode()).isEqualTo(201);
        List<String> named = given().header("Authorization", TestTokens.bearer("lead")).get("/api/v1/rules")
                .then().statusCode(200).extract().jsonPath().getList("items.findAll { it.name == '" + name + "' }.id");
        assertThat(named).containsExactly(first.jsonPath().getString("id"));
    }
}
