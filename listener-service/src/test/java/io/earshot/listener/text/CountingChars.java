package io.earshot.listener.text;

/**
 * A character sequence that counts the characters read from it ({@link #charAt}, also through its sub-sequences):
 * the step counter of the linear-time tests. A regex engine and a scanner both read their input only through
 * {@code charAt}, so the count is the work done, independent of the machine's speed.
 */
public final class CountingChars implements CharSequence {
    private final String text;
    private final int from;
    private final int to;
    private final long[] reads;

    public CountingChars(String text) {
        this(text, 0, text.length(), new long[1]);
    }

    private CountingChars(String text, int from, int to, long[] reads) {
        this.text = text;
        this.from = from;
        this.to = to;
        this.reads = reads;
    }

    /** Characters read so far (from this sequence and every sub-sequence of it). */
    public long reads() {
        return reads[0];
    }

    @Override
    public int length() {
        return to - from;
    }

    @Override
    public char charAt(int index) {
        if (index < 0 || index >= to - from) {
            throw new IndexOutOfBoundsException(index);
        }
        reads[0]++;
        return text.charAt(from + index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        if (start < 0 || end > to - from || start > end) {
            throw new IndexOutOfBoundsException(start + ".." + end);
        }
        return new CountingChars(text, from + start, from + end, reads);
    }

    @Override
    public String toString() {
        return text.substring(from, to);
    }
}
