package io.earshot.web;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the shared layout shows about the signed-in user; templates reach it as {@code inject:web} (e.g.
 * {@code {inject:web.user}}, {@code {#if inject:web.has('lead')}}). Only read on pages that require a sign-in.
 */
@Named("web")
@RequestScoped
public class WebPage {
    public record Link(String label, String url) {}

    private final SecurityIdentity identity;
    private final WebConfig config;

    public WebPage(SecurityIdentity identity, WebConfig config) {
        this.identity = identity;
        this.config = config;
    }

    public String getUser() {
        return identity.isAnonymous() ? "" : identity.getPrincipal().getName();
    }

    public String getRoles() {
        return String.join(", ", new TreeSet<>(roles()));
    }

    public boolean has(String role) {
        return identity.hasRole(role);
    }

    public List<Link> getNav() {
        return links(config.nav().orElse(List.of()));
    }

    static List<Link> links(List<String> entries) {
        return entries.stream().map(String::trim).filter(e -> e.indexOf('=') > 0).map(e -> {
            int eq = e.indexOf('=');
            return new Link(e.substring(0, eq).trim(), e.substring(eq + 1).trim());
        }).toList();
    }

    private Set<String> roles() {
        return identity.getRoles();
    }
}
