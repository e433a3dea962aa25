package io.earshot.escalation.crm;

import io.earshot.platform.http.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A CRM customer: external id, handles per network, tier, lifetime value, and whether they are press.
 * {@code mergedInto} (read only) names the customer this record was merged into by an identity link, null otherwise.
 */
public record CustomerRecord(String id, String name, String tier, Double lifetimeValue, Boolean press,
        List<Handle> handles,
        String mergedInto) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Pattern NETWORK = Pattern.compile("[a-z0-9_-]{1,32}");

    /**
     * One handle on one network. {@code handle} is the matching key (lower case, no leading {@code @});
     * {@code replyHandle} is the handle as that channel writes it, which replies on that network address (the
     * imported spelling when not given); {@code linkId} (read only) is the identity link that attached it, null for
     * imported handles.
     */
    public record Handle(String network, String handle, String replyHandle, String linkId) {
        String reply() {
            return replyHandle == null || replyHandle.isBlank() ? handle.trim() : replyHandle.trim();
        }
    }

    /** A handle as matched against mention authors: lower case, without a leading {@code @}. */
    public static String normalise(String handle) {
        if (handle == null) {
            return null;
        }
        String h = handle.trim().toLowerCase(Locale.ROOT);
        return h.startsWith("@") ? h.substring(1) : h;
    }

    static boolean validNetwork(String network) {
        return network != null && NETWORK.matcher(network).matches();
    }

    static boolean validId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** Field errors of one handle ({@code prefix} names it in the errors). */
    static void validateHandle(String prefix, Handle h, List<Problem.FieldError> errors) {
        if (h == null || !validNetwork(h.network())) {
            errors.add(new Problem.FieldError(prefix + "network", "must match " + NETWORK.pattern()));
        }
        String n = h == null ? null : normalise(h.handle());
        if (n == null || n.isEmpty() || n.length() > 256) {
            errors.add(new Problem.FieldError(prefix + "handle", "must be 1 to 256 characters"));
        }
        if (h != null && h.replyHandle() != null && h.replyHandle().length() > 256) {
            errors.add(new Problem.FieldError(prefix + "replyHandle", "at most 256 characters"));
        }
    }

    void validate(String prefix, List<Problem.FieldError> errors) {
        if (!validId(id)) {
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
            validateHandle(prefix + "handles[" + i + "].", handles.get(i), errors);
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
