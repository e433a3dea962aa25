package io.earshot.listener.sources;

/** A connector's stored position (opaque to everyone else); {@code value} is null before the first poll. */
public record Cursor(String value) {
    public static final Cursor START = new Cursor(null);

    public boolean isStart() {
        return value == null || value.isEmpty();
    }
}
