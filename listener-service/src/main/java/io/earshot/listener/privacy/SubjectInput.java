package io.earshot.listener.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import io.earshot.contracts.events.ErasureRequest;
import io.earshot.platform.http.JsonProblems;
import io.earshot.platform.http.ProblemException;
import io.earshot.platform.http.StrictJson;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads the {@code subject} of an opt-out or erasure request: {@code {source, authorId?, handle?}}, one of the two. */
final class SubjectInput {
    private static final Pattern SOURCE = Pattern.compile("[a-z0-9_.-]{1,32}");
    static final int MAX = 256;

    private SubjectInput() {}

    private static final Set<String> SUBJECT_FIELDS = Set.of("source", "authorId", "handle");

    /** The subject of {@code body}, whose fields must all be in {@code bodyFields} (unknown fields are refused). */
    static ErasureRequest.Subject read(JsonNode body, String prefix, Set<String> bodyFields) {
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest("body", "a JSON object is required");
        }
        JsonProblems.onlyKnown(body, "", bodyFields);
        JsonNode subject = body.get("subject");
        if (subject == null || subject.isNull()) {
            throw ProblemException.badRequest(prefix, "is required: {source, authorId and/or handle}");
        }
        if (!subject.isObject()) {
            throw ProblemException.badRequest(prefix, "must be an object {source, authorId and/or handle}");
        }
        JsonProblems.onlyKnown(subject, prefix + ".", SUBJECT_FIELDS);
        String source = text(subject, prefix + ".source");
        if (source == null || !SOURCE.matcher(source.trim().toLowerCase(Locale.ROOT)).matches()) {
            throw ProblemException.badRequest(prefix + ".source", "is required: 1-32 letters, digits, '_', '.' or '-'");
        }
        String authorId = text(subject, prefix + ".authorId");
        String handle = text(subject, prefix + ".handle");
        if (blank(authorId) && blank(handle == null ? null : handle.replace("@", ""))) {
            throw ProblemException.badRequest(prefix + ".authorId", "or " + prefix + ".handle is required");
        }
        return new ErasureRequest.Subject(source.trim().toLowerCase(Locale.ROOT), blank(authorId)
                ? null
                : authorId.trim(),
                blank(handle) ? null : handle.trim());
    }

    static boolean flag(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return false;
        }
        if (!n.isBoolean()) {
            throw ProblemException.badRequest(field, "must be true or false");
        }
        return n.booleanValue();
    }

    private static String text(JsonNode node, String field) {
        JsonNode n = node.get(field.substring(field.lastIndexOf('.') + 1));
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw ProblemException.badRequest(field, "must be a string");
        }
        String s = n.textValue();
        if (s.length() > MAX) {
            throw ProblemException.badRequest(field, "must be at most " + MAX + " characters");
        }
        String unclean = StrictJson.unclean(s);
        if (unclean != null) {
            throw ProblemException.badRequest(field, unclean);
        }
        return s;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
