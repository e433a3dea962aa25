package io.earshot.platform.security;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Brand and queue grants for OIDC providers that cannot add {@code brands} and {@code queues} claims
 * (docs/security.md "Brand and queue scopes"), by group (a value of the {@code groups} claim) or by subject (the
 * principal's name), e.g.
 *
 * <pre>
 * earshot.scope.groups.acme-team.brands=acme
 * earshot.scope.groups.acme-legal.brands=acme
 * earshot.scope.groups.acme-legal.queues=legal,vip
 * earshot.scope.subjects."alice@example.com".brands=acme,globex
 * </pre>
 *
 * A user's scope is the union of their claims and every grant that names one of their groups or their subject.
 */
@ConfigMapping(prefix = "earshot.scope")
public interface ScopeConfig {
    /** Grants per group of the {@code groups} claim. */
    Map<String, Grant> groups();

    /** Grants per subject (the principal's name: {@code upn}, else {@code preferred_username}, else {@code sub}). */
    Map<String, Grant> subjects();

    /** Brands ({@code *}: all) and optionally queues ({@code *} or absent: every queue of those brands). */
    interface Grant {
        List<String> brands();

        Optional<List<String>> queues();
    }
}
