package io.earshot.contracts.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.earshot.contracts.events.Event;

/**
 * JSON (de)serialisation of events with schema-version checking. Unknown fields are ignored (a newer minor version
 * may add them); a different major version, a missing version, or malformed JSON is rejected with
 * {@link InvalidEventException}, whose message becomes the dead-letter reason.
 */
public final class EventCodec {
    public static final int SUPPORTED_MAJOR = 1;
    /** No event comes near this size (a mention's text is at most 10,000 characters); a bigger record is poison. */
    public static final int MAX_PAYLOAD_CHARS = 512 * 1024;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private EventCodec() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String encode(Event event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + event.getClass().getSimpleName(), e);
        }
    }

    public static <T extends Event> T decode(String json, Class<T> type) {
        if (json == null || json.isBlank()) {
            throw new InvalidEventException("empty payload for " + type.getSimpleName());
        }
        if (json.length() > MAX_PAYLOAD_CHARS) {
            throw new InvalidEventException("payload of " + json.length() + " characters for " + type.getSimpleName()
                    + " exceeds " + MAX_PAYLOAD_CHARS);
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("malformed JSON for " + type.getSimpleName() + ": " + e.getOriginalMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidEventException(type.getSimpleName() + " must be a JSON object");
        }
        checkVersion(tree.path("schemaVersion"), type);
        try {
            T value = MAPPER.treeToValue(tree, type);
            return value;
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("invalid " + type.getSimpleName() + ": " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException("invalid " + type.getSimpleName() + ": " + e.getMessage());
        }
    }

    private static void checkVersion(JsonNode version, Class<?> type) {
        if (!version.isTextual()) {
            throw new InvalidEventException(type.getSimpleName() + " has no schemaVersion");
        }
        String text = version.asText();
        int dot = text.indexOf('.');
        String major = dot < 0 ? text : text.substring(0, dot);
        int parsed;
        try {
            parsed = Integer.parseInt(major);
        } catch (NumberFormatException e) {
            throw new InvalidEventException(type.getSimpleName() + " has an unreadable schemaVersion '" + text + "'");
        }
        if (parsed != SUPPORTED_MAJOR) {
            throw new InvalidEventException("unsupported schema major version " + parsed + " of " + type.getSimpleName()
                    + " (supported: " + SUPPORTED_MAJOR + ")");
        }
    }
}
