package io.earshot.map.personas;

import io.earshot.map.maps.MapViews.Goal;
import io.earshot.platform.http.Page;
import io.earshot.platform.http.PageCursor;
import io.earshot.platform.http.ProblemException;
import io.earshot.platform.security.Scope;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Personas of each brand, with their matching rules and the goal section of their map. */
@ApplicationScoped
public class PersonaStore {

    /** Matching rules, applied by {@link PersonaMatcher}: any-of within a kind, all-of across the kinds used. */
    public record Rules(
            @Size(max = PersonaResource.MAX_RULES, message = MANY) List<@NotBlank(message = ENTRY) @Size(max = PersonaResource.MAX_RULE, message = ENTRY) String> topics,
            @Size(max = PersonaResource.MAX_RULES, message = MANY) List<@NotBlank(message = ENTRY) @Size(max = PersonaResource.MAX_RULE, message = ENTRY) String> sources,
            @Size(max = PersonaResource.MAX_RULES, message = MANY) List<@NotBlank(message = ENTRY) @Size(max = PersonaResource.MAX_RULE, message = ENTRY) String> keywords,
            @Size(max = PersonaResource.MAX_RULES, message = MANY) List<@NotBlank(message = ENTRY) @Size(max = PersonaResource.MAX_RULE, message = ENTRY) String> tiers) {
        static final String MANY = "must have at most {max} entries";
        static final String ENTRY = "must be 1 to " + PersonaResource.MAX_RULE + " characters";

        public Rules {
            topics = topics == null ? List.of() : List.copyOf(topics);
            sources = sources == null ? List.of() : List.copyOf(sources);
            keywords = keywords == null ? List.of() : List.copyOf(keywords);
            tiers = tiers == null ? List.of() : List.copyOf(tiers);
        }
    }

    public record PersonaView(UUID id, String brand, String name, String description, Rules rules, Goal goal,
            java.time.Instant createdAt, java.time.Instant updatedAt, long version) {
        static PersonaView of(PersonaEntity p) {
            return new PersonaView(p.id, p.brand, p.name, p.description, PersonaStore.rules(p),
                    new Goal(p.goalWho, p.goalNeeds), p.createdAt.toInstant(), p.updatedAt.toInstant(), p.version);
        }
    }

    /** The persona's matching rules. */
    public static Rules rules(PersonaEntity p) {
        return new Rules(list(p.topics), list(p.sources), list(p.keywords), list(p.tiers));
    }

    private static List<String> list(String[] values) {
        return values == null ? List.of() : List.of(values);
    }

    @WithTransaction
    public Uni<PersonaView> create(String brand, String name, String description, Rules rules) {
        return PersonaEntity.<PersonaEntity>find("brand = ?1 and name = ?2", brand, name).firstResult().flatMap(
                existing -> {
                    if (existing != null) {
                        throw ProblemException.conflict("persona " + name + " of brand " + brand + " exists: "
                                + existing.id);
                    }
                    PersonaEntity p = blank(brand, name);
                    p.description = description;
                    apply(p, rules);
                    return p.<PersonaEntity>persist().map(PersonaView::of);
                });
    }

    @WithTransaction
    public Uni<PersonaView> update(UUID id, String description, Rules rules) {
        return PersonaEntity.<PersonaEntity>findById(id).map(p -> {
            if (p == null) {
                throw ProblemException.notFound("persona " + id);
            }
            p.description = description;
            apply(p, rules);
            p.updatedAt = now();
            return p;
        }).call(p -> PersonaEntity.getSession().flatMap(s -> s.flush())).map(PersonaView::of);
    }

    /** Sets the goal of a persona's map, creating the persona (no rules) on first use. */
    @WithTransaction
    public Uni<Goal> setGoal(String brand, String name, String who, String needs) {
        return PersonaEntity.<PersonaEntity>find("brand = ?1 and name = ?2", brand, name).firstResult().flatMap(
                found -> {
                    PersonaEntity p = found == null ? blank(brand, name) : found;
                    p.goalWho = who;
                    p.goalNeeds = needs;
                    p.updatedAt = now();
                    return (found == null ? p.<PersonaEntity>persist() : Uni.createFrom().item(p)).map(x -> new Goal(
                            who, needs));
                });
    }

    @WithSession
    public Uni<PersonaView> get(UUID id) {
        return PersonaEntity.<PersonaEntity>findById(id).map(p -> p == null ? null : PersonaView.of(p));
    }

    @WithSession
    public Uni<Page<PersonaView>> list(Scope scope, String brand, int limit, PageCursor after) {
        StringBuilder query = new StringBuilder("1 = 1");
        Map<String, Object> params = new HashMap<>();
        scope.restrict(query, params, "brand", null);
        if (brand != null) {
            query.append(" and brand = :brand");
            params.put("brand", brand);
        }
        if (after != null) {
            query.append(" and (createdAt < :ts or (createdAt = :ts and id < :id))");
            params.put("ts", after.at().atOffset(ZoneOffset.UTC));
            params.put("id", after.id());
        }
        return PersonaEntity.<PersonaEntity>find(query.toString(), Sort.descending("createdAt", "id"), params)
                .range(0, limit)
                .list()
                .map(rows -> {
                    boolean more = rows.size() > limit;
                    List<PersonaEntity> page = more ? rows.subList(0, limit) : rows;
                    String next = more
                            ? new PageCursor(page.get(page.size() - 1).createdAt.toInstant(),
                                    page.get(page.size() - 1).id).encode()
                            : null;
                    return new Page<>(page.stream().map(PersonaView::of).toList(), next);
                });
    }

    private static PersonaEntity blank(String brand, String name) {
        PersonaEntity p = new PersonaEntity();
        p.id = UUID.randomUUID();
        p.brand = brand;
        p.name = name;
        p.createdAt = now();
        p.updatedAt = p.createdAt;
        apply(p, null);
        return p;
    }

    private static void apply(PersonaEntity p, Rules rules) {
        Rules r = rules == null ? new Rules(null, null, null, null) : rules;
        p.topics = r.topics().toArray(String[]::new);
        p.sources = r.sources().toArray(String[]::new);
        p.keywords = r.keywords().toArray(String[]::new);
        p.tiers = r.tiers().toArray(String[]::new);
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
