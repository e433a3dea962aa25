package io.earshot.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.earshot.platform.security.Roles;
import io.earshot.testing.TestTokens;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole pipeline with the four packaged services as processes against real Kafka, PostgreSQL and Redis: mentions
 * posted to the listener are scored by sentiment, the angry one becomes a case in escalation and the wish an insight
 * candidate in map, and one trace (started by this test's {@code traceparent}) crosses all four services.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineIT {
    private static final Duration PIPELINE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration TRACE_TIMEOUT = Duration.ofSeconds(30);
    private static final List<String> SERVICE_NAMES = List.of(
            "listener-service", "sentiment-service", "escalation-service", "map-service");

    private static Suite suite;
    private static String brand;
    private static String tag;
    private static Api.Trace trace;
    private static ObjectNode negative;
    private static String negativeId;
    private static List<String> postedIds;

    @BeforeAll
    static void startAndIngest() {
        suite = Suite.start("PipelineIT", Suite.ALL_SERVICES);
        brand = Suite.uniqueBrand();
        tag = UUID.randomUUID().toString().substring(0, 8);
        trace = Api.Trace.random();
        negative = Mentions.mention(brand, "e2e-" + tag + "-negative", "angry-" + tag,
                "This is the third time this week my internet is down. Absolutely terrible service, "
                        + "I want a refund NOW or I cancel!");
        ObjectNode wish = Mentions.mention(brand, "e2e-" + tag + "-wish", "wisher-" + tag,
                "I wish the app had a dark mode, would love that");
        ObjectNode neutral = Mentions.mention(brand, "e2e-" + tag + "-neutral", "neutral-" + tag,
                "Got the new router delivered today, setting it up this evening.");

        Api.Response posted = ingest(List.of(negative, wish, neutral), trace.header());
        assertThat(posted.status()).as("%s", posted).isEqualTo(202);
        JsonNode body = posted.json();
        assertThat(body.path("ids")).hasSize(3);
        assertThat(body.path("accepted").asInt()).as("%s", posted).isEqualTo(3);
        assertThat(body.path("duplicates").asInt()).as("%s", posted).isZero();
        postedIds = texts(body.path("ids"));
        negativeId = postedIds.get(0);
    }

    @AfterAll
    static void stop() {
        if (suite != null) {
            suite.close();
        }
    }

    @Test
    @Order(1)
    void angryMentionBecomesACaseWishBecomesACandidateAndOneTraceCrossesAllFourServices() {
        JsonNode theCase = awaitCaseFor(negativeId);
        assertThat(theCase.path("traceId").asText()).as("traceId of case %s", theCase)
                .isNotBlank()
                .isEqualTo(trace.traceId());

        JsonNode candidate = awaitCandidateWithEvidence(Set.copyOf(postedIds));
        assertThat(candidate.path("brand").asText(brand)).isEqualTo(brand);

        String traceId = theCase.path("traceId").asText();
        await("spans of trace " + traceId + " from all four services").atMost(TRACE_TIMEOUT)
                .pollInterval(Duration.ofMillis(250)).untilAsserted(() -> assertThat(suite.receiver().services(traceId))
                        .as("services with spans in trace %s; all spans: %s; receiver rejected: %s", traceId,
                                suite.receiver().spans(traceId), suite.receiver().rejected())
                        .containsAll(SERVICE_NAMES));
        List<CapturedSpan> spans = suite.receiver().spans(traceId);
        for (String service : SERVICE_NAMES) {
            assertThat(spans).as("spans of %s in trace %s", service, traceId)
                    .anyMatch(s -> s.service().equals(service));
        }
        assertThat(spans).as("the ingest request's own span is in the trace")
                .anyMatch(s -> s.service().equals("listener-service") && s.kind().equals("SERVER"));
    }

    @Test
    @Order(2)
    void reIngestedAngryMentionIsADuplicateAndMakesNoSecondCase() {
        awaitCaseFor(negativeId);
        // Barrier: a new mention by the same author (same Kafka key, so same partition, behind anything the duplicate
        // could have caused) that yields an insight candidate once it went through the whole pipeline.
        ObjectNode barrier = Mentions.mention(brand, "e2e-" + tag + "-barrier", negative.path("author").path("id")
                .asText(),
                "I wish you had an outage status page, would love to see when things are fixed");
        Api.Response posted = ingest(List.of(negative, barrier), Map.of());
        assertThat(posted.status()).as("%s", posted).isEqualTo(202);
        List<String> ids = texts(posted.json().path("ids"));
        assertThat(ids.get(0)).isEqualTo(negativeId);
        assertThat(posted.json().path("duplicates").asInt()).as("%s", posted).isEqualTo(1);
        assertThat(posted.json().path("accepted").asInt()).as("%s", posted).isEqualTo(1);

        awaitCandidateWithEvidence(Set.of(ids.get(1)));

        List<JsonNode> cases = casesFor(negativeId);
        assertThat(cases).as("cases for mention %s", negativeId).hasSize(1);
        List<String> mentionIds = texts(cases.get(0).path("mentionIds"));
        assertThat(mentionIds.stream().filter(negativeId::equals).count())
                .as("occurrences of %s in mentionIds of %s", negativeId, cases.get(0))
                .isLessThanOrEqualTo(1);
    }

    // ------------------------------------------------------------------------------------------------------------

    private static Api.Response ingest(List<ObjectNode> mentions, Map<String, String> headers) {
        return Api.post(suite.url(Suite.LISTENER, "/api/v1/mentions"), TestTokens.bearer(Roles.SERVICE), mentions,
                headers);
    }

    private static JsonNode awaitCaseFor(String mentionId) {
        List<JsonNode> found = new ArrayList<>();
        await("a case for mention " + mentionId).atMost(PIPELINE_TIMEOUT).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    found.clear();
                    found.addAll(casesFor(mentionId));
                    assertThat(found).as("cases of brand %s for mention %s", brand, mentionId).isNotEmpty();
                });
        return found.get(0);
    }

    private static List<JsonNode> casesFor(String mentionId) {
        Api.Response response = Api.get(suite.url(Suite.ESCALATION, "/api/v1/cases?brand=" + encode(brand)),
                TestTokens.bearer(Roles.AGENT));
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        return response.items().stream()
                .filter(c -> mentionId.equals(c.path("triggerMentionId").asText())
                        || texts(c.path("mentionIds")).contains(mentionId))
                .toList();
    }

    private static JsonNode awaitCandidateWithEvidence(Set<String> mentionIds) {
        List<JsonNode> found = new ArrayList<>();
        await("an insight candidate with evidence " + mentionIds).atMost(PIPELINE_TIMEOUT)
                .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    Api.Response response = Api.get(
                            suite.url(Suite.MAP, "/api/v1/candidates?status=PENDING&brand=" + encode(brand)),
                            TestTokens.bearer(Roles.ANALYST));
                    assertThat(response.status()).as("%s", response).isEqualTo(200);
                    found.clear();
                    response.items().stream()
                            .filter(c -> texts(c.path("evidenceMentionIds")).stream().anyMatch(mentionIds::contains))
                            .forEach(found::add);
                    assertThat(found).as("pending candidates of brand %s with evidence %s in %s", brand, mentionIds,
                            response).isNotEmpty();
                });
        return found.get(0);
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).collect(Collectors.toList());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
