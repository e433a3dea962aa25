package io.earshot.listener.imports;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines (ended by \n, \r\n or \r) keeping at most {@code max} characters of each: a longer line is read to its
 * end but not kept ({@link Line#tooLong()}), so a file of one endless line costs {@code max} characters of memory,
 * not the whole line (what {@link java.io.BufferedReader#readLine()} would hold).
 */
final class BoundedLines {
    /** A line: its text (empty when too long) and whether it was longer than the maximum. */
    record Line(String text, boolean tooLong) {}

    private final Reader in;
    private final int max;
    private final StringBuilder line;
    private boolean afterCr;

    /** {@code in} should be buffered. */
    BoundedLines(Reader in, int max) {
        this.in = in;
        this.max = max;
        this.line = new StringBuilder(Math.min(max, 8192));
    }

    /** The next line, or null at the end of the input. */
    Line next() throws IOException {
        line.setLength(0);
        boolean tooLong = false;
        boolean any = false;
        for (int c = in.read(); c >= 0; c = in.read()) {
            if (afterCr) {
                afterCr = false;
                if (c == '\n') {
                    continue; // the \n of a \r\n
                }
            }
            if (c == '\n' || c == '\r') {
                afterCr = c == '\r';
                return new Line(tooLong ? "" : line.toString(), tooLong);
            }
            any = true;
            if (tooLong) {
                continue;
            }
            if (line.length() >= max) {
                tooLong = true;
                line.setLength(0);
                line.trimToSize();
            } else {
                line.append((char) c);
            }
        }
        return any ? new Line(tooLong ? "" : line.toString(), tooLong) : null;
    }

    /** The most characters this reader holds at once (for tests). */
    int capacity() {
        return line.capacity();
    }
}
