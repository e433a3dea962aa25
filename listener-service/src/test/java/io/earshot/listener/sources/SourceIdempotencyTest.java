package io.earshot.listener.sources;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.testing.IdempotencyChecks;
import io.earshot.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Idempotency-Key on the listener's write APIs: a repeated source creation creates one source. */
@QuarkusTest
class SourceIdempotencyTest {
    @Test
    void aRepeatedCreateWithTheSameKeyCreatesOneSource() {
        String tag = "idem" + UUID.randomUUID().toString().substring(0, 8);
        String body = SourceApi.mastodon(SourceResourceTest.DEAD, "#" + tag, null, "PT1H", null);
        String other = SourceApi.mastodon(SourceResourceTest.DEAD, "#" + tag, null, "PT2H", null);
        Response first = IdempotencyChecks.verify(new IdempotencyChecks.Call("admin", "POST", SourceApi.PATH, body,
                other));
        assertThat(first.statusCode()).isEqualTo(201);
        String id = first.jsonPath().getString("id");
        try {
            List<String> same = given().header("Authorization", TestTokens.bearer("admin")).queryParam("limit", "100")
                    .get(SourceApi.PATH).then().statusCode(200).extract().jsonPath()
                    .getList("items.findAll { it.config.hashtag == '" + tag + "' }.id");
            assertThat(same).containsExactly(id);
        } finally {
            SourceApi.delete(id);
        }
    }
}
