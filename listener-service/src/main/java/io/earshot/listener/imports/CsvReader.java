package io.earshot.listener.imports;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * A streaming RFC 4180 reader: one record at a time from a {@link Reader}, so files of any size are read in constant
 * memory (one record at most). Fields may be quoted; quoted fields may hold the delimiter, line breaks and doubled
 * quotes. CRLF and LF both end a record. {@link #line()} tells where the last record started, for error reports.
 */
final class CsvReader {
    /** A record that cannot be read (an unterminated quote, or a record longer than the limit). */
    static final class CsvException extends IOException {
        CsvException(String message) {
            super(message);
        }
    }

    private final Reader in;
    private final char delimiter;
    private final int maxRecordChars;
    private int pushedBack = -2;
    private long nextLine = 1;
    private long line;

    CsvReader(Reader in, char delimiter, int maxRecordChars) {
        this.in = in;
        this.delimiter = delimiter;
        this.maxRecordChars = maxRecordChars;
    }

    /** Line number (1-based) at which the record last returned started. */
    long line() {
        return line;
    }

    /** The next record's fields, or null at the end of the input. */
    List<String> next() throws IOException {
        line = nextLine;
        int c = read();
        if (c == -1) {
            return null;
        }
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int chars = 0;
        boolean quoted = false;
        boolean wasQuoted = false;
        while (true) {
            if (++chars > maxRecordChars) {
                skipRecord(c, quoted);
                throw new CsvException("the record is longer than " + maxRecordChars + " characters");
            }
            if (quoted) {
                if (c == -1) {
                    throw new CsvException("a quoted field is not closed before the end of the file");
                }
                if (c == '"') {
                    int n = read();
                    if (n == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        c = n;
                        continue;
                    }
                } else {
                    if (c == '\n') {
                        nextLine++;
                    }
                    field.append((char) c);
                }
            } else if (c == '"' && field.isEmpty() && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
            } else if (c == delimiter) {
                fields.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else if (c == '\r' || c == '\n' || c == -1) {
                if (c == '\r') {
                    int n = read();
                    if (n != '\n') {
                        unread(n);
                    }
                }
                if (c != -1) {
                    nextLine++;
                }
                fields.add(field.toString());
                return fields;
            } else {
                field.append((char) c);
            }
            c = read();
        }
    }

    private void skipRecord(int c, boolean quoted) throws IOException {
        while (c != -1) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\n') {
                nextLine++;
                if (!quoted) {
                    return;
                }
            }
            c = read();
        }
    }

    private int read() throws IOException {
        if (pushedBack != -2) {
            int c = pushedBack;
            pushedBack = -2;
            return c;
        }
        return in.read();
    }

    private void unread(int c) {
        pushedBack = c;
    }
}
