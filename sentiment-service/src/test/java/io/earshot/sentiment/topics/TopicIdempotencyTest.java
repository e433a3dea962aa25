package io.earshot.sentiment.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.testing.IdempotencyChecks;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Idempotency-Key on the sentiment service's write APIs: a repeated topic creation creates one topic. */
@QuarkusTest
class TopicIdempotencyTest {
    @Test
    void aRepeatedCreateWithTheSameKeyCreatesOneTopic() {
        String brand = "idem" + UUID.randomUUID().toString().substring(0, 8);
        String path = "/api/v1/brands/" + brand + "/topics";
        Response first = IdempotencyChecks.verify(new IdempotencyChecks.Call("analyst", "POST", path,
                TopicResourceTest.body("delivery", "parcel", "courier"), TopicResourceTest.body("delivery", "parcel")));
        assertThat(first.statusCode()).isEqualTo(201);
        List<String> ids = TopicResourceTest.as("analyst").get(path).then().statusCode(200).extract().jsonPath()
                .getList("items.findAll { it.name == 'delivery' }.id");
        assertThat(ids).containsExactly(first.jsonPath().getString("id"));
    }
}
