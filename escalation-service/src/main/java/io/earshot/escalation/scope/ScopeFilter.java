package io.earshot.escalation.scope;

import io.earshot.platform.http.ProblemException;
import io.earshot.platform.security.Scope;
import io.earshot.platform.security.Scopes;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.UUID;

/**
 * Brand and queue scoping of the escalation service (issue #26, docs/security.md "Brand and queue scopes"): listings
 * are restricted to the caller's brands (cases also to their queues), and a case, crisis or brand outside the scope
 * answers 404 as if it did not exist. The checks run before any work on a case, so nothing outside the scope is
 * changed, audited or published.
 */
@ApplicationScoped
public class ScopeFilter {
    private final Scopes scopes;

    public ScopeFilter(Scopes scopes) {
        this.scopes = scopes;
    }

    /** The caller's scope (read once per request, before any asynchronous work). */
    public Scope current() {
        return scopes.current();
    }

    /** {@code brand} when the caller may see it (null stays null); otherwise a 404. */
    public String brand(String brand) {
        return scopes.requireBrand(brand);
    }

    /** {@code queue} when the caller's scope grants it (null stays null); otherwise a 404. */
    public String queue(String queue) {
        if (queue != null && !current().queue(queue)) {
            throw ProblemException.notFound("queue " + queue);
        }
        return queue;
    }

    /** Completes when case {@code id} exists and is in the caller's scope; a 404 otherwise. */
    @WithSession
    public Uni<Void> requireCase(UUID id) {
        Scope scope = current();
        return Panache.getSession().flatMap(s -> s.createNativeQuery("select brand, queue from cases where id = ?1",
                Object[].class).setParameter(1, id).getResultList())
                .map(rows -> {
                    if (rows.isEmpty() || !scope.covers((String) rows.get(0)[0], (String) rows.get(0)[1])) {
                        throw ProblemException.notFound("case " + id);
                    }
                    return null;
                });
    }

    /** Completes when crisis {@code id} exists and its brand is in the caller's scope; a 404 otherwise. */
    @WithSession
    public Uni<Void> requireCrisis(UUID id) {
        Scope scope = current();
        return Panache.getSession().flatMap(s -> s.createNativeQuery("select brand from crises where id = ?1",
                String.class).setParameter(1, id).getResultList())
                .map(rows -> {
                    if (rows.isEmpty() || !scope.brand(rows.get(0))) {
                        throw ProblemException.notFound("crisis " + id);
                    }
                    return null;
                });
    }

    /** {@link Scope#restrict}, for the escalation's listings. */
    public static void restrict(StringBuilder where, Map<String, Object> params, Scope scope, String brandField,
            String queueField) {
        scope.restrict(where, params, brandField, queueField);
    }
}
