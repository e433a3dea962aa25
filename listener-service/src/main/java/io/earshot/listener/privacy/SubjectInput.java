package io.earshot.listener.privacy;

import io.earshot.contracts.events.ErasureRequest;
import io.earshot.platform.http.ProblemException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Locale;

/** The {@code subject} of an opt-out or erasure request: {@code {source, authorId?, handle?}}, one of the two. */
record SubjectInput(
        @NotNull(message = SubjectInput.SOURCE) @Pattern(regexp = "\\s*[A-Za-z0-9_.-]{1,32}\\s*", message = SubjectInput.SOURCE) String source,
        @Size(max = SubjectInput.MAX, message = "must be at most {max} characters") String authorId,
        @Size(max = SubjectInput.MAX, message = "must be at most {max} characters") String handle) {

    static final int MAX = 256;
    static final String SOURCE = "is required: 1-32 letters, digits, '_', '.' or '-'";
    static final String REQUIRED = "is required: \\{source, authorId and/or handle\\}";

    /** The body of {@code POST /api/v1/opt-outs}. */
    record OptOut(@NotNull(message = REQUIRED) @Valid SubjectInput subject) {}

    /** The body of {@code POST /api/v1/erasures}: optOut also adds the subject to the opt-out list. */
    record Erasure(@NotNull(message = REQUIRED) @Valid SubjectInput subject, Boolean optOut) {
        boolean optingOut() {
            return Boolean.TRUE.equals(optOut);
        }
    }

    /**
     * The subject, trimmed, its source lower-cased; a 400 naming {@code field.authorId} unless it has an author id or a
     * handle (other than "@"): a rule across two fields, which Bean Validation does not say as clearly.
     */
    ErasureRequest.Subject toSubject(String field) {
        if (blank(authorId) && blank(handle == null ? null : handle.replace("@", ""))) {
            throw ProblemException.badRequest(field + ".authorId", "or " + field + ".handle is required");
        }
        return new ErasureRequest.Subject(source.trim().toLowerCase(Locale.ROOT), blank(authorId)
                ? null
                : authorId
                        .trim(), blank(handle) ? null : handle.trim());
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
