package io.earshot.map.personas;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.testing.IdempotencyChecks;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Idempotency-Key on the map service's write APIs: a repeated persona creation creates one persona (no 409). */
@QuarkusTest
class PersonaIdempotencyTest {
    @Test
    void aRepeatedCreateWithTheSameKeyCreatesOnePersona() {
        String brand = "idem" + UUID.randomUUID().toString().substring(0, 8);
        Response first = IdempotencyChecks.verify(new IdempotencyChecks.Call("analyst", "POST",
                PersonaResourceTest.PATH,
                PersonaResourceTest.body(brand, "commuter"), PersonaResourceTest.body(brand, "cyclist")));
        assertThat(first.statusCode()).isEqualTo(201);
        List<String> ids = PersonaResourceTest.as("analyst").queryParam("brand", brand).get(PersonaResourceTest.PATH)
                .then().statusCode(200).extract().jsonPath().getList("items.id");
        assertThat(ids).containsExactly(first.jsonPath().getString("id"));
    }
}
