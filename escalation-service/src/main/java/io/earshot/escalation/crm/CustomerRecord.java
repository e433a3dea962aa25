package io.earshot.escalation.crm;

import io.earshot.contracts.http.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** A CRM customer: external id, handles per network, tier, lifetime value, and whether they are press. */
public record CustomerRecord(String id, String name, String tier, Double lifetimeValue, Boolean press, List<Handle> handles) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Pattern NETWORK = Pattern.compile("[a-z0-9_-]{1,32}");

    public record Handle(String network, String handle) {
    }

    /** A handle as matched against mention authors: lower case, without a leading {@code @}. */
    public static String normalise(String handle) {
        if (handle == null) {
            return null;
        }
        String h = handle.trim().toLowerCase(Locale.ROOT);
        return h.startsWith("@") ? h.substring(1) : h;
    }

    void validate(String prefix, List<Problem.FieldError> errors) {
        if (id == null || !ID.matcher(id).matches()) {
            errors.add(new Problem.FieldError(prefix + "id", "must match " + ID.pattern()));
        }
        if (name != null && name.length() > 256) {
            errors.add(new Problem.FieldError(prefix + "name", "at most 256 characters"));
        }
        if (tier != null && !NETWORK.matcher(tier).matches()) {
            errors.add(new Problem.FieldError(prefix + "tier", "must match " + NETWORK.pattern()));
        }
        if (lifetimeValue != null && (lifetimeValue.isNaN() || lifetimeValue < 0 || lifetimeValue > 1e12)) {
            errors.add(new Problem.FieldError(prefix + "lifetimeValue", "must be between 0 and 1e12"));
        }
        if (handles == null || handles.isEmpty() || handles.size() > 50) {
            errors.add(new Problem.FieldError(prefix + "handles", "must hold 1 to 50 handles"));
            return;
        }
        for (int i = 0; i < handles.size(); i++) {
            Handle h = handles.get(i);
            if (h == null || h.network() == null || !NETWORK.matcher(h.network()).matches()) {
                errors.add(new Problem.FieldError(prefix + "handles[" + i + "].network", "must match " + NETWORK.pattern()));
            }
            String n = h == null ? null : normalise(h.handle());
            if (n == null || n.isEmpty() || n.length() > 256) {
                errors.add(new Problem.FieldError(prefix + "handles[" + i + "].handle", "must be 1 to 256 characters"));
            }
        }
    }

    static List<Problem.FieldError> validateAll(List<CustomerRecord> records, int max) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (records == null || records.isEmpty() || records.size() > max) {
            errors.add(new Problem.FieldError("body", "must be an array of 1 to " + max + " customers"));
            return errors;
        }
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i) == null) {
                errors.add(new Problem.FieldError("[" + i + "]", "must not be null"));
            } else {
                records.get(i).validate("[" + i + "].", errors);
            }
        }
        return errors;
    }
}
