package io.earshot.map.ui;

import io.earshot.platform.security.Roles;
import jakarta.ws.rs.core.SecurityContext;

/**
 * Who is looking at a page and what the API lets them do there: the pages hide what a role may not do, and the
 * services behind the forms check the role again.
 */
public record Viewer(String name, boolean mayEditMaps, boolean mayReadQueue, boolean mayReview) {

    static Viewer of(SecurityContext security) {
        String name = security.getUserPrincipal() == null ? "unknown" : security.getUserPrincipal().getName();
        boolean analyst = security.isUserInRole(Roles.ANALYST);
        return new Viewer(name, analyst, analyst || security.isUserInRole(Roles.ADMIN), analyst);
    }
}
