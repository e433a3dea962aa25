package io.earshot.platform.http;

import java.time.Duration;
import java.util.List;

/** Thrown by resources and services to answer with a specific problem (status, title, detail, field errors). */
public class ProblemException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Problem problem;
    private final long retryAfterSeconds;

    public ProblemException(Problem problem) {
        this(problem, 0);
    }

    private ProblemException(Problem problem, long retryAfterSeconds) {
        super(problem.detail());
        this.problem = problem;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public Problem problem() {
        return problem;
    }

    /** Seconds for a {@code Retry-After} header; 0: none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** 429 with {@code Retry-After}: {@code wait} rounded up to whole seconds, at least 1. */
    public static ProblemException tooManyRequests(Duration wait, String detail) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return new ProblemException(Problem.of(429, "Too Many Requests", detail + "; retry in " + seconds + " s"),
                seconds);
    }

    public static ProblemException badRequest(String field, String message) {
        return new ProblemException(Problem.of(400, "Bad Request", message)
                .withErrors(List.of(new Problem.FieldError(field, message))));
    }

    /** 422: the request is well-formed but cannot be accepted ({@code field} names what is wrong). */
    public static ProblemException unprocessable(String field, String message) {
        return new ProblemException(Problem.of(422, "Unprocessable Content", message)
                .withErrors(List.of(new Problem.FieldError(field, message))));
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(Problem.of(404, "Not Found", what + " not found"));
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(Problem.of(409, "Conflict", detail));
    }
}
