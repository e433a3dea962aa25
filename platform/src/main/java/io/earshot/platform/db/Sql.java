package io.earshot.platform.db;

import java.util.regex.Pattern;

/**
 * SQL written once for both clients: statements use the PostgreSQL client's {@code $n} parameters (the services' Kafka hot
 * paths run them on the reactive Vert.x client) and {@link #hibernate} turns them into Hibernate's {@code ?n} for
 * the CRUD paths that share them inside a Hibernate Reactive transaction. Casts are written {@code cast(... as ...)}
 * rather than {@code ::}, which Hibernate would take for a named parameter.
 */
public final class Sql {
    private static final Pattern PARAMETER = Pattern.compile("\\$(\\d+)");

    private Sql() {}

    /** The statement with {@code $n} parameters written as Hibernate's {@code ?n}. */
    public static String hibernate(String sql) {
        return PARAMETER.matcher(sql).replaceAll("?$1");
    }
}
