package io.earshot.escalation.rules;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.earshot.platform.http.Problem;
import io.earshot.platform.http.ProblemException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A rule as leads send it: name, evaluation position (default 100), enabled (default true), conditions, action.
 * The shape {@code GET /api/v1/rules/{id}} answers is accepted too, so that a client can read a rule, change it and
 * send it back: {@code definition} (conditions and action) in place of the two, {@code id} (must name the rule
 * saved), {@code version} (the version read: a PUT fails with 409 when the rule moved on since), and the read-only
 * {@code updatedBy} and {@code updatedAt}, which are ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record RuleRequest(String name, Integer position, Boolean enabled, RuleDefinition.Conditions conditions,
        RuleDefinition.Action action, RuleDefinition definition, UUID id, Integer version, String updatedBy,
        Instant updatedAt) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    /** The request form: conditions and action at the top level. */
    public RuleRequest(String name, Integer position, Boolean enabled, RuleDefinition.Conditions conditions,
            RuleDefinition.Action action) {
        this(name, position, enabled, conditions, action, null, null, null, null, null);
    }

    @Override
    public RuleDefinition definition() {
        return definition != null ? definition : new RuleDefinition(conditions, action);
    }

    /** Where the action's queue is in the body the client sent: under {@code definition} or at the top level. */
    public String queueField() {
        return definition != null ? "definition.action.queue" : "action.queue";
    }

    public int positionOrDefault() {
        return position == null ? 100 : position;
    }

    public boolean enabledOrDefault() {
        return enabled == null || enabled;
    }

    /** Throws a 400 problem naming every invalid field (prefixed with {@code prefix}). */
    public void validate(String prefix) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (name == null || !NAME.matcher(name).matches()) {
            errors.add(new Problem.FieldError(prefix + "name", "must match " + NAME.pattern()));
        }
        if (position != null && (position < 0 || position > 100_000)) {
            errors.add(new Problem.FieldError(prefix + "position", "must be between 0 and 100000"));
        }
        if (definition != null && (conditions != null || action != null)) {
            errors.add(new Problem.FieldError(prefix + "definition",
                    "give either definition or conditions and action, not both"));
        }
        if (version != null && version < 1) {
            errors.add(new Problem.FieldError(prefix + "version", "must be at least 1"));
        }
        errors.addAll(definition().validate(prefix));
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.of(400, "Bad Request", "invalid rule: " + errors.get(0).field() + " "
                    + errors.get(0).message()).withErrors(errors));
        }
    }
}
