package io.earshot.listener.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

/** The import's line reader keeps at most the row limit of a line in memory (#26 finding 7). */
class BoundedLinesTest {
    /** A reader of one endless-looking line of {@code n} characters, then "\nok\n", without holding it in memory. */
    static Reader longLine(long n) {
        return new Reader() {
            long left = n;
            final char[] tail = "\nok\n".toCharArray();
            int t;

            @Override
            public int read(char[] buf, int off, int len) {
                if (left > 0) {
                    int k = (int) Math.min(len, left);
                    java.util.Arrays.fill(buf, off, off + k, 'x');
                    left -= k;
                    return k;
                }
                if (t == tail.length) {
                    return -1;
                }
                int k = Math.min(len, tail.length - t);
                System.arraycopy(tail, t, buf, off, k);
                t += k;
                return k;
            }

            @Override
            public void close() {}
        };
    }

    @Test
    void aLineLongerThanTheLimitIsSkippedWithoutBeingHeld() throws IOException {
        BoundedLines lines = new BoundedLines(new BufferedReader(longLine(50_000_000L)), 1000);
        BoundedLines.Line first = lines.next();
        assertThat(first.tooLong()).isTrue();
        assertThat(first.text()).isEmpty();
        assertThat(lines.capacity()).isLessThanOrEqualTo(2 * 1000 + 2);
        assertThat(lines.next()).isEqualTo(new BoundedLines.Line("ok", false));
        assertThat(lines.next()).isNull();
    }

    @Test
    void linesEndWithLfCrLfOrCr() throws IOException {
        BoundedLines lines = new BoundedLines(new StringReader("a\r\nbb\rccc\n\nlast"), 3);
        assertThat(lines.next()).isEqualTo(new BoundedLines.Line("a", false));
        assertThat(lines.next()).isEqualTo(new BoundedLines.Line("bb", false));
        assertThat(lines.next()).isEqualTo(new BoundedLines.Line("ccc", false));
        assertThat(lines.next()).isEqualTo(new BoundedLines.Line("", false));
        assertThat(lines.next()).isEqualTo(new BoundedLines.Line("", true));
        assertThat(lines.next()).isNull();
    }
}
