package io.earshot.sentiment.topics;

import io.earshot.platform.http.Page;
import io.earshot.platform.http.PageCursor;
import io.earshot.platform.http.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** The topics of each brand. Inputs arrive validated ({@link TopicInput#normalised()}). */
@ApplicationScoped
public class TopicStore {

    @WithSession
    public Uni<Page<TopicView>> list(String brand, int limit, PageCursor after) {
        StringBuilder query = new StringBuilder("brand = :brand");
        Map<String, Object> params = new HashMap<>();
        params.put("brand", brand);
        if (after != null) {
            query.append(" and (createdAt < :ts or (createdAt = :ts and id < :id))");
            params.put("ts", after.at().atOffset(ZoneOffset.UTC));
            params.put("id", after.id());
        }
        return TopicEntity.<TopicEntity>find(query.toString(), Sort.descending("createdAt", "id"), params)
                .range(0, limit)
                .list()
                .map(rows -> {
                    boolean more = rows.size() > limit;
                    List<TopicEntity> page = more ? rows.subList(0, limit) : rows;
                    TopicEntity last = page.isEmpty() ? null : page.get(page.size() - 1);
                    String next = more ? new PageCursor(last.createdAt.toInstant(), last.id).encode() : null;
                    return new Page<>(page.stream().map(TopicView::of).toList(), next);
                });
    }

    @WithSession
    public Uni<TopicView> get(String brand, UUID id) {
        return find(brand, id).map(TopicView::of);
    }

    @WithTransaction
    public Uni<TopicView> create(String brand, TopicInput input) {
        return ensureNameFree(brand, input.name(), null).flatMap(ignored -> {
            TopicEntity t = new TopicEntity();
            t.id = UUID.randomUUID();
            t.brand = brand;
            t.name = input.name();
            t.keywords = input.keywords().toArray(String[]::new);
            t.createdAt = now();
            t.updatedAt = t.createdAt;
            return t.<TopicEntity>persistAndFlush().map(TopicView::of);
        });
    }

    @WithTransaction
    public Uni<TopicView> replace(String brand, UUID id, TopicInput input) {
        return find(brand, id).flatMap(t -> {
            if (input.version() != null && input.version() != t.version) {
                throw ProblemException.conflict("topic " + id + " was changed meanwhile: it is at version " + t.version
                        + ", not " + input.version());
            }
            return ensureNameFree(brand, input.name(), id).flatMap(ignored -> {
                t.name = input.name();
                t.keywords = input.keywords().toArray(String[]::new);
                t.updatedAt = now();
                return t.<TopicEntity>persistAndFlush().map(TopicView::of);
            });
        });
    }

    @WithTransaction
    public Uni<Void> delete(String brand, UUID id) {
        return find(brand, id).flatMap(t -> t.delete());
    }

    /** Every topic of every brand, for the matchers. */
    @WithSession
    public Uni<List<TopicEntity>> all() {
        return TopicEntity.listAll();
    }

    private static Uni<TopicEntity> find(String brand, UUID id) {
        return TopicEntity.<TopicEntity>find("id = ?1 and brand = ?2", id, brand).firstResult().map(t -> {
            if (t == null) {
                throw ProblemException.notFound("topic " + id + " of brand " + brand);
            }
            return t;
        });
    }

    private static Uni<Void> ensureNameFree(String brand, String name, UUID except) {
        return TopicEntity.<TopicEntity>find("brand = ?1 and lower(name) = ?2", brand, name.toLowerCase(Locale.ROOT))
                .list()
                .map(rows -> {
                    for (TopicEntity other : rows) {
                        if (!other.id.equals(except)) {
                            throw duplicate(brand, name);
                        }
                    }
                    return null;
                });
    }

    static ProblemException duplicate(String brand, String name) {
        return ProblemException.conflict("brand " + brand + " already has a topic named " + name);
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
