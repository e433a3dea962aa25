package io.earshot.listener.imports;

import io.earshot.platform.http.Page;
import io.earshot.platform.http.ProblemException;
import io.earshot.platform.security.Scope;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/** Import state in PostgreSQL: created RUNNING, counted batch by batch, finished DONE or FAILED. */
@ApplicationScoped
public class ImportStore {
    private final Clock clock;

    public ImportStore() {
        this.clock = Clock.systemUTC();
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }

    @WithTransaction
    public Uni<ImportView> create(UUID id, String format, String brand, String source, long bytes) {
        ImportEntity e = new ImportEntity();
        e.id = id;
        e.format = format;
        e.brand = brand;
        e.source = source;
        e.state = "RUNNING";
        e.bytes = bytes;
        e.createdAt = now();
        e.updatedAt = e.createdAt;
        return e.persist().map(ignored -> ImportView.of(e));
    }

    /** Add one batch's counts and errors. */
    @WithTransaction
    public Uni<Void> progress(UUID id, long rows, long accepted, long duplicates, long optedOut, long failed,
            List<RowError> errors) {
        return ImportEntity.<ImportEntity>findById(id).flatMap(e -> {
            e.rowsRead += rows;
            e.accepted += accepted;
            e.duplicates += duplicates;
            e.optedOut += optedOut;
            e.failed += failed;
            e.updatedAt = now();
            List<ImportErrorEntity> entries = errors.stream().map(r -> {
                ImportErrorEntity x = new ImportErrorEntity();
                x.importId = id;
                x.row = r.row();
                x.field = r.field().length() > 128 ? r.field().substring(0, 128) : r.field();
                x.message = r.message();
                return x;
            }).toList();
            return entries.isEmpty() ? Uni.createFrom().voidItem() : ImportErrorEntity.persist(entries);
        });
    }

    @WithTransaction
    public Uni<Void> finish(UUID id, String state, String error) {
        return ImportEntity.<ImportEntity>findById(id).invoke(e -> {
            e.state = state;
            e.error = error;
            e.updatedAt = now();
            e.finishedAt = e.updatedAt;
        }).replaceWithVoid();
    }

    @WithSession
    public Uni<ImportView> get(Scope scope, UUID id) {
        return find(scope, id).map(ImportView::of);
    }

    /** The import, or a 404 when there is none or its brand is outside {@code scope}. */
    private static Uni<ImportEntity> find(Scope scope, UUID id) {
        return ImportEntity.<ImportEntity>findById(id)
                .map(e -> e == null || !scope.brand(e.brand) ? null : e)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("import " + id));
    }

    /** The error report in row order, {@code limit} entries a page; the cursor is opaque to clients. */
    @WithSession
    public Uni<Page<RowError>> errors(Scope scope, UUID id, int limit, String cursor) {
        long after = decode(cursor);
        return find(scope, id)
                .flatMap(found -> ImportErrorEntity.<ImportErrorEntity>find("importId = ?1 and seq > ?2 order by seq",
                        id, after)
                        .range(0, limit).list())
                .map(rows -> {
                    boolean more = rows.size() > limit;
                    List<ImportErrorEntity> page = more ? rows.subList(0, limit) : rows;
                    String next = more ? encode(page.get(limit - 1).seq) : null;
                    return new Page<>(page.stream().map(e -> new RowError(e.row, e.field, e.message)).toList(), next);
                });
    }

    static String encode(long seq) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("e|" + seq).getBytes(StandardCharsets.UTF_8));
    }

    static long decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return 0L;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!raw.startsWith("e|")) {
                throw new IllegalArgumentException(raw);
            }
            return Long.parseLong(raw.substring(2));
        } catch (RuntimeException e) {
            throw ProblemException.badRequest("cursor", "is not a cursor returned by this API");
        }
    }
}
