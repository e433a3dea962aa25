package io.earshot.contracts.outbound;

/**
 * An outbound request that did not get an answer: refused before any connection (an internal address), a body past
 * the cap, or any other failure (connection, timeout, TLS, too many redirects). {@link #getMessage()} is the detailed
 * reason, for the log only; {@link #publicMessage()} is what a user may see (a source's lastError, a delivery's
 * last_error): generic on purpose, so it tells nothing about ports, status codes or what answered.
 */
public class OutboundException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** What users see when the address was refused. */
    public static final String REFUSED = "refused: internal address";
    /** What users see for every other failure. */
    public static final String FAILED = "fetch failed";

    /** Why the request failed. */
    public enum Kind {
        /** The host resolved to an address the policy refuses; nothing was sent. */
        REFUSED,
        /** The body was larger than the cap; the connection was closed. */
        TOO_LARGE,
        /** Anything else. */
        FAILED
    }

    private final Kind kind;

    public OutboundException(Kind kind, String detail, Throwable cause) {
        super(detail, cause);
        this.kind = kind;
    }

    public OutboundException(Kind kind, String detail) {
        this(kind, detail, null);
    }

    public Kind kind() {
        return kind;
    }

    public String publicMessage() {
        return kind == Kind.REFUSED ? REFUSED : FAILED;
    }

    /** The generic message for any failure of an outbound request (its cause chain searched for a refusal). */
    public static String publicMessage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OutboundException o) {
                return o.publicMessage();
            }
        }
        return FAILED;
    }
}
