package io.earshot.listener.sources;

import java.time.Duration;

/** A source answered with an HTTP error; {@code retryAfter} is its Retry-After (null when absent or unparsable). */
public class SourceHttpException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final transient Duration retryAfter;

    public SourceHttpException(int status, Duration retryAfter) {
        super("HTTP " + status + (retryAfter == null ? "" : " (Retry-After " + retryAfter.toSeconds() + "s)"));
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public int status() {
        return status;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
