package io.earshot.platform.security;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a user may see and act on: the brands (and, optionally, the queues) of their token's {@code brands} and
 * {@code queues} claims, or of the admin-defined mapping for providers that cannot add claims (docs/security.md
 * "Brand and queue scopes"). A resource outside the scope answers 404, as if it did not exist.
 *
 * <p>{@code "*"} in a claim grants every brand (or queue); a missing {@code queues} claim grants every queue of the
 * granted brands. {@link #NONE} grants nothing: an agent, lead, comms or analyst token without a brands claim or a
 * mapping sees no brand at all.
 */
public record Scope(boolean allBrands, Set<String> brands, boolean allQueues, Set<String> queues) {
    /** The wildcard of the claims: every brand, or every queue. */
    public static final String ANY = "*";
    /** Everything: services and admins without a brands claim. */
    public static final Scope ALL = new Scope(true, Set.of(), true, Set.of());
    /** Nothing: the default for people whose token carries no brands and whom no mapping names. */
    public static final Scope NONE = new Scope(false, Set.of(), true, Set.of());

    public Scope {
        brands = Set.copyOf(new TreeSet<>(brands));
        queues = Set.copyOf(new TreeSet<>(queues));
    }

    /**
     * The scope of a brands claim and an optional queues claim (null: every queue); {@code "*"} grants all.
     * Blank entries are ignored.
     */
    public static Scope of(Collection<String> brands, Collection<String> queues) {
        Set<String> b = clean(brands);
        Set<String> q = queues == null ? Set.of(ANY) : clean(queues);
        return new Scope(b.contains(ANY), b.contains(ANY) ? Set.of() : b, q.contains(ANY), q.contains(ANY)
                ? Set.of()
                : q);
    }

    /** Whether the scope grants {@code brand}. */
    public boolean brand(String brand) {
        return allBrands || brand != null && brands.contains(brand);
    }

    /** Whether the scope grants {@code queue} (of a granted brand). */
    public boolean queue(String queue) {
        return allQueues || queue != null && queues.contains(queue);
    }

    /** Whether a case of {@code brand} in {@code queue} is in scope. */
    public boolean covers(String brand, String queue) {
        return brand(brand) && queue(queue);
    }

    /** Whether the scope grants no brand at all. */
    public boolean isEmpty() {
        return !allBrands && brands.isEmpty();
    }

    /**
     * A SQL condition keeping the rows whose {@code column} is a granted brand, for native SQL: {@code true} for every
     * brand, {@code false} for none, else {@code column in (?first, ...)} with one parameter per brand of
     * {@link #brandParams()}, numbered from {@code first} in the style of {@code marker} ({@code "?"} for Hibernate's
     * native queries, {@code "$"} for the Vert.x client).
     */
    public String brandCondition(String column, String marker, int first) {
        if (allBrands) {
            return "true";
        }
        if (brands.isEmpty()) {
            return "false";
        }
        StringBuilder sql = new StringBuilder(column).append(" in (");
        for (int i = 0; i < brands.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(marker).append(first + i);
        }
        return sql.append(')').toString();
    }

    /**
     * Adds the scope to an HQL where clause: {@code brandField in :scopeBrands} unless every brand is granted, and
     * {@code queueField in :scopeQueues} (when not null) unless every queue is; nothing matches an empty scope.
     */
    public void restrict(StringBuilder where, java.util.Map<String, Object> params, String brandField,
            String queueField) {
        if (isEmpty()) {
            where.append(" and 1 = 0");
            return;
        }
        if (!allBrands) {
            where.append(" and ").append(brandField).append(" in :scopeBrands");
            params.put("scopeBrands", brands);
        }
        if (queueField != null && !allQueues) {
            if (queues.isEmpty()) {
                where.append(" and 1 = 0");
            } else {
                where.append(" and ").append(queueField).append(" in :scopeQueues");
                params.put("scopeQueues", queues);
            }
        }
    }

    /** The parameters of {@link #brandCondition}, in order: the granted brands sorted, none for every brand. */
    public java.util.List<String> brandParams() {
        return allBrands ? java.util.List.of() : brands.stream().sorted().toList();
    }

    /**
     * Both grants together: the brands of either, and the queues of either (a grant without a queue restriction
     * lifts it). An empty grant adds nothing.
     */
    public Scope union(Scope other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        Set<String> b = new TreeSet<>(brands);
        b.addAll(other.brands);
        Set<String> q = new TreeSet<>(queues);
        q.addAll(other.queues);
        boolean anyBrand = allBrands || other.allBrands;
        boolean anyQueue = allQueues || other.allQueues;
        return new Scope(anyBrand, anyBrand ? Set.of() : b, anyQueue, anyQueue ? Set.of() : q);
    }

    private static Set<String> clean(Collection<String> values) {
        Set<String> out = new TreeSet<>();
        if (values != null) {
            for (String v : values) {
                if (v != null && !v.isBlank()) {
                    out.add(v.trim());
                }
            }
        }
        return out;
    }
}
