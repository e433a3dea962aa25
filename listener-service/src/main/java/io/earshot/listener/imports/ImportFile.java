package io.earshot.listener.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.earshot.platform.http.ProblemException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Checks of an uploaded file as a whole, made before an import is created, so that a file that cannot be an import
 * is a 400 problem at once (and leaves nothing behind) rather than a FAILED import: an empty file, bytes that are not UTF-8 (overlong forms and encoded surrogates included) or NUL bytes (a binary or
 * UTF-16 file), and a first record that does not fit the format (a CSV header that cannot be read or has no text
 * column; a first JSONL line that is not a JSON object: a JSON array, XML, CSV). The bytes decide, not a declared
 * charset: many clients add {@code charset=ISO-8859-1} to any text upload, and an ASCII file is the same in both, while
 * a Latin-1 file with accents is not UTF-8 and is refused. A bad row further on is not a fault of the file: the import
 * reports it in its error report.
 */
final class ImportFile {
    private ImportFile() {}

    /**
     * Copies the body to {@code file} as it arrives, checking that it is UTF-8 without NUL bytes; returns its size.
     * A 400 problem when it is not (the caller deletes the file).
     */
    static long spool(InputStream in, Path file) throws IOException {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer bytes = ByteBuffer.allocate(64 * 1024);
        CharBuffer chars = CharBuffer.allocate(64 * 1024);
        long total = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] chunk = new byte[32 * 1024];
            for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                out.write(chunk, 0, n);
                for (int i = 0; i < n; i++) {
                    if (chunk[i] == 0) {
                        throw ProblemException.badRequest("file", "has a NUL byte at byte " + (total + i)
                                + ": a binary or UTF-16 file, not UTF-8 text");
                    }
                }
                bytes.put(chunk, 0, n);
                bytes.flip();
                check(utf8.decode(bytes, chars, false), total + bytes.position());
                chars.clear();
                total += n;
                bytes.compact();
            }
            bytes.flip();
            check(utf8.decode(bytes, chars, true), total - bytes.remaining() + bytes.position());
            chars.clear();
            check(utf8.flush(chars), total);
        }
        if (total == 0) {
            throw ProblemException.badRequest("file", "is empty");
        }
        return total;
    }

    private static void check(CoderResult result, long at) {
        if (result.isError()) {
            throw ProblemException.badRequest("file", "is not UTF-8 text (near byte " + at + "); save it as UTF-8");
        }
    }

    /** 400 when the first record of the file does not fit its format. */
    static void checkFirstRecord(Path file, ImportFormat format, CsvColumns columns, int maxRowChars,
            ObjectMapper mapper)
            throws IOException {
        try (Reader in = new BufferedReader(Files.newBufferedReader(file, StandardCharsets.UTF_8))) {
            if (format == ImportFormat.CSV) {
                List<String> header;
                try {
                    header = new CsvReader(in, columns.delimiter(), maxRowChars).next();
                } catch (CsvReader.CsvException e) {
                    throw ProblemException.badRequest("file", "the CSV header cannot be read: " + e.getMessage());
                }
                if (header == null) {
                    throw ProblemException.badRequest("file", "is empty");
                }
                try {
                    columns.resolve(header);
                } catch (ImportRunner.ImportFailure e) {
                    throw ProblemException.badRequest("file", e.getMessage());
                }
            } else {
                String line = firstLine(in, maxRowChars);
                if (line == null) {
                    throw ProblemException.badRequest("file", "has no rows");
                }
                JsonNode node;
                try {
                    node = mapper.readTree(line);
                } catch (JsonProcessingException e) {
                    node = null;
                }
                if (node == null || !node.isObject()) {
                    throw ProblemException.badRequest("file", "is not JSONL: its first line is not a JSON object"
                            + " (one JSON object per line)");
                }
            }
        }
    }

    /** The first non-blank line, at most {@code max} characters (a longer one is empty, and will not parse). */
    private static String firstLine(Reader in, int max) throws IOException {
        BoundedLines lines = new BoundedLines(in, max);
        for (BoundedLines.Line l = lines.next(); l != null; l = lines.next()) {
            if (l.tooLong() || !l.text().isBlank()) {
                return l.text();
            }
        }
        return null;
    }
}
