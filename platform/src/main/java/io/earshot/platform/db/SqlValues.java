package io.earshot.platform.db;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAccessor;
import java.util.Collection;

/**
 * Conversions between Java values and native-query columns or parameters, shared by the services (the Java type of
 * a timestamp column depends on the driver and the query).
 */
public final class SqlValues {
    private SqlValues() {}

    /** A timestamp column as an {@link Instant}; null stays null. */
    public static Instant instant(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Instant i) {
            return i;
        }
        if (v instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (v instanceof Timestamp t) {
            return t.toInstant();
        }
        if (v instanceof LocalDateTime l) {
            return l.toInstant(ZoneOffset.UTC);
        }
        if (v instanceof TemporalAccessor t) {
            return Instant.from(t);
        }
        throw new IllegalArgumentException("not a timestamp: " + v.getClass());
    }

    /** An {@link Instant} as a {@code timestamptz} parameter; null stays null. */
    public static OffsetDateTime utc(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    /** A numeric column as a long; null is 0. */
    public static long number(Object v) {
        return v == null ? 0 : ((Number) v).longValue();
    }

    /**
     * Timestamp arrays travel as ISO-8601 text cast in SQL ({@code cast(cast(?1 as text[]) as timestamptz[])}):
     * Hibernate Reactive turns an {@code OffsetDateTime[]} parameter into {@code Instant[]}, which the PostgreSQL
     * client cannot encode as {@code timestamptz[]}.
     */
    public static String[] timestamps(OffsetDateTime[] values) {
        String[] out = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i] == null ? null : values[i].toString();
        }
        return out;
    }

    /**
     * A list of strings as a PostgreSQL array literal ({@code {"a","b\"c"}}), for a {@code text[]} value inside a
     * multi-row statement, where each row's array travels as one element of a {@code text[]} parameter
     * ({@code cast(r.topics as text[])}); null elements stay null, a null list stays null.
     */
    public static String textArray(Collection<String> values) {
        if (values == null) {
            return null;
        }
        StringBuilder b = new StringBuilder("{");
        for (String v : values) {
            if (b.length() > 1) {
                b.append(',');
            }
            if (v == null) {
                b.append("NULL");
                continue;
            }
            b.append('"');
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if (c == '"' || c == '\\') {
                    b.append('\\');
                }
                b.append(c);
            }
            b.append('"');
        }
        return b.append('}').toString();
    }
}
