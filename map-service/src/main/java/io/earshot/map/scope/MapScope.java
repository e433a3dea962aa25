package io.earshot.map.scope;

import io.earshot.map.maps.MapResource;
import io.earshot.platform.http.ProblemException;
import io.earshot.platform.security.Scope;
import io.earshot.platform.security.Scopes;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Brand scoping of the map service (issue #26, docs/security.md "Brand and queue scopes"): maps, personas, items,
 * versions, candidates and clusters of a brand outside the caller's scope answer 404 as if they did not exist, and
 * listings carry only the caller's brands. The checks run before any work, so nothing outside the scope changes.
 */
@ApplicationScoped
public class MapScope {
    /** The tables whose rows carry a brand, by what a 404 calls them. */
    public enum Owned {
        CANDIDATE("candidates", "candidate"), CLUSTER("insight_clusters", "cluster"), PERSONA("personas",
                "persona"), ITEM("map_items", "item");

        final String table;
        final String noun;

        Owned(String table, String noun) {
            this.table = table;
            this.noun = noun;
        }
    }

    private final Scopes scopes;

    public MapScope(Scopes scopes) {
        this.scopes = scopes;
    }

    /** The caller's scope (read once per request, before any asynchronous work). */
    public Scope current() {
        return scopes.current();
    }

    /** A path or query brand, validated ({@link MapResource#brand}) and in the caller's scope; a 404 otherwise. */
    public String brand(String brand) {
        return scopes.requireBrand(MapResource.brand(brand));
    }

    /** An optional brand filter: null when absent, else as {@link #brand}. */
    public String optionalBrand(String brand) {
        return brand == null || brand.isBlank() ? null : brand(brand);
    }

    /** Completes when the row {@code id} of {@code owned} exists and its brand is in the caller's scope; 404 otherwise. */
    @WithSession
    public Uni<Void> require(Owned owned, UUID id) {
        Scope scope = current();
        return Panache.getSession().flatMap(s -> s.createNativeQuery("select brand from " + owned.table
                + " where id = ?1",
                String.class).setParameter(1, id).getResultList())
                .map(rows -> {
                    if (rows.isEmpty() || !scope.brand(rows.get(0))) {
                        throw ProblemException.notFound(owned.noun + " " + id);
                    }
                    return null;
                });
    }
}
