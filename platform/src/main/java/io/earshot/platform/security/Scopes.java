package io.earshot.platform.security;

import io.earshot.platform.http.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The {@link Scope} of the caller: the {@code brands} and {@code queues} claims of their token, joined with the grants
 * of {@link ScopeConfig} for their groups and subject. A token that has neither a brands claim nor a grant sees
 * nothing, except admin and service tokens, which see every brand (they run the installation; an admin or service
 * token with a brands claim is limited to it like anyone else).
 */
@ApplicationScoped
public class Scopes {
    static final String BRANDS = "brands";
    static final String QUEUES = "queues";

    private final SecurityIdentity identity;
    private final ScopeConfig config;

    public Scopes(SecurityIdentity identity, ScopeConfig config) {
        this.identity = identity;
        this.config = config;
    }

    /** The current request's scope. */
    public Scope current() {
        return of(identity);
    }

    /** The scope of {@code who}. */
    public Scope of(SecurityIdentity who) {
        if (who == null || who.isAnonymous()) {
            return Scope.NONE;
        }
        Scope scope = Scope.NONE;
        boolean claimed = false;
        if (who.getPrincipal() instanceof JsonWebToken jwt && jwt.containsClaim(BRANDS)) {
            claimed = true;
            List<String> queues = jwt.containsClaim(QUEUES) ? strings(jwt.getClaim(QUEUES)) : null;
            scope = Scope.of(strings(jwt.getClaim(BRANDS)), queues);
        }
        for (String group : who.getRoles()) {
            ScopeConfig.Grant grant = config.groups().get(group);
            if (grant != null) {
                claimed = true;
                scope = scope.union(grant(grant));
            }
        }
        ScopeConfig.Grant mine = config.subjects().get(who.getPrincipal().getName());
        if (mine != null) {
            claimed = true;
            scope = scope.union(grant(mine));
        }
        if (!claimed && (who.hasRole(Roles.ADMIN) || who.hasRole(Roles.SERVICE))) {
            return Scope.ALL;
        }
        return scope;
    }

    /** {@code brand} when the caller's scope grants it (or null when null); otherwise a 404 naming it. */
    public String requireBrand(String brand) {
        if (brand != null && !current().brand(brand)) {
            throw ProblemException.notFound("brand " + brand);
        }
        return brand;
    }

    private static Scope grant(ScopeConfig.Grant grant) {
        return Scope.of(grant.brands(), grant.queues().orElse(null));
    }

    /** A claim's strings: a JSON array of strings, a collection, or one string of comma- or space-separated values. */
    static List<String> strings(Object claim) {
        List<String> out = new ArrayList<>();
        if (claim instanceof JsonArray array) {
            for (JsonValue v : array) {
                out.add(v instanceof JsonString s ? s.getString() : v.toString());
            }
        } else if (claim instanceof Collection<?> values) {
            for (Object v : values) {
                out.add(v instanceof JsonString s ? s.getString() : String.valueOf(v));
            }
        } else if (claim instanceof JsonString s) {
            out.addAll(List.of(s.getString().split("[,\\s]+")));
        } else if (claim instanceof String s) {
            out.addAll(List.of(s.split("[,\\s]+")));
        }
        return out;
    }
}
