package io.earshot.platform.outbound;

/**
 * An outbound request that did not get an answer: refused before any connection (an internal address), a body past
 * the cap, or any other failure (connection, timeout, TLS, too many redirects). {@link #getMessage()} is the detailed
 * reason, for the log only; {@link #publicMessage()} is what a user may see (a source's lastError, a delivery's
 * last_error): a generic cause ("connection refused", "timed out", "DNS failure", "TLS failure", "connection reset",
 * "connection closed", or "fetch failed"), never an address, a port, a status code or a Java class.
 */
public class OutboundException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** What users see when the address was refused. */
    public static final String REFUSED = "refused: internal address";
    /** What users see for a failure without a more telling cause (an error answer, an unreadable body, ...). */
    public static final String FAILED = "fetch failed";
    public static final String CONNECTION_REFUSED = "connection refused";
    public static final String TIMED_OUT = "timed out";
    public static final String DNS_FAILURE = "DNS failure";
    public static final String TLS_FAILURE = "TLS failure";
    public static final String CONNECTION_RESET = "connection reset";
    public static final String CONNECTION_CLOSED = "connection closed";

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
    private final String reason;

    public OutboundException(Kind kind, String detail, Throwable cause) {
        this(kind, detail, cause, kind == Kind.REFUSED ? REFUSED : cause(cause));
    }

    private OutboundException(Kind kind, String detail, Throwable cause, String reason) {
        super(detail, cause);
        this.kind = kind;
        this.reason = reason;
    }

    /** No answer within {@code detail}'s time. */
    public static OutboundException timedOut(String detail) {
        return new OutboundException(Kind.FAILED, detail, null, TIMED_OUT);
    }

    /** The host has no address. */
    public static OutboundException noAddress(String detail) {
        return new OutboundException(Kind.FAILED, detail, null, DNS_FAILURE);
    }

    /**
     * The generic cause of a failed request, from the exceptions of the JDK, Netty and Vert.x in its chain: what a user
     * and the log may read, without addresses, ports or class names.
     */
    public static String cause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OutboundException o) {
                return o.reason;
            }
            String type = t.getClass().getSimpleName();
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(java.util.Locale.ROOT);
            if (t instanceof java.net.UnknownHostException || type.contains("DnsNameResolver")
                    || message.contains("failed to resolve")) {
                return DNS_FAILURE;
            }
            if (t instanceof java.net.SocketTimeoutException || t instanceof java.util.concurrent.TimeoutException
                    || type.contains("Timeout") || message.contains("timed out") || message.contains("timeout")) {
                return TIMED_OUT;
            }
            if (t instanceof java.net.ConnectException) {
                return message.contains("refused") || message.isEmpty() ? CONNECTION_REFUSED : "could not connect";
            }
            if (t instanceof javax.net.ssl.SSLException) {
                return TLS_FAILURE;
            }
            if (message.contains("reset")) {
                return CONNECTION_RESET;
            }
            if (message.contains("closed")) {
                return CONNECTION_CLOSED;
            }
        }
        return FAILED;
    }

    public OutboundException(Kind kind, String detail) {
        this(kind, detail, null);
    }

    public Kind kind() {
        return kind;
    }

    public String publicMessage() {
        return reason;
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
