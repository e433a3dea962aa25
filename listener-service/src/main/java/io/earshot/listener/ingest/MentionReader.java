package io.earshot.listener.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.earshot.platform.http.JsonProblems;
import io.earshot.platform.http.Problem;
import io.earshot.platform.http.ProblemMappers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Turns one JSON object into a validated {@link MentionInput}, naming every bad field: shared by the push API and
 * bulk imports so both accept exactly the same mentions.
 */
@ApplicationScoped
public class MentionReader {
    /** No mention of any source is older; year 1 or year 9999 is a broken clock or a broken client. */
    static final Instant EARLIEST = Instant.parse("1990-01-01T00:00:00Z");
    /** Clocks of other systems run a little ahead; a day is generous. */
    static final Duration LEEWAY = Duration.ofDays(1);
    private final ObjectMapper mapper;
    private final Validator validator;

    public MentionReader(ObjectMapper mapper, Validator validator) {
        this.mapper = mapper;
        this.validator = validator;
    }

    /**
     * The input read from {@code node}, or null when it is invalid; then {@code errors} got one entry per bad field,
     * each field prefixed with {@code prefix} ({@code whole} names the node itself when it is not an object).
     */
    public MentionInput read(JsonNode node, String prefix, String whole, List<Problem.FieldError> errors) {
        if (node == null || !node.isObject()) {
            errors.add(new Problem.FieldError(whole, "must be a JSON object"));
            return null;
        }
        try {
            MentionInput input = mapper.treeToValue(node, MentionInput.class);
            int before = errors.size();
            for (ConstraintViolation<MentionInput> v : validator.validate(input)) {
                errors.add(ProblemMappers.fieldErrorOf(v, prefix));
            }
            if (input.createdAt() != null && (input.createdAt().isBefore(EARLIEST)
                    || input.createdAt().isAfter(Instant.now().plus(LEEWAY)))) {
                errors.add(new Problem.FieldError(prefix + "createdAt", "must be between " + EARLIEST
                        + " and a day from now"));
            }
            return errors.size() == before ? input : null;
        } catch (UnrecognizedPropertyException e) {
            errors.add(JsonProblems.fieldError(e, prefix));
        } catch (JsonMappingException e) {
            errors.add(new Problem.FieldError(prefix + path(e), "has the wrong type or format"));
        } catch (JsonProcessingException e) {
            errors.add(new Problem.FieldError(prefix.isEmpty() ? whole : prefix, "is not valid JSON"));
        }
        return null;
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }
}
