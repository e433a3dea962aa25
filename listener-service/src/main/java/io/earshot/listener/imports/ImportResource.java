package io.earshot.listener.imports;

import io.earshot.platform.http.Page;
import io.earshot.platform.http.PageCursor;
import io.earshot.platform.security.Roles;
import io.earshot.platform.security.Scope;
import io.earshot.platform.security.Scopes;
import io.earshot.platform.vertx.SafeContext;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Bulk import of JSONL and CSV files (chat transcripts, survey answers, review exports): the request body is the
 * file, streamed to a temporary file, answered 202 with the import's id, then read row by row in the background. A
 * file that cannot be an import as a whole ({@link ImportFile}: not UTF-8, empty, no CSV text column, not JSONL) is
 * a 400 before any import exists; bad rows of a good file go to its error report.
 */
@Path("/api/v1/imports")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "imports")
public class ImportResource {
    static final String NDJSON = "application/x-ndjson";
    static final String JSONL = "application/jsonl";
    static final String CSV = "text/csv";
    private static final int MAX_LIMIT = 500;
    private static final String BRAND_RULE = "is required: 1-64 letters, digits, '_', '.' or '-'";

    private final ImportStore store;
    private final ImportRunner runner;
    private final Vertx vertx;
    private final java.nio.file.Path spool;
    private final int maxRowChars;
    private final com.fasterxml.jackson.databind.ObjectMapper mapper;
    private final Scopes scopes;

    public ImportResource(ImportStore store, ImportRunner runner, Vertx vertx,
            ImportSettings settings, com.fasterxml.jackson.databind.ObjectMapper mapper, Scopes scopes) {
        this.scopes = scopes;
        this.store = store;
        this.runner = runner;
        this.vertx = vertx;
        this.maxRowChars = settings.maxRowChars();
        this.mapper = mapper;
        this.spool = java.nio.file.Path.of(settings.spoolDir().orElse(System.getProperty("java.io.tmpdir")));
    }

    /**
     * Blocking on purpose: the body is copied from the request stream to a spool file as it arrives (constant memory),
     * which needs a worker thread; everything after that is reactive.
     */
    @POST
    @Consumes({NDJSON, JSONL, CSV})
    @Blocking
    @RolesAllowed({Roles.SERVICE, Roles.ADMIN})
    @Operation(summary = "Import a JSONL (application/x-ndjson) or CSV (text/csv) file of mentions", description = "brand and source apply to rows that do not name their own. CSV: the header names the columns "
            + "(aliases recognised, or columns=text:Feedback,createdAt:Submitted,...), delimiter , ; | or tab. "
            + "Rows without externalId get one derived from their content, so re-importing a file gives duplicates. "
            + "Answers 202 with the import; follow its progress at Location. A file that is not UTF-8, is empty, or whose "
            + "first record does not fit the format (CSV header without a text column, first line not a JSON "
            + "object) is refused at once with 400.")
    public Uni<Response> start(@HeaderParam("Content-Type") String contentType,
            @QueryParam("brand") @NotNull(message = BRAND_RULE) @Pattern(regexp = "[\\p{L}\\p{N}_.-]{1,64}", message = BRAND_RULE) String brand,
            @QueryParam("source") @Pattern(regexp = "\\s*|[a-z0-9][a-z0-9_.-]{0,31}", message = "must be 1-32 lowercase letters, digits, '_', '.' or '-'") String source,
            @QueryParam("columns") String columns, @QueryParam("delimiter") String delimiter, InputStream body) {
        String src = source == null || source.isBlank() ? "import" : source;
        String brandLower = scopes.requireBrand(brand.toLowerCase(java.util.Locale.ROOT));
        Scope scope = scopes.current();
        ImportFormat format = contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith(CSV)
                ? ImportFormat.CSV
                : ImportFormat.JSONL;
        CsvColumns csv = CsvColumns.parse(columns, delimiter);
        UUID id = UUID.randomUUID();
        java.nio.file.Path file;
        long bytes;
        try {
            Files.createDirectories(spool);
            file = Files.createTempFile(spool, "earshot-import-" + id, "." + format.id());
            try (InputStream in = body) {
                bytes = ImportFile.spool(in, file);
                ImportFile.checkFirstRecord(file, format, csv, maxRowChars, mapper);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(file);
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not spool the import", e);
        }
        return SafeContext.onFresh(vertx, () -> store.create(id, format.id(), brandLower, src, bytes))
                .invoke(view -> runner.start(new ImportRunner.Job(id, format, file, brand, src, csv, scope)))
                .onFailure().invoke(e -> file.toFile().delete())
                .map(view -> Response.accepted(view).location(URI.create("/api/v1/imports/" + id)).build());
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.SERVICE, Roles.ADMIN})
    @Operation(summary = "An import's state (RUNNING, DONE, FAILED) and counts: rows read, accepted, duplicates, failed")
    public Uni<ImportView> get(@PathParam("id") UUID id) {
        return store.get(scopes.current(), id);
    }

    @GET
    @Path("{id}/errors")
    @RolesAllowed({Roles.SERVICE, Roles.ADMIN})
    @Operation(summary = "The rows that were not imported, in file order: row (line number), field and message; "
            + "pages of limit (1-500, default 100), pass nextCursor back as cursor")
    public Uni<Page<RowError>> errors(@PathParam("id") UUID id, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        return store.errors(scopes.current(), id, PageCursor.limit(limit, 100, MAX_LIMIT), cursor);
    }
}
