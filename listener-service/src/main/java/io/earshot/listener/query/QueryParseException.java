package io.earshot.listener.query;

/** A query that does not parse; {@link #position()} is the 1-based character position of the problem. */
public class QueryParseException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int position;

    public QueryParseException(String message, int position) {
        super(message + " at position " + position);
        this.position = position;
    }

    public int position() {
        return position;
    }
}
