package io.earshot.platform.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * One strict reading of JSON request bodies for every service (Quarkus applies this customizer to the ObjectMapper
 * that Quarkus REST uses): unknown fields (a typo must not be silently dropped; Kafka events are read by
 * {@code EventCodec}, which stays tolerant of fields a newer minor version adds), duplicate keys, trailing tokens, numbers for enums or strings, nulls for primitives,
 * non-finite numbers, lone surrogates and control characters (but tab, newline and carriage return) are refused,
 * and the parser stops at a nesting depth, a string length and a number length no honest client reaches. Each
 * refusal is a {@code JsonProcessingException}, which {@link ProblemMappers} answers with a 400 problem naming the field.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {
    public static final int MAX_NESTING_DEPTH = 64;
    public static final int MAX_STRING_LENGTH = 1024 * 1024;
    public static final int MAX_NUMBER_LENGTH = 64;

    @Override
    public void customize(ObjectMapper mapper) {
        apply(mapper);
    }

    /** Last, so that its deserializers take precedence over those of the modules Quarkus registers. */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }

    public static ObjectMapper apply(ObjectMapper mapper) {
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxStringLength(MAX_STRING_LENGTH)
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .build());
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        mapper.enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        // Durations are written as they are read (ISO-8601, "PT5M"), as the events and webhooks spell them.
        mapper.disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
        for (CoercionInputShape shape : new CoercionInputShape[]{CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean}) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        SimpleModule strict = new SimpleModule("earshot-strict-json");
        strict.addDeserializer(String.class, new CleanString());
        strict.addDeserializer(Double.class, new FiniteDouble(Double.class));
        strict.addDeserializer(Double.TYPE, new FiniteDouble(Double.TYPE));
        strict.addDeserializer(Duration.class, new IsoDuration());
        strict.addDeserializer(UUID.class, new TextUuid());
        mapper.registerModule(strict);
        return mapper;
    }

    /** Why {@code s} may not be stored or shown, or null when it is clean text. */
    public static String unclean(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "holds a lone surrogate";
            }
            if (Character.isLowSurrogate(c)) {
                return "holds a lone surrogate";
            }
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
                return "holds a control character (U+" + String.format("%04X", (int) c) + ")";
            }
        }
        return null;
    }

    static final class CleanString extends StdScalarDeserializer<String> {
        private static final long serialVersionUID = 1L;

        CleanString() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String s = StringDeserializer.instance.deserialize(p, ctxt);
            String why = s == null ? null : unclean(s);
            if (why != null) {
                // Not echoing the value: a lone surrogate could not even be written back as JSON.
                return ctxt.reportInputMismatch(this, "%s", why);
            }
            return s;
        }
    }

    /** Durations only as ISO-8601 text ("PT30M"); a bare number would silently mean seconds. */
    static final class IsoDuration extends StdScalarDeserializer<Duration> {
        private static final long serialVersionUID = 1L;

        IsoDuration() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                return ctxt.reportInputMismatch(this, "must be an ISO-8601 duration such as PT30M");
            }
            try {
                return Duration.parse(p.getText().trim());
            } catch (DateTimeParseException e) {
                return ctxt.reportInputMismatch(this, "must be an ISO-8601 duration such as PT30M");
            }
        }
    }

    /** UUIDs only as their text form; Jackson would otherwise make one of a big integer. */
    static final class TextUuid extends StdScalarDeserializer<UUID> {
        private static final long serialVersionUID = 1L;

        TextUuid() {
            super(UUID.class);
        }

        @Override
        public UUID deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.hasToken(JsonToken.VALUE_STRING)) {
                try {
                    return UUID.fromString(p.getText().trim());
                } catch (IllegalArgumentException e) {
                    // fall through to the refusal
                }
            }
            return ctxt.reportInputMismatch(this, "must be a UUID such as 123e4567-e89b-12d3-a456-426614174000");
        }
    }

    static final class FiniteDouble extends StdScalarDeserializer<Double> {
        private static final long serialVersionUID = 1L;

        FiniteDouble(Class<?> type) {
            super(type);
        }

        @Override
        public Double deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_NUMBER_INT) && !p.hasToken(JsonToken.VALUE_NUMBER_FLOAT)) {
                return (Double) ctxt.handleUnexpectedToken(Double.class, p);
            }
            double d = p.getDoubleValue();
            if (!Double.isFinite(d)) {
                return (Double) ctxt.handleWeirdNumberValue(Double.class, d, "is out of range");
            }
            return d;
        }

        @Override
        public Double getNullValue(DeserializationContext ctxt)
                throws com.fasterxml.jackson.databind.JsonMappingException {
            if (handledType().isPrimitive()) {
                return ctxt.reportInputMismatch(this, "null is not a number");
            }
            return null;
        }
    }
}
