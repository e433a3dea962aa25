package io.earshot.listener.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.earshot.listener.ingest.IngestResult;
import io.earshot.listener.ingest.IngestService;
import io.earshot.listener.ingest.MentionInput;
import io.earshot.listener.ingest.MentionReader;
import io.earshot.platform.http.Problem;
import io.earshot.platform.vertx.SafeContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs bulk imports off the event loop: reads the spooled file row by row (never whole), turns each row into a
 * {@link MentionInput} checked exactly like the push API's ({@link MentionReader}), and ingests them in batches through
 * {@link IngestService} (dedup, redaction, near-duplicates, outbox). Progress and row errors are stored after every
 * batch, so {@code GET /api/v1/imports/{id}} shows an import advancing.
 *
 * <p>Rows without {@code externalId} get one derived from their content (SHA-256), so importing the same file again
 * yields duplicates, never new mentions.
 */
@ApplicationScoped
public class ImportRunner {
    private static final Logger LOG = Logger.getLogger(ImportRunner.class);
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(5);

    /** What to import: the spooled file and how to read it. */
    public record Job(UUID id, ImportFormat format, Path file, String brand, String source, CsvColumns columns,
            io.earshot.platform.security.Scope scope) {}

    private final IngestService ingest;
    private final MentionReader reader;
    private final ImportStore store;
    private final ObjectMapper mapper;
    private final Vertx vertx;
    private final int batchSize;
    private final int maxErrors;
    private final int maxRowChars;
    private final ExecutorService executor;

    public ImportRunner(IngestService ingest, MentionReader reader, ImportStore store, ObjectMapper mapper, Vertx vertx,
            ImportSettings settings) {
        this.ingest = ingest;
        this.reader = reader;
        this.store = store;
        this.mapper = mapper;
        this.vertx = vertx;
        this.batchSize = settings.batchSize();
        this.maxErrors = settings.maxErrors();
        this.maxRowChars = settings.maxRowChars();
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(settings.concurrency(), r -> {
            Thread t = new Thread(r, "earshot-import-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }

    /** Starts the import in the background; the file is deleted when it is done. */
    public void start(Job job) {
        executor.execute(() -> run(job));
    }

    private void run(Job job) {
        Progress progress = new Progress(job.id(), job.scope());
        try (Reader in = new java.io.InputStreamReader(Files.newInputStream(job.file()), StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE))) {
            if (job.format() == ImportFormat.JSONL) {
                readJsonl(job, new BoundedLines(new BufferedReader(in, 64 * 1024), maxRowChars), progress);
            } else {
                readCsv(job, new CsvReader(new BufferedReader(in, 64 * 1024), job.columns().delimiter(), maxRowChars),
                        progress);
            }
            progress.flush();
            await(() -> store.finish(job.id(), "DONE", null));
        } catch (ImportFailure | IOException | RuntimeException e) {
            LOG.warnf("import %s failed: %s", job.id(), e.getMessage());
            String message = e instanceof ImportFailure ? e.getMessage() : "the import stopped: " + e.getMessage();
            try {
                progress.flushCounts();
                await(() -> store.finish(job.id(), "FAILED", message));
            } catch (RuntimeException again) {
                LOG.errorf(again, "could not record the failure of import %s", job.id());
            }
        } finally {
            try {
                Files.deleteIfExists(job.file());
            } catch (IOException e) {
                LOG.warnf("could not delete the spooled import file %s: %s", job.file(), e.getMessage());
            }
        }
    }

    private void readJsonl(Job job, BoundedLines lines, Progress progress) throws IOException {
        long lineNo = 0;
        for (BoundedLines.Line next = lines.next(); next != null; next = lines.next()) {
            lineNo++;
            if (next.tooLong()) {
                progress.reject(lineNo, "row", "is longer than " + maxRowChars + " characters");
                continue;
            }
            String line = next.text();
            if (line.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = mapper.readTree(line);
            } catch (JsonProcessingException e) {
                progress.reject(lineNo, "row", "is not valid JSON");
                continue;
            }
            if (!(node instanceof ObjectNode object)) {
                progress.reject(lineNo, "row", "must be a JSON object");
                continue;
            }
            if (object.path("author").isTextual()) {
                String authorId = object.path("author").asText();
                object.putObject("author").put("id", authorId);
            }
            progress.offer(lineNo, withDefaults(object, job, line));
        }
    }

    private void readCsv(Job job, CsvReader csv, Progress progress) throws IOException, ImportFailure {
        List<String> header;
        try {
            header = csv.next();
        } catch (CsvReader.CsvException e) {
            throw new ImportFailure("the CSV header cannot be read: " + e.getMessage());
        }
        if (header == null) {
            throw new ImportFailure("the file is empty");
        }
        Map<String, Integer> index = job.columns().resolve(header);
        while (true) {
            List<String> record;
            try {
                record = csv.next();
            } catch (CsvReader.CsvException e) {
                progress.reject(csv.line(), "row", e.getMessage());
                continue;
            }
            if (record == null) {
                return;
            }
            if (record.size() == 1 && record.get(0).isEmpty()) {
                continue; // a blank line
            }
            if (record.size() != header.size()) {
                progress.reject(csv.line(), "row", "has " + record.size() + " fields, the header has " + header.size());
                continue;
            }
            ObjectNode node = mapper.createObjectNode();
            ObjectNode author = node.putObject("author");
            index.forEach((field, column) -> {
                String value = record.get(column);
                if (value.isEmpty()) {
                    return;
                }
                switch (field) {
                    case "author" -> author.put("id", value);
                    case "handle" -> author.put("handle", value);
                    case "displayName" -> author.put("displayName", value);
                    default -> node.put(field, value);
                }
            });
            if (author.isEmpty()) {
                node.remove("author");
            }
            progress.offer(csv.line(), withDefaults(node, job, String.join("\u001f", record)));
        }
    }

    /**
     * Query-parameter brand and source, a content-derived externalId, lenient timestamps, and for rows without an
     * author a pseudonymous one per row ({@code anonymous-<hash>}): lumping them into one author would make a single
     * "author" of thousands of strangers for the per-author views downstream and serialise their relay.
     */
    private ObjectNode withDefaults(ObjectNode node, Job job, String raw) {
        String hash = sha256(raw);
        if (!node.hasNonNull("source")) {
            node.put("source", job.source());
        }
        if (!node.hasNonNull("brand")) {
            node.put("brand", job.brand());
        }
        if (!node.hasNonNull("externalId")) {
            node.put("externalId", "sha256-" + hash.substring(0, 40));
        }
        if (!node.hasNonNull("author")) {
            node.putObject("author").put("id", "anonymous-" + hash.substring(0, 12));
        }
        JsonNode created = node.get("createdAt");
        if (created != null && created.isTextual()) {
            String normalised = timestamp(created.asText());
            if (normalised != null) {
                node.put("createdAt", normalised);
            }
        }
        return node;
    }

    /** ISO instants, offset or local (UTC) date-times with 'T' or a space, and plain dates (UTC midnight). */
    static String timestamp(String raw) {
        String s = raw.trim();
        try {
            return Instant.parse(s).toString();
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        String t = s.length() > 10 && s.charAt(10) == ' ' ? s.substring(0, 10) + 'T' + s.substring(11) : s;
        try {
            return OffsetDateTime.parse(t).toInstant().toString();
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC).toString();
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC).toString();
        } catch (DateTimeParseException ignored) {
            return null; // left as it is: the reader reports createdAt
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(
                    StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T await(Supplier<Uni<T>> work) {
        return SafeContext.onFresh(vertx, work).await().atMost(STEP_TIMEOUT);
    }

    /** The batch being built and the counts not yet stored. */
    private final class Progress {
        private final UUID id;
        private final io.earshot.platform.security.Scope scope;
        private final List<MentionInput> batch = new ArrayList<>();
        private final List<RowError> errors = new ArrayList<>();
        private long rows;
        private long failed;
        private long errorsKept;
        private long lastRejected = -1;

        Progress(UUID id, io.earshot.platform.security.Scope scope) {
            this.id = id;
            this.scope = scope;
        }

        void offer(long row, ObjectNode node) {
            List<Problem.FieldError> problems = new ArrayList<>();
            MentionInput input = reader.read(node, "", "row", problems);
            if (input == null) {
                problems.forEach(p -> reject(row, p.field(), p.message()));
                if (problems.isEmpty()) {
                    reject(row, "row", "is not a mention");
                }
                return;
            }
            if (!scope.brand(input.brand().toLowerCase(java.util.Locale.ROOT))) {
                reject(row, "brand", "is not one of your brands");
                return;
            }
            rows++;
            batch.add(input);
            if (batch.size() >= batchSize) {
                flush();
            }
        }

        void reject(long row, String field, String message) {
            // One row with several bad fields counts once as failed, with an entry per field.
            if (row != lastRejected) {
                rows++;
                failed++;
                lastRejected = row;
            }
            if (errorsKept < maxErrors) {
                errors.add(new RowError(row, field, message));
                errorsKept++;
            }
            if (errors.size() >= batchSize) {
                flushCounts();
            }
        }

        void flush() {
            IngestResult result;
            if (batch.isEmpty()) {
                result = IngestResult.NONE;
            } else {
                // Redaction is CPU work: done here, on the import's own thread, not on the event loop.
                List<io.earshot.contracts.events.Mention> mentions = ingest.prepare(batch, null);
                result = await(() -> ingest.ingestPrepared(mentions, null, null));
            }
            batch.clear();
            store(result.accepted(), result.duplicates(), result.optedOut());
        }

        void flushCounts() {
            store(0, 0, 0);
        }

        private void store(long accepted, long duplicates, long optedOut) {
            long r = rows;
            long f = failed;
            List<RowError> e = List.copyOf(errors);
            if (r == 0 && e.isEmpty()) {
                return;
            }
            await(() -> ImportRunner.this.store.progress(id, r, accepted, duplicates, optedOut, f, e));
            rows = 0;
            failed = 0;
            errors.clear();
        }
    }

    /** The file as a whole cannot be imported (no header, no text column...). */
    static final class ImportFailure extends Exception {
        ImportFailure(String message) {
            super(message);
        }
    }
}
