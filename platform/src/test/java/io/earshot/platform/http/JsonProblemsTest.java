package io.earshot.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.earshot.contracts.events.SentimentLabel;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonProblemsTest {
    record Item(String text, Integer count, Double score, SentimentLabel label, List<String> tags, Boolean flag,
            UUID id, Instant at) {}

    record Body(String name, List<Item> items) {}

    /** What an integrator must never see: a Java type or package name. */
    static final Pattern JAVA = Pattern.compile("java\\.|io\\.earshot|com\\.fasterxml|`|\\bclass\\b");

    /** StrictJson alone: it refuses unknown fields itself (Jackson's default, and Quarkus', is to drop them). */
    final ObjectMapper mapper = StrictJson.apply(new ObjectMapper().findAndRegisterModules()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES));

    Problem problemOf(String json) {
        Throwable e = catchThrowable(() -> mapper.readValue(json, Body.class));
        assertThat(e).as("refused: %s", json).isInstanceOf(JsonProcessingException.class);
        return JsonProblems.of((JsonProcessingException) e);
    }

    @Test
    void malformedJsonSaysWhereOnWhichLineAndColumn() {
        Problem p = problemOf("{\"name\": \"a\",\n  \"items\": [ {\"text\": 'x'} ]}");
        assertThat(p.status()).isEqualTo(400);
        assertThat(p.detail()).startsWith("malformed JSON at line 2, column 23: ").doesNotContainPattern(JAVA);
    }

    @Test
    void aWrongTypeNamesTheFieldAndThePlainTypeExpected() {
        Problem p = problemOf("{\"items\": [{\"text\": \"x\"}, {\"count\": \"twelve\"}]}");
        assertThat(p.errors()).singleElement().satisfies(f -> {
            assertThat(f.field()).isEqualTo("items[1].count");
            assertThat(f.message()).isEqualTo("must be a whole number");
        });
        assertThat(p.detail()).startsWith("items[1].count: must be a whole number at line 1, column ");
    }

    @Test
    void anUnknownEnumValueListsTheAllowedOnes() {
        Problem p = problemOf("{\"items\": [{\"label\": \"furious\"}]}");
        assertThat(p.errors()).singleElement().satisfies(f -> {
            assertThat(f.field()).isEqualTo("items[0].label");
            assertThat(f.message()).startsWith("must be one of ").contains("negative", "neutral", "positive");
        });
    }

    @Test
    void anUnknownFieldIsNamedWithoutTheClassItWasMeantFor() {
        Problem p = problemOf("{\"items\": [{\"txet\": \"x\"}]}");
        assertThat(p.errors()).singleElement().satisfies(f -> {
            assertThat(f.field()).isEqualTo("items[0].txet");
            assertThat(f.pointer()).isEqualTo("/items/0/txet");
            assertThat(f.message()).startsWith("is not a known field; known: ").contains("text", "count", "label");
        });
        assertThat(p.detail()).doesNotContainPattern(JAVA);
    }

    @Test
    void anUnknownFieldOfATreeReadBodyIsRefusedWithItsPointer() {
        var node = mapper.createObjectNode();
        node.putObject("subject").put("source", "x").put("autorId", "1");
        JsonProblems.onlyKnown(node, "", java.util.Set.of("subject", "optOut"));
        Throwable e = catchThrowable(() -> JsonProblems.onlyKnown(node.get("subject"), "subject.",
                java.util.Set.of("source", "authorId", "handle")));
        assertThat(e).isInstanceOf(ProblemException.class);
        Problem p = ((ProblemException) e).problem();
        assertThat(p.status()).isEqualTo(400);
        assertThat(p.errors()).singleElement().satisfies(f -> {
            assertThat(f.field()).isEqualTo("subject.autorId");
            assertThat(f.pointer()).isEqualTo("/subject/autorId");
            assertThat(f.message()).isEqualTo("is not a known field; known: authorId, handle, source");
        });
    }

    @Test
    void trailingContentAndAnEmptyBodyAreSaidPlainly() {
        assertThat(problemOf("{\"name\":\"a\"} {\"again\":true}").detail()).contains(
                "unexpected content after the JSON value");
        assertThat(problemOf("").detail()).contains("the body is empty");
    }

    @Test
    void aWrongDateSaysWhatADateLooksLike() {
        assertThat(problemOf("{\"items\": [{\"at\": \"yesterday\"}]}").errors()).singleElement()
                .satisfies(f -> assertThat(f.message()).isEqualTo(
                        "must be an ISO-8601 timestamp string, e.g. 2026-12-07T08:00:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"items\": {\"text\": \"x\"}}", "{\"items\": [{\"score\": \"high\"}]}",
            "{\"items\": [{\"flag\": 1}]}",
            "{\"items\": [{\"id\": \"not-a-uuid\"}]}", "{\"items\": [{\"at\": \"yesterday\"}]}",
            "{\"items\": [{\"tags\": \"a\"}]}",
            "{\"name\": {\"first\": \"a\"}}", "[1, 2]", "{\"items\": [{\"score\": NaN}]}",
            "{\"name\": \"a\", \"name\": \"b\"}",
            "{\"items\": [{\"count\": 1180591620717411303424}]}", "<?xml version=\"1.0\"?><a/>", "{\"name\": \"a\""})
    void noProblemNamesAJavaType(String body) {
        Problem p = problemOf(body);
        assertThat(p.detail()).as("detail for %s", body).doesNotContainPattern(JAVA).isNotBlank();
        assertThat(p.errors()).allSatisfy(f -> assertThat(f.message()).doesNotContainPattern(JAVA));
    }
}
