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

    /**
     * 400 naming {@code field}, for a check Bean Validation cannot make (across fields, or against stored state); a
     * plain field check is an annotation on the request's DTO or parameter. Same shape as {@link #invalid}.
     */
    public static ProblemException badRequest(String field, String message) {
        return invalid(List.of(new Problem.FieldError(field, message)));
    }

    /** 400 naming every bad field, as {@link Problem#invalid} shapes it (the shape of Bean Validation's answers too). */
    public static ProblemException invalid(List<Problem.FieldError> errors) {
        return new ProblemException(Problem.invalid(400, errors));
    }

    /** 422: the request is well-formed but cannot be accepted ({@code field} names what is wrong). */
    public static ProblemException unprocessable(String field, String message) {
        return new ProblemException(Problem.invalid(422, List.of(new Problem.FieldError(field, message))));
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(Problem.of(404, "Not Found", what + " not found"));
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(Problem.of(409, "Conflict", detail));
    }
}
