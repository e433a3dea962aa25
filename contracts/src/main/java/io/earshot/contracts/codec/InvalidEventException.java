package io.earshot.contracts.codec;

/** An event that cannot be accepted as it is; its message is the dead-letter reason. */
public class InvalidEventException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidEventException(String message) {
        super(message);
    }
}
