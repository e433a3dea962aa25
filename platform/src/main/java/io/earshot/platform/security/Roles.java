package io.earshot.platform.security;

import java.util.List;

/** The roles of DESIGN.md, as they appear in the JWT {@code groups} claim. */
public final class Roles {
    public static final String AGENT = "agent";
    public static final String LEAD = "lead";
    public static final String COMMS = "comms";
    public static final String ANALYST = "analyst";
    public static final String ADMIN = "admin";
    public static final String SERVICE = "service";

    public static final List<String> ALL = List.of(AGENT, LEAD, COMMS, ANALYST, ADMIN, SERVICE);

    /** Issuer that the demo and test tokens carry and the services expect unless configured otherwise. */
    public static final String DEFAULT_ISSUER = "https://earshot.local/issuer";
    public static final String DEFAULT_AUDIENCE = "earshot";

    private Roles() {}
}
