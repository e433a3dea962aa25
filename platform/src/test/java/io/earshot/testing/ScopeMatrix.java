package io.earshot.testing;

import io.earshot.testing.SecurityMatrix.Kind;
import io.earshot.testing.SecurityMatrix.Row;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The scope matrix of issue #26: every endpoint of a service with a user whose token grants the brand (and queue) of
 * the resource and a user whose token grants another brand only (docs/security.md "Brand and queue scopes").
 * <ul>
 * <li>{@link #hidden}: a resource of one brand (a case, a crisis, a brand's windows, an action on them). In scope the
 * answer is neither 401, 403, 404 nor 5xx; out of scope it is 404 (problem+json for an API), as if it did not
 * exist. Out-of-scope requests are sent first, so that an action that wrongly succeeds cannot hide behind an earlier
 * in-scope one.</li>
 * <li>{@link #filtered}: a listing. Both users get 2xx; the in-scope body carries {@code marker} (the resource's id),
 * the out-of-scope body does not.</li>
 * <li>{@link #unscoped}: an endpoint with no brand or queue in it (a rule, a webhook, the audit log), named with the
 * reason, so that {@link #assertCovers} can demand a decision for every endpoint of the role matrix.</li>
 * </ul>
 */
public final class ScopeMatrix {
    /** One endpoint's scope expectation; {@code role} is the allowed role that sends it. */
    public record ScopeRow(Row row, String role, String marker, String reason) {
        @Override
        public String toString() {
            return row + " as " + role;
        }
    }

    private final SecurityMatrix matrix;
    private final Map<String, String> inScope;
    private final Map<String, String> outOfScope;
    private final List<ScopeRow> rows;

    /**
     * @param inScope per role, a token that grants the resources' brand and queue
     * @param outOfScope per role, a token that grants another brand only
     */
    public ScopeMatrix(SecurityMatrix matrix, Map<String, String> inScope, Map<String, String> outOfScope,
            List<ScopeRow> rows) {
        this.matrix = matrix;
        this.inScope = inScope;
        this.outOfScope = outOfScope;
        this.rows = List.copyOf(rows);
    }

    /** A resource of one brand: 404 out of scope, anything but 401, 403, 404 or 5xx in scope. */
    public static ScopeRow hidden(Row row, String role) {
        return new ScopeRow(row, role, null, null);
    }

    /** A listing: 2xx for both, {@code marker} only in the in-scope body. */
    public static ScopeRow filtered(Row row, String role, String marker) {
        return new ScopeRow(row, role, marker, null);
    }

    /** An endpoint without brand or queue, for the reason given. */
    public static ScopeRow unscoped(Row row, String reason) {
        return new ScopeRow(row, null, null, reason);
    }

    /** Every row's expectation, out-of-scope user first; fails once with every mismatch. */
    public void check() {
        List<String> failures = new ArrayList<>();
        for (ScopeRow r : rows) {
            if (r.reason() != null) {
                continue;
            }
            String out = token(outOfScope, r);
            String in = token(inScope, r);
            if (r.marker() == null) {
                SecurityMatrix.Answer denied = matrix.send(r.row(), out);
                boolean problem = r.row().kind() != Kind.API || denied.type().startsWith("application/problem+json");
                if (denied.status() != 404 || !problem) {
                    failures.add(r + " out of scope: expected 404" + (r.row().kind() == Kind.API ? " problem+json" : "")
                            + ", got " + denied);
                }
                SecurityMatrix.Answer allowed = matrix.send(r.row(), in);
                int s = allowed.status();
                if (s == 401 || s == 403 || s == 404 || s >= 500) {
                    failures.add(r + " in scope: expected neither 401, 403, 404 nor 5xx, got " + allowed);
                }
            } else {
                SecurityMatrix.Body denied = matrix.read(r.row(), out);
                if (denied.status() / 100 != 2 || denied.text().contains(r.marker())) {
                    failures.add(r + " out of scope: expected 2xx without " + r.marker() + ", got " + denied.status()
                            + (denied.text().contains(r.marker()) ? " with it" : ""));
                }
                SecurityMatrix.Body allowed = matrix.read(r.row(), in);
                if (allowed.status() / 100 != 2 || !allowed.text().contains(r.marker())) {
                    failures.add(r + " in scope: expected 2xx with " + r.marker() + ", got " + allowed.status());
                }
            }
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.size() + " scope-matrix mismatches:\n  " + String.join("\n  ", failures));
        }
    }

    /**
     * Fails unless every JAX-RS resource method under {@code packagePrefix} (as {@link SecurityMatrix#assertCovers})
     * has a scope row (open ones such as sign-in as {@link #unscoped}), and every scope row names one: a new endpoint
     * needs a scope decision.
     */
    public void assertCovers(String packagePrefix, Class<?>... roots) {
        List<SecurityMatrix.Endpoint> endpoints = SecurityMatrix.endpoints(packagePrefix, roots);
        Set<SecurityMatrix.Endpoint> covered = new LinkedHashSet<>();
        List<String> stale = new ArrayList<>();
        for (ScopeRow r : rows) {
            endpoints.stream()
                    .filter(e -> e.method().equals(r.row().method()) && e.pattern().matcher(r.row().rawPath())
                            .matches())
                    .max(java.util.Comparator.comparingInt(SecurityMatrix.Endpoint::literals))
                    .ifPresentOrElse(covered::add, () -> stale.add(r.row().toString()));
        }
        List<String> missing = endpoints.stream().filter(e -> !covered.contains(e)).map(Object::toString).toList();
        if (!missing.isEmpty() || !stale.isEmpty()) {
            throw new AssertionError(
                    "the scope matrix and the service's endpoints disagree:\n  endpoints without a scope"
                            + " decision: " + missing + "\n  scope rows without an endpoint: " + stale);
        }
    }

    private static String token(Map<String, String> tokens, ScopeRow r) {
        String token = tokens.get(r.role());
        if (token == null) {
            throw new IllegalArgumentException("no token for role " + r.role() + " (" + r.row() + ")");
        }
        return token;
    }
}
