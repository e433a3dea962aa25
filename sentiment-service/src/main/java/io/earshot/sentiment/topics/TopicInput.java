package io.earshot.sentiment.topics;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The body of a topic create or replace: a name (1..64 characters, unique per brand regardless of case), 1..200
 * keywords of 1..100 characters each (a word, or a phrase, quoted or not, with at least one letter or digit), and
 * for a replace optionally the {@code version} last read, so that a concurrent edit is a 409 instead of being lost.
 */
public record TopicInput(
        @NotBlank @Size(max = MAX_NAME, message = "must be at most {max} characters") @Pattern(regexp = NO_CONTROL, message = "must not contain control characters") String name,
        @NotNull @Size(min = 1, max = MAX_KEYWORDS, message = "must have 1 to {max} keywords") List<@NotBlank @Size(max = MAX_KEYWORD, message = "must be at most {max} characters") @Pattern(regexp = NO_CONTROL, message = "must not contain control characters") @HasWords String> keywords,
        Long version) {
    public static final int MAX_NAME = 64;
    public static final int MAX_KEYWORDS = 200;
    public static final int MAX_KEYWORD = 100;
    /** Tab, newline and the other C0 and C1 controls (the JSON reader already refuses most). */
    static final String NO_CONTROL = "[^\\x00-\\x1F\\x7F-\\x9F]*";

    /** The input, valid: name trimmed, keywords trimmed and without case-insensitive duplicates. */
    public TopicInput normalised() {
        List<String> out = new ArrayList<>(keywords.size());
        Set<String> seen = new LinkedHashSet<>();
        for (String keyword : keywords) {
            String k = keyword.strip();
            if (seen.add(String.join(" ", TopicMatcher.words(k)).toLowerCase(Locale.ROOT))) {
                out.add(k);
            }
        }
        return new TopicInput(name.strip(), List.copyOf(out), version);
    }

    /** A keyword the matcher can match: at least one word of letters or digits ({@link TopicMatcher#words}). */
    @Constraint(validatedBy = HasWords.Validator.class)
    @Target(ElementType.TYPE_USE)
    @Retention(RetentionPolicy.RUNTIME)
    @interface HasWords {
        String message() default "must contain a letter or digit";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

        final class Validator implements ConstraintValidator<HasWords, String> {
            @Override
            public boolean isValid(String value, ConstraintValidatorContext context) {
                return value == null || value.isBlank() || !TopicMatcher.words(value).isEmpty();
            }
        }
    }
}
