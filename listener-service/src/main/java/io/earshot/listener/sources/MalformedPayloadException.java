package io.earshot.listener.sources;

/** A source answered 2xx with a body that is not what its format promises (malformed or truncated JSON/XML). */
public class MalformedPayloadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MalformedPayloadException(String message, Throwable cause) {
        super(message, cause);
    }

    public MalformedPayloadException(String message) {
        super(message);
    }
}
