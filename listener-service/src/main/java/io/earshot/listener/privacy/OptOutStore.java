package io.earshot.listener.privacy;

import static io.earshot.platform.db.SqlValues.instant;

import io.earshot.contracts.events.Mention;
import io.earshot.platform.http.Page;
import io.earshot.platform.http.PageCursor;
import io.earshot.platform.http.ProblemException;
import io.earshot.platform.privacy.Subjects;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The opt-out list: authors whose mentions the listener drops at ingest (never stored, never published). Subjects are
 * kept only as SHA-256 hashes of {@code source:authorId} and {@code source:@handle} ({@link Subjects}); an incoming
 * mention is dropped when the hash of its author id or of its handle is on the list.
 */
@ApplicationScoped
public class OptOutStore {
    private static final String INSERT = """
            insert into opt_outs (id, source, author_hash, handle_hash, created_by, created_at)
            values (?1, ?2, ?3, ?4, ?5, ?6) on conflict do nothing""";

    /** An opt-out as the API shows it: the subject only as hashes. */
    public record OptOutView(UUID id, String source, String authorHash, String handleHash, String createdBy,
            Instant createdAt) {}

    /** Hash of a subject key ({@code source:authorId} or {@code source:@handle}); null stays null. */
    static String hash(String key) {
        return key == null ? null : Subjects.sha256(key);
    }

    /**
     * The subset of {@code mentions} whose author opted out, by mention id: one statement per batch, on the caller's
     * connection (the ingest transaction).
     */
    public Uni<Set<UUID>> optedOut(SqlConnection connection, List<Mention> mentions) {
        if (mentions.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        List<String> authors = new ArrayList<>(mentions.size());
        List<String> handles = new ArrayList<>(mentions.size());
        for (Mention m : mentions) {
            authors.add(authorHash(m));
            handles.add(handleHash(m));
        }
        return connection.preparedQuery(
                "select author_hash, handle_hash from opt_outs where author_hash = any($1) or handle_hash = any($2)")
                .execute(Tuple.tuple().addArrayOfString(authors.stream().filter(h -> h != null).toArray(String[]::new))
                        .addArrayOfString(handles.stream().filter(h -> h != null).toArray(String[]::new)))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Set.of();
                    }
                    Set<String> blocked = new HashSet<>();
                    for (Row r : rows) {
                        String author = r.getString("author_hash");
                        String handle = r.getString("handle_hash");
                        if (author != null) {
                            blocked.add(author);
                        }
                        if (handle != null) {
                            blocked.add(handle);
                        }
                    }
                    Set<UUID> out = new HashSet<>();
                    for (int i = 0; i < mentions.size(); i++) {
                        if (blocked.contains(authors.get(i)) || blocked.contains(handles.get(i))) {
                            out.add(mentions.get(i).id());
                        }
                    }
                    return out;
                });
    }

    private static String authorHash(Mention m) {
        return m.author() == null ? null : hash(Subjects.author(m.source(), m.author().id()));
    }

    private static String handleHash(Mention m) {
        return m.author() == null ? null : hash(Subjects.handle(m.source(), m.author().handle()));
    }

    @WithTransaction
    public Uni<OptOutView> add(String source, String authorId, String handle, String actor) {
        return Panache.getSession().flatMap(s -> add(s, source, authorId, handle, actor));
    }

    /**
     * Adds the subject in the caller's transaction; an existing opt-out of the same author id or handle is returned
     * instead (so adding twice is harmless).
     */
    Uni<OptOutView> add(Mutiny.Session s, String source, String authorId, String handle, String actor) {
        String src = source.trim().toLowerCase(java.util.Locale.ROOT);
        String a = hash(Subjects.author(src, authorId));
        String h = hash(Subjects.handle(src, handle));
        UUID id = UUID.randomUUID();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return s.createNativeQuery(INSERT).setParameter(1, id).setParameter(2, src).setParameter(3, a)
                .setParameter(4, h).setParameter(5, actor).setParameter(6, now).executeUpdate()
                .flatMap(n -> s.createNativeQuery("""
                        select id, source, author_hash, handle_hash, created_by, created_at from opt_outs
                        where author_hash = ?1 or handle_hash = ?2 order by created_at limit 1""", Object[].class)
                        .setParameter(1, a == null ? "" : a).setParameter(2, h == null ? "" : h)
                        .getSingleResult())
                .map(OptOutStore::view);
    }

    @WithSession
    public Uni<OptOutView> get(UUID id) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery(
                "select id, source, author_hash, handle_hash, created_by, created_at from opt_outs where id = ?1",
                Object[].class)
                .setParameter(1, id).getResultList())
                .map(rows -> {
                    if (rows.isEmpty()) {
                        throw ProblemException.notFound("opt-out " + id);
                    }
                    return view(rows.get(0));
                });
    }

    @WithSession
    public Uni<Page<OptOutView>> list(int limit, String cursor) {
        PageCursor after = PageCursor.decode(cursor);
        return Panache.getSession().flatMap(s -> s.createNativeQuery("""
                select id, source, author_hash, handle_hash, created_by, created_at from opt_outs
                where cast(?1 as timestamptz) is null or created_at < ?1 or (created_at = ?1 and id < ?2)
                order by created_at desc, id desc limit ?3""", Object[].class)
                .setParameter(1, after == null ? null : after.at().atOffset(ZoneOffset.UTC))
                .setParameter(2, after == null ? new UUID(0, 0) : after.id())
                .setParameter(3, limit + 1)
                .getResultList())
                .map(rows -> {
                    boolean more = rows.size() > limit;
                    List<OptOutView> page = (more ? rows.subList(0, limit) : rows).stream().map(OptOutStore::view)
                            .toList();
                    String next = more
                            ? new PageCursor(page.get(limit - 1).createdAt(), page.get(limit - 1).id()).encode()
                            : null;
                    return new Page<>(page, next);
                });
    }

    @WithTransaction
    public Uni<Void> delete(UUID id) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery("delete from opt_outs where id = ?1")
                .setParameter(1, id).executeUpdate())
                .invoke(n -> {
                    if (n == 0) {
                        throw ProblemException.notFound("opt-out " + id);
                    }
                })
                .replaceWithVoid();
    }

    private static OptOutView view(Object[] r) {
        return new OptOutView((UUID) r[0], (String) r[1], (String) r[2], (String) r[3], (String) r[4], instant(r[5]));
    }
}
