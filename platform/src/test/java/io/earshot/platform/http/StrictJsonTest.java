package io.earshot.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.codec.InvalidEventException;
import io.earshot.contracts.events.ErasureDone;
import io.earshot.contracts.events.SentimentLabel;
import java.util.List;
import org.junit.jupiter.api.Test;

class StrictJsonTest {
    record Body(String text, Double score, int count, SentimentLabel label, List<String> tags, Boolean flag,
            java.time.Duration within, java.util.UUID id) {}

    final ObjectMapper mapper = StrictJson.apply(new ObjectMapper());

    Body read(String json) throws JsonProcessingException {
        return mapper.readValue(json, Body.class);
    }

    @Test
    void cleanInputIsReadAsBefore() throws JsonProcessingException {
        Body b = read(
                "{\"text\":\"tab\\tnew line\\n emoji \\uD83D\\uDE00\",\"score\":-0.5,\"count\":3,\"label\":\"negative\","
                        + "\"tags\":[\"a\",\"b\"],\"flag\":true,\"within\":\"PT30M\"}");
        assertThat(b.text()).isEqualTo("tab\tnew line\n emoji \uD83D\uDE00");
        assertThat(b.score()).isEqualTo(-0.5);
        assertThat(b.count()).isEqualTo(3);
        assertThat(b.label()).isEqualTo(SentimentLabel.negative);
        assertThat(b.tags()).containsExactly("a", "b");
        assertThat(b.flag()).isTrue();
        assertThat(b.within()).isEqualTo(java.time.Duration.ofMinutes(30));
    }

    @Test
    void eachKindOfSloppyJsonIsRefusedNamingTheField() {
        assertRefused("{\"text\":\"a\",\"text\":\"b\"}", "");
        assertRefused("{\"text\":\"a\"} {}", "");
        assertRefused("{\"text\":\"a\\uD800b\"}", "text");
        assertRefused("{\"text\":\"a\\u0000b\"}", "text");
        assertRefused("{\"tags\":[\"ok\",\"\\u001b[31m\"]}", "tags");
        assertRefused("{\"text\":12345}", "text");
        assertRefused("{\"text\":true}", "text");
        assertRefused("{\"score\":1e400}", "score");
        assertRefused("{\"count\":1.5}", "count");
        assertRefused("{\"count\":null}", "count");
        assertRefused("{\"label\":0}", "label");
        assertRefused("{\"flag\":1}", "flag");
        assertRefused("{\"flag\":1180591620717411303424}", "flag");
        assertRefused("{\"within\":1800}", "within");
        assertRefused("{\"id\":1180591620717411303424}", "id");
        assertRefused("{\"id\":\"not-a-uuid\"}", "id");
        assertRefused("{\"within\":\"half an hour\"}", "within");
        assertRefused("{\"text\":" + "[".repeat(StrictJson.MAX_NESTING_DEPTH + 1) + "]".repeat(
                StrictJson.MAX_NESTING_DEPTH + 1)
                + "}", "");
        assertRefused("{\"text\":\"" + "x".repeat(StrictJson.MAX_STRING_LENGTH + 1) + "\"}", "");
        assertRefused("{\"count\":" + "9".repeat(StrictJson.MAX_NUMBER_LENGTH + 1) + "}", "");
    }

    @Test
    void duplicateKeysAreRefusedInTreesToo() {
        assertThatThrownBy(() -> mapper.readTree("{\"a\":1,\"a\":2}")).isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void treesReadWithTheStrictMapperCheckTheirStringsWhenBound() throws JsonProcessingException {
        JsonNode tree = mapper.readTree("{\"text\":\"a\\u0007b\"}");
        assertThatThrownBy(() -> mapper.treeToValue(tree, Body.class)).isInstanceOf(JsonMappingException.class);
    }

    @Test
    void uncleanNamesWhatIsWrong() {
        assertThat(StrictJson.unclean("fine \t\r\n text")).isNull();
        assertThat(StrictJson.unclean("x\uDC00")).contains("lone surrogate");
        assertThat(StrictJson.unclean("x\uD800")).contains("lone surrogate");
        assertThat(StrictJson.unclean("x\u007f")).contains("U+007F");
    }

    @Test
    void theEventCodecRefusesRecordsAboveItsSizeLimit() {
        String big = "{\"schemaVersion\":\"1.0\",\"requestId\":\"8f604235-b132-4e45-9ca4-e4d6e04822fe\",\"service\":\"map\","
                + "\"erased\":0,\"doneAt\":\"2026-01-01T00:00:00Z\",\"padding\":\"" + "z".repeat(
                        EventCodec.MAX_PAYLOAD_CHARS) + "\"}";
        assertThatThrownBy(() -> EventCodec.decode(big, ErasureDone.class)).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("exceeds");
    }

    void assertRefused(String json, String field) {
        assertThatThrownBy(() -> read(json)).as(json.length() > 80 ? json.substring(0, 80) : json)
                .isInstanceOf(JsonProcessingException.class)
                .satisfies(e -> {
                    if (!field.isEmpty()) {
                        assertThat(((JsonMappingException) e).getPath()).isNotEmpty();
                        assertThat(((JsonMappingException) e).getPath().get(0).getFieldName()).isEqualTo(field);
                    }
                });
    }
}
