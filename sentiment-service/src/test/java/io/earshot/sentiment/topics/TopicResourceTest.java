package io.earshot.sentiment.topics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.earshot.testing.TestTokens;
import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** The topic taxonomy API: CRUD, validation, roles, conflicts, and the matchers following every change. */
@QuarkusTest
class TopicResourceTest {
    static String brand() {
        return "brand-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static RequestSpecification as(String role) {
        return given().header("Authorization", TestTokens.bearer(role)).contentType(ContentType.JSON);
    }

    static String body(String name, String... keywords) {
        StringBuilder sb = new StringBuilder("{\"name\":\"").append(name).append("\",\"keywords\":[");
        for (int i = 0; i < keywords.length; i++) {
            sb.append(i == 0 ? "" : ",").append('"').append(keywords[i].replace("\"", "\\\"")).append('"');
        }
        return sb.append("]}").toString();
    }

    static String create(String brand, String role, String name, String... keywords) {
        return as(role).body(body(name, keywords)).post("/api/v1/brands/" + brand + "/topics").then().statusCode(201)
                .extract().path("id");
    }

    List<String> topicsOf(String brand, String text) {
        // The API answers after its own replica's matchers are reloaded: no waiting needed.
        TopicCatalog catalog = Arc.container().select(TopicCatalog.class).get();
        return catalog.matcher(brand).await().atMost(Duration.ofSeconds(10)).topics(text);
    }

    @Test
    void analystCreatesReadsReplacesAndDeletesATopic() {
        String brand = brand();
        ValidatableResponse created = as("analyst").body(body("Billing", "refund", "\"double charged\"", "Refund"))
                .post("/api/v1/brands/" + brand + "/topics").then().statusCode(201)
                .body("name", equalTo("Billing")).body("brand", equalTo(brand))
                .body("keywords", contains("refund", "\"double charged\"")) // case-insensitive duplicate dropped
                .body("version", equalTo(0)).body("createdAt", notNullValue());
        String id = created.extract().path("id");
        assertThat(created.extract().header("Location")).endsWith("/api/v1/brands/" + brand + "/topics/" + id);
        assertThat(topicsOf(brand, "I was double charged, refund me")).containsExactly("Billing");

        for (String reader : new String[]{"agent", "lead", "comms", "service", "admin", "analyst"}) {
            as(reader).get("/api/v1/brands/" + brand + "/topics/" + id).then().statusCode(200).body("name", equalTo(
                    "Billing"));
        }

        as("admin").body("{\"name\":\"Payments\",\"keywords\":[\"invoice\"],\"version\":0}")
                .put("/api/v1/brands/" + brand + "/topics/" + id).then().statusCode(200)
                .body("name", equalTo("Payments")).body("keywords", contains("invoice")).body("version", equalTo(1));
        assertThat(topicsOf(brand, "refund please")).isEmpty();
        assertThat(topicsOf(brand, "wrong invoice")).containsExactly("Payments");

        // A replace based on a stale version is refused rather than silently overwriting.
        as("analyst").body("{\"name\":\"Old\",\"keywords\":[\"x\"],\"version\":0}")
                .put("/api/v1/brands/" + brand + "/topics/" + id).then().statusCode(409)
                .contentType("application/problem+json");

        as("analyst").delete("/api/v1/brands/" + brand + "/topics/" + id).then().statusCode(204);
        as("analyst").get("/api/v1/brands/" + brand + "/topics/" + id).then().statusCode(404)
                .contentType("application/problem+json");
        as("analyst").delete("/api/v1/brands/" + brand + "/topics/" + id).then().statusCode(404);
        assertThat(topicsOf(brand, "wrong invoice")).isEmpty();
    }

    @Test
    void changesMadeByAnotherReplicaArePickedUpPeriodically() throws Exception {
        // Another replica writes straight to the shared table; this one must converge within the refresh interval.
        String brand = brand();
        Config config = ConfigProvider.getConfig();
        try (Connection c = DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
                PreparedStatement insert = c.prepareStatement(
                        "insert into topics (id, brand, name, keywords, created_at, "
                                + "updated_at, version) values (?, ?, 'Shipping', ?, now(), now(), 0)")) {
            insert.setObject(1, UUID.randomUUID());
            insert.setString(2, brand);
            insert.setArray(3, c.createArrayOf("text", new String[]{"parcel", "tracking number"}));
            insert.executeUpdate();
        }
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(topicsOf(brand,
                "where is my tracking number?")).containsExactly("Shipping"));
        as("comms").get("/api/v1/brands/" + brand + "/topics").then().statusCode(200)
                .body("items.name", contains("Shipping")).body("items[0].keywords", contains("parcel",
                        "tracking number"));
    }

    @Test
    void listsAreBrandScopedAndPaged() {
        String brand = brand();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(create(brand, "analyst", "Topic " + i, "word" + i));
        }
        create(brand(), "analyst", "Elsewhere", "word");
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            RequestSpecification req = as("agent").queryParam("limit", 2);
            if (cursor != null) {
                req.queryParam("cursor", cursor);
            }
            ValidatableResponse page = req.get("/api/v1/brands/" + brand + "/topics").then().statusCode(200);
            seen.addAll(page.extract().path("items.id"));
            cursor = page.extract().path("nextCursor");
            pages++;
        } while (cursor != null && pages < 10);
        Collections.reverse(ids); // newest first
        assertThat(seen).containsExactlyElementsOf(ids);
        assertThat(pages).isEqualTo(3);

        as("agent").get("/api/v1/brands/" + brand() + "/topics").then().statusCode(200)
                .body("items", hasSize(0)).body("nextCursor", nullValue());
        as("agent").queryParam("limit", 0).get("/api/v1/brands/" + brand + "/topics").then().statusCode(400)
                .body("errors.field", hasItem("limit"));
        as("agent").queryParam("cursor", "garbage").get("/api/v1/brands/" + brand + "/topics").then().statusCode(400)
                .body("errors.field", hasItem("cursor"));
    }

    @Test
    void aTopicOfAnotherBrandIsNotFound() {
        String id = create(brand(), "analyst", "Billing", "refund");
        as("analyst").get("/api/v1/brands/" + brand() + "/topics/" + id).then().statusCode(404);
        as("analyst").body(body("Billing", "refund")).put("/api/v1/brands/" + brand() + "/topics/" + id).then()
                .statusCode(404);
        as("analyst").get("/api/v1/brands/" + brand() + "/topics/" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void namesAreUniquePerBrandRegardlessOfCase() {
        String brand = brand();
        create(brand, "analyst", "Billing", "refund");
        as("analyst").body(body("billing", "invoice")).post("/api/v1/brands/" + brand + "/topics").then()
                .statusCode(409).contentType("application/problem+json");
        String other = create(brand, "analyst", "Support", "hotline");
        as("analyst").body(body("BILLING", "hotline")).put("/api/v1/brands/" + brand + "/topics/" + other).then()
                .statusCode(409);
        // Same name in another brand is fine.
        create(brand(), "analyst", "Billing", "refund");
    }

    @Test
    void invalidInputIsA400NamingTheField() {
        String path = "/api/v1/brands/" + brand() + "/topics";
        String longName = "n".repeat(65);
        String longKeyword = "k".repeat(101);
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 201; i++) {
            many.add("\"w" + i + "\"");
        }
        String[][] cases = {
                {"{\"keywords\":[\"a\"]}", "name"},
                {"{\"name\":\"  \",\"keywords\":[\"a\"]}", "name"},
                {"{\"name\":\"" + longName + "\",\"keywords\":[\"a\"]}", "name"},
                {"{\"name\":\"A\"}", "keywords"},
                {"{\"name\":\"A\",\"keywords\":[]}", "keywords"},
                {"{\"name\":\"A\",\"keywords\":[" + String.join(",", many) + "]}", "keywords"},
                {"{\"name\":\"A\",\"keywords\":[\"ok\",\"\"]}", "keywords[1]"},
                {"{\"name\":\"A\",\"keywords\":[\"ok\",null]}", "keywords[1]"},
                {"{\"name\":\"A\",\"keywords\":[\"" + longKeyword + "\"]}", "keywords[0]"},
                {"{\"name\":\"A\",\"keywords\":[\"!!! ???\"]}", "keywords[0]"},
                {"{\"name\":\"A\",\"keywords\":\"refund\"}", "keywords"},
                {"{\"name\":\"A\",\"keywords\":[\"a\"],\"version\":\"x\"}", "version"},
        };
        for (String[] c : cases) {
            as("analyst").body(c[0]).post(path).then().statusCode(400).contentType("application/problem+json")
                    .body("errors.field", hasItem(c[1]));
        }
        as("analyst").body("{\"name\":").post(path).then().statusCode(400).contentType("application/problem+json");
        as("analyst").get("/api/v1/brands/" + brand() + "/topics/not-a-uuid").then().statusCode(404);
        as("analyst").body(body("A", "a")).post("/api/v1/brands/" + "b".repeat(65) + "/topics").then().statusCode(400)
                .body("errors.field", hasItem("brand"));
    }

    @Test
    void writesNeedAnalystOrAdminAndEverythingNeedsAToken() {
        String brand = brand();
        String path = "/api/v1/brands/" + brand + "/topics";
        String id = create(brand, "admin", "Billing", "refund");
        for (String role : new String[]{"agent", "lead", "comms", "service"}) {
            as(role).body(body("X", "x")).post(path).then().statusCode(403).contentType("application/problem+json");
            as(role).body(body("X", "x")).put(path + "/" + id).then().statusCode(403);
            as(role).delete(path + "/" + id).then().statusCode(403);
        }
        given().get(path).then().statusCode(401);
        given().get(path + "/" + id).then().statusCode(401);
        given().contentType(ContentType.JSON).body(body("X", "x")).post(path).then().statusCode(401);
        given().header("Authorization", "Bearer " + TestTokens.expired("analyst")).get(path).then().statusCode(401);
        as("agent").get(path + "/" + id).then().statusCode(200).body("keywords", contains("refund"));
    }
}
