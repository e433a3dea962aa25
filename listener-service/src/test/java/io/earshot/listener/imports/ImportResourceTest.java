package io.earshot.listener.imports;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.earshot.contracts.Ids;
import io.earshot.contracts.Topics;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.Mention;
import io.earshot.testing.TestTokens;
import io.earshot.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bulk import of JSONL and CSV files through the real ingest path: progress, error report, outbox, idempotence. */
@QuarkusTest
class ImportResourceTest {
    static final String PATH = "/api/v1/imports";
    static final Duration WAIT = Duration.ofSeconds(300);
    static final int JSONL_ROWS = 1000;
    static final int CSV_ROWS = 600;
    String run;
    String brand;

    @BeforeEach
    void setUp() {
        run = UUID.randomUUID().toString().substring(0, 8);
        brand = "imp" + run;
    }

    static String upload(String contentType, byte[] file, Map<String, String> query) {
        return given().header("Authorization", TestTokens.bearer("service")).contentType(contentType).queryParams(query)
                .body(file).post(PATH).then().statusCode(202).header("Location", containsString("/api/v1/imports/"))
                .body("state", equalTo("RUNNING")).extract().path("id");
    }

    static JsonPath awaitFinished(String id) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> given()
                .header("Authorization", TestTokens.bearer("admin")).get(PATH + "/" + id).then().statusCode(200)
                .extract().jsonPath(), p -> !"RUNNING".equals(p.getString("state")));
    }

    static List<Map<String, Object>> allErrors(String id, int pageSize) {
        List<Map<String, Object>> all = new ArrayList<>();
        String cursor = null;
        do {
            var request = given().header("Authorization", TestTokens.bearer("service")).queryParam("limit", pageSize);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get(PATH + "/" + id + "/errors").then().statusCode(200).extract().jsonPath();
            all.addAll(page.getList("items"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        return all;
    }

    /** Line numbers of the bad rows of the JSONL file; line 1 is the first. */
    static final int BAD_JSON = 7;
    static final int NO_TEXT = 500;
    static final int BAD_TIME = 801;
    static final int NOT_AN_OBJECT = 1000;

    byte[] jsonl() {
        StringBuilder sb = new StringBuilder();
        for (int line = 1; line <= JSONL_ROWS; line++) {
            String text = "chat " + run + " line " + line + " the parcel never arrived, order 55512" + line;
            switch (line) {
                case BAD_JSON -> sb.append("{\"text\": \"unterminated\n");
                case NO_TEXT -> sb.append("{\"externalId\":\"t-").append(line).append(
                        "\",\"createdAt\":\"2026-11-20T10:00:00Z\"}\n");
                case BAD_TIME -> sb.append("{\"text\":\"").append(text).append("\",\"createdAt\":\"last tuesday\"}\n");
                case NOT_AN_OBJECT -> sb.append("[1,2,3]\n");
                default -> sb.append("{\"text\":\"").append(text).append("\",\"author\":\"cust-").append(line % 50)
                        .append("\",\"createdAt\":\"2026-11-20T10:").append(String.format("%02d", line % 60)).append(
                                ":00Z\"}\n");
            }
            if (line == 100) {
                sb.append("\n"); // blank lines are skipped, not rows
            }
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aJsonlFileIsImportedWithProgressAnErrorReportAndItsMentionsPublished() {
        byte[] file = jsonl();
        int good = JSONL_ROWS - 4;
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        try (TopicReader raw = new TopicReader(bootstrap, Topics.MENTIONS_RAW)) {
            String id = upload("application/x-ndjson", file, Map.of("brand", brand, "source", "chat"));
            JsonPath done = awaitFinished(id);
            assertThat(done.getString("state")).isEqualTo("DONE");
            assertThat(done.getLong("rowsRead")).isEqualTo(JSONL_ROWS);
            assertThat(done.getLong("accepted")).isEqualTo(good);
            assertThat(done.getLong("duplicates")).isZero();
            assertThat(done.getLong("failed")).isEqualTo(4);
            assertThat(done.getLong("bytes")).isEqualTo(file.length);
            assertThat(done.getString("finishedAt")).isNotNull();

            List<Map<String, Object>> errors = allErrors(id, 3);
            // The blank line after line 100 shifts every later line by one.
            assertThat(errors).extracting(e -> e.get("row"), e -> e.get("field"), e -> e.get("message"))
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(BAD_JSON, "row", "is not valid JSON"),
                            org.assertj.core.groups.Tuple.tuple(NO_TEXT + 1, "text", "must not be blank"),
                            org.assertj.core.groups.Tuple.tuple(BAD_TIME + 1, "createdAt",
                                    "has the wrong type or format"),
                            org.assertj.core.groups.Tuple.tuple(NOT_AN_OBJECT + 1, "row", "must be a JSON object"));

            await().atMost(WAIT).until(() -> raw.records().stream()
                    .filter(r -> r.value().contains("\"brand\":\"" + brand + "\"")).count() == good);
            Mention one = raw.records().stream().map(r -> r.value()).filter(v -> v.contains("chat " + run
                    + " line 42 "))
                    .map(v -> EventCodec.decode(v, Mention.class)).findFirst().orElseThrow();
            assertThat(one.source()).isEqualTo("chat");
            assertThat(one.author().id()).isEqualTo("cust-42");
            assertThat(one.externalId()).startsWith("sha256-");
        }

        // The same file again: every row is a duplicate of the first import, nothing new is stored or published.
        String again = upload("application/x-ndjson", file, Map.of("brand", brand, "source", "chat"));
        JsonPath second = awaitFinished(again);
        assertThat(second.getString("state")).isEqualTo("DONE");
        assertThat(second.getLong("accepted")).isZero();
        assertThat(second.getLong("duplicates")).isEqualTo(good);
        assertThat(second.getLong("failed")).isEqualTo(4);
    }

    @Test
    void aCsvExportWithQuotedCommasAndLineBreaksIsImported() {
        StringBuilder sb = new StringBuilder("Review ID,Customer,Submitted,Comment\r\n");
        int records = 0;
        for (int i = 1; i <= CSV_ROWS; i++) {
            records++;
            if (i == 10) {
                sb.append("r-").append(run).append("-10,ann,2026-11-20 09:00:00,too,many,fields\r\n");
            } else if (i == 11) {
                sb.append("r-").append(run).append("-11,ann,the 5th of never,\"fine, thanks\"\r\n");
            } else if (i % 3 == 0) {
                // A quoted comment with a comma, a doubled quote and a line break inside the quotes.
                sb.append("r-").append(run).append('-').append(i).append(",cust-").append(i % 7).append(",2026-11-21,")
                        .append("\"Blender ").append(run).append(
                                " broke, after \"\"two\"\" days\nwould not buy again\"\r\n");
            } else {
                sb.append("r-").append(run).append('-').append(i).append(",cust-").append(i % 7)
                        .append(",2026-11-21T08:00:00+01:00,great blender ").append(run).append(" number ").append(i)
                        .append("\r\n");
            }
        }
        String id = upload("text/csv; charset=utf-8", sb.toString().getBytes(StandardCharsets.UTF_8),
                Map.of("brand", brand, "source", "reviews", "columns", "externalId:Review ID,createdAt:Submitted"));
        JsonPath done = awaitFinished(id);
        assertThat(done.getString("state")).isEqualTo("DONE");
        assertThat(done.getLong("rowsRead")).isEqualTo(records);
        assertThat(done.getLong("accepted")).isEqualTo(records - 2);
        assertThat(done.getLong("failed")).isEqualTo(2);
        List<Map<String, Object>> errors = allErrors(id, 100);
        assertThat(errors).extracting(e -> e.get("field")).containsExactly("row", "createdAt");
        assertThat((String) errors.get(0).get("message")).isEqualTo("has 6 fields, the header has 4");

        String json = given().header("Authorization", TestTokens.bearer("analyst"))
                .get("/api/v1/mentions/" + Ids.mentionId("reviews", "r-" + run + "-3")).then().statusCode(200).extract()
                .asString();
        Mention quoted = EventCodec.decode(json, Mention.class);
        assertThat(quoted.text()).isEqualTo("Blender " + run + " broke, after \"two\" days\nwould not buy again");
        assertThat(quoted.author().id()).isEqualTo("cust-3");
        assertThat(quoted.createdAt()).isEqualTo(java.time.Instant.parse("2026-11-21T00:00:00Z"));
        // Every third review is the same complaint: one near-duplicate cluster.
        assertThat(quoted.nearDuplicate().clusterSize()).isEqualTo(1);
        String sixth = given().header("Authorization", TestTokens.bearer("analyst"))
                .get("/api/v1/mentions/" + Ids.mentionId("reviews", "r-" + run + "-6")).then().statusCode(200).extract()
                .asString();
        assertThat(EventCodec.decode(sixth, Mention.class).nearDuplicate().clusterId()).isEqualTo(quoted.id());
    }

    @Test
    void aCsvWithoutATextColumnIsRefusedBeforeAnImportExists() {
        given().header("Authorization", TestTokens.bearer("service")).contentType("text/csv").queryParam("brand", brand)
                .body("id,when\n1,2026-11-20\n".getBytes(StandardCharsets.UTF_8)).post(PATH).then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("file"))
                .body("detail", containsString("no text column"));
    }

    @Test
    void aBodyOverTheDefaultLimitIs413() {
        // the listener's default body limit is 10 MB (#26 finding 7); an 11 MB file is refused before it is read
        byte[] file = ("text\n" + "acme refund please\n".repeat(11 * 1024 * 1024 / 19)).getBytes(
                StandardCharsets.UTF_8);
        assertThat(file.length).isGreaterThan(10 * 1024 * 1024);
        given().header("Authorization", TestTokens.bearer("service")).contentType("text/csv").queryParam("brand", brand)
                .body(file).post(PATH).then().statusCode(413).contentType("application/problem+json");
    }

    @Test
    void wrongContentTypeIs415Problem() {
        given().header("Authorization", TestTokens.bearer("service")).contentType("application/pdf").queryParam("brand",
                brand)
                .body(new byte[]{1, 2, 3}).post(PATH).then().statusCode(415).contentType("application/problem+json");
    }

    @Test
    void badParametersAre400NamingTheParameter() {
        given().header("Authorization", TestTokens.bearer("service")).contentType("text/csv").body("text\nhello\n")
                .post(PATH).then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem(
                        "brand"));
        given().header("Authorization", TestTokens.bearer("service")).contentType("text/csv").queryParam("brand", brand)
                .queryParam("columns", "colour:Paint").body("text\nhello\n")
                .post(PATH).then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem(
                        "columns"));
        given().header("Authorization", TestTokens.bearer("service")).get(PATH + "/" + UUID.randomUUID()).then()
                .statusCode(404).contentType("application/problem+json");
        String id = upload("text/csv", "text\nhello there\n".getBytes(StandardCharsets.UTF_8), Map.of("brand", brand));
        given().header("Authorization", TestTokens.bearer("service")).queryParam("cursor", "garbage").get(PATH + "/"
                + id + "/errors")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("cursor"));
    }

    @Test
    void noTokenIs401() {
        given().contentType("text/csv").queryParam("brand", brand).body("text\nx\n").post(PATH).then()
                .statusCode(401).contentType("application/problem+json");
        given().get(PATH + "/" + UUID.randomUUID()).then().statusCode(401);
        given().get(PATH + "/" + UUID.randomUUID() + "/errors").then().statusCode(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"analyst", "agent", "lead", "comms"})
    void otherRolesAre403(String role) {
        given().header("Authorization", TestTokens.bearer(role)).contentType("text/csv").queryParam("brand", brand)
                .body("text\nx\n").post(PATH).then().statusCode(403).contentType("application/problem+json");
        given().header("Authorization", TestTokens.bearer(role)).get(PATH + "/" + UUID.randomUUID()).then().statusCode(
                403);
        given().header("Authorization", TestTokens.bearer(role)).get(PATH + "/" + UUID.randomUUID() + "/errors").then()
                .statusCode(403);
    }
}
