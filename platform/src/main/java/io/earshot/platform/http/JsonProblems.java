package io.earshot.platform.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A request body Jackson refused, as a 400 problem an integrator can act on: where (the field as a JSON path, and the
 * line and column of the body) and what was expected, in plain words. Jackson's own messages name Java classes
 * ({@code Cannot deserialize value of type `java.lang.Integer`}); none of that leaves the service.
 */
public final class JsonProblems {
    /** Anything that still looks like a Java type name in a message Jackson wrote. */
    private static final Pattern JAVA_NAME = Pattern.compile("`[^`]*`|\\(class [^)]*\\)"
            + "|\\b(?:[a-z_][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*\\b|\\b[a-z_][a-z0-9_]*(?:\\.[a-z_][a-z0-9_-]*){2,}(?::[a-z0-9_.-]+)?");

    private JsonProblems() {}

    public static Problem of(JsonProcessingException e) {
        String at = location(e.getLocation());
        // A syntax error met while binding arrives wrapped, with the path it was read at: still malformed JSON.
        if (e instanceof JsonMappingException && e.getCause() instanceof JsonProcessingException cause
                && !(cause instanceof JsonMappingException)) {
            return Problem.of(400, "Bad Request", "malformed JSON" + location(cause.getLocation()) + ": " + syntax(
                    cause));
        }
        if (!(e instanceof JsonMappingException m) || m.getPath().isEmpty()) {
            String reason = e instanceof MismatchedInputException mi ? mismatch(mi) : syntax(e);
            return Problem.of(400, "Bad Request", "malformed JSON" + at + ": " + reason);
        }
        List<Problem.FieldError> errors = List.of(fieldError(m, ""));
        return Problem.of(400, "Bad Request", Problem.detailOf(errors) + at).withErrors(errors);
    }

    /**
     * The field a binding failure names, with its pointer and what is wrong in plain words; {@code prefix} is where the
     * bound object sits in the body (a batch's "[3].", for instance).
     */
    public static Problem.FieldError fieldError(JsonMappingException m, String prefix) {
        String message;
        if (m instanceof UnrecognizedPropertyException u) {
            message = unknownField(u.getKnownPropertyIds());
        } else if (m instanceof InvalidFormatException f) {
            message = "must be " + expected(f.getTargetType());
        } else if (m instanceof MismatchedInputException mi) {
            message = mismatch(mi);
        } else {
            message = plain(m.getOriginalMessage());
        }
        return Problem.FieldError.inBody(prefix + pathOf(m), message);
    }

    /** The message for a field the body's object does not have, naming the ones it has. */
    static String unknownField(Collection<Object> known) {
        if (known == null || known.isEmpty()) {
            return "is not a known field";
        }
        return "is not a known field; known: " + known.stream().map(String::valueOf).sorted().collect(Collectors
                .joining(", "));
    }

    /**
     * Refuses (400) a field of the JSON object {@code node} that is not in {@code known}, for bodies read as trees;
     * {@code prefix} is the object's path in the body ("" for the body itself, "subject." for a nested object).
     */
    public static void onlyKnown(com.fasterxml.jackson.databind.JsonNode node, String prefix,
            Collection<String> known) {
        if (node == null || !node.isObject()) {
            return;
        }
        var names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw ProblemException.invalid(List.of(Problem.FieldError.inBody(prefix + name, unknownField(List
                        .copyOf(known)))));
            }
        }
    }

    private static String mismatch(MismatchedInputException e) {
        Class<?> target = e.getTargetType();
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (original.startsWith("Trailing token")) {
            return "unexpected content after the JSON value";
        }
        if (original.startsWith("No content to map")) {
            return "the body is empty";
        }
        return target == null ? plain(original) : "must be " + expected(target);
    }

    private static String syntax(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException) {
            return "too deeply nested, or a string or number too long";
        }
        return plain(e.getOriginalMessage());
    }

    /** What a field of this type takes, as an integrator would say it. */
    static String expected(Class<?> type) {
        if (type == null) {
            return "a value of another type";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString).collect(Collectors.joining(
                    ", "));
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class || type == Character.class || type == char.class) {
            return "a string";
        }
        if (type == UUID.class) {
            return "a UUID string";
        }
        if (type == Instant.class || type == OffsetDateTime.class) {
            return "an ISO-8601 timestamp string, e.g. 2026-12-07T08:00:00Z";
        }
        if (type == LocalDate.class) {
            return "an ISO-8601 date string, e.g. 2026-12-07";
        }
        if (type == Duration.class) {
            return "an ISO-8601 duration string, e.g. PT5M";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return Map.class.isAssignableFrom(type) || !type.getName().startsWith("java.")
                ? "an object"
                : "a value of another type";
    }

    /** Jackson's first line without Java names, positions (we give our own) or source references. */
    static String plain(String message) {
        if (message == null || message.isBlank()) {
            return "not valid JSON";
        }
        String first = message.lines().findFirst().orElse("").replaceAll("\\s*at \\[Source:.*$", "");
        String cleaned = JAVA_NAME.matcher(first).replaceAll("a value").trim();
        return cleaned.isEmpty() ? "not valid JSON" : cleaned;
    }

    private static String location(JsonLocation at) {
        return at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }
}
