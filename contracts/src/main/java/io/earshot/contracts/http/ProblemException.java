package io.earshot.contracts.http;

import java.util.List;

/** Thrown by resources and services to answer with a specific problem (status, title, detail, field errors). */
public class ProblemException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException badRequest(String field, String message) {
        return new ProblemException(Problem.of(400, "Bad Request", message)
                .withErrors(List.of(new Problem.FieldError(field, message))));
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(Problem.of(404, "Not Found", what + " not found"));
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(Problem.of(409, "Conflict", detail));
    }
}
