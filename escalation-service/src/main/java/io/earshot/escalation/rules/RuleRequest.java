package io.earshot.escalation.rules;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.earshot.contracts.http.Problem;
import io.earshot.contracts.http.ProblemException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** A rule as leads send it: name, evaluation position (default 100), enabled (default true), conditions, action. */
@JsonIgnoreProperties(ignoreUnknown = false)
public record RuleRequest(String name, Integer position, Boolean enabled, RuleDefinition.Conditions conditions,
        RuleDefinition.Action action) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    public RuleDefinition definition() {
        return new RuleDefinition(conditions, action);
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
        errors.addAll(definition().validate(prefix));
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.of(400, "Bad Request", "invalid rule: " + errors.get(0).field() + " "
                    + errors.get(0).message()).withErrors(errors));
        }
    }
}
