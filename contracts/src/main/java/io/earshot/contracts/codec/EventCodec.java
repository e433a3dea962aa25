package io.earshot.contracts.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.earshot.contracts.events.Event;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JSON (de)serialisation of events with schema-version checking. Unknown fields are ignored (a newer minor version
 * may add them); a different major version, a missing version, or malformed JSON is rejected with
 * {@link InvalidEventException}, whose message becomes the dead-letter reason.
 *
 * <p>Decoding is on every consumer's hot path (the largest Earshot frame in escalation's and map's profiles), so a
 * well-formed event is read in one pass straight into its record; only a payload that pass refuses is read again as a
 * tree, to name the reason exactly as before (see {@link #decode}).
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

    /**
     * The one-pass reader's mapper: {@link #MAPPER}'s settings, but a number or boolean where a string is expected is
     * refused instead of coerced, so that a payload the one pass accepts had its {@code schemaVersion} as a JSON
     * string, as the tree path requires; anything refused takes the tree path, which coerces as before.
     */
    private static final ObjectMapper STRICT = strict();
    private static final ConcurrentHashMap<Class<?>, ObjectReader> READERS = new ConcurrentHashMap<>();

    private EventCodec() {}

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

    private static ObjectMapper strict() {
        ObjectMapper m = MAPPER.copy();
        for (CoercionInputShape shape : new CoercionInputShape[]{CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean}) {
            m.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        return m;
    }

    /**
     * The event in {@code json}, or {@link InvalidEventException} with the reason. One pass binds a JSON object straight
     * to {@code type} and then checks the version it holds; when that pass fails, or finds no version, the payload is
     * read as a tree ({@link #decodeTree}), which checks the version first and names what is wrong. Both ways accept
     * and refuse the same payloads with the same reasons: the one pass only accepts what binds without any coercion,
     * which the tree path binds to the same values.
     */
    public static <T extends Event> T decode(String json, Class<T> type) {
        if (json != null && json.length() <= MAX_PAYLOAD_CHARS && startsAsObject(json)) {
            T value = null;
            try {
                value = type.cast(READERS.computeIfAbsent(type, STRICT::readerFor).readValue(json));
            } catch (JsonProcessingException | RuntimeException e) {
                // refused by the one pass: the tree path below finds and names the reason
            }
            if (value != null && value.schemaVersion() != null) {
                checkVersion(value.schemaVersion(), type);
                return value;
            }
        }
        return decodeTree(json, type);
    }

    private static boolean startsAsObject(String json) {
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (!Character.isWhitespace(c)) {
                return c == '{';
            }
        }
        return false;
    }

    private static <T extends Event> T decodeTree(String json, Class<T> type) {
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
            throw new InvalidEventException("malformed JSON for " + type.getSimpleName() + ": " + e
                    .getOriginalMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidEventException(type.getSimpleName() + " must be a JSON object");
        }
        JsonNode version = tree.path("schemaVersion");
        if (!version.isTextual()) {
            throw new InvalidEventException(type.getSimpleName() + " has no schemaVersion");
        }
        checkVersion(version.asText(), type);
        try {
            T value = MAPPER.treeToValue(tree, type);
            return value;
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("invalid " + type.getSimpleName() + ": " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException("invalid " + type.getSimpleName() + ": " + e.getMessage());
        }
    }

    private static void checkVersion(String text, Class<?> type) {
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
