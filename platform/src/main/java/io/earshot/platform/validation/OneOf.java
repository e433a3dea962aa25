package io.earshot.platform.validation;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One of a few words ({@code status=open}, {@code format=markdown}), compared ignoring case unless
 * {@link #ignoreCase} is false. Null is valid (the parameter left out: its default applies; add {@code @NotNull} where
 * it is required), and blank too where {@link #allowBlank} says so.
 */
@Documented
@Constraint(validatedBy = OneOf.Validator.class)
@Target({FIELD, PARAMETER, RECORD_COMPONENT, TYPE_USE})
@Retention(RUNTIME)
public @interface OneOf {
    String[] value();

    boolean ignoreCase() default true;

    /** Whether a blank value counts as left out (true) or is refused (false). */
    boolean allowBlank() default false;

    String message() default "must be one of {value}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Validator implements ConstraintValidator<OneOf, String> {
        private Set<String> allowed;
        private boolean ignoreCase;
        private boolean allowBlank;

        @Override
        public void initialize(OneOf annotation) {
            ignoreCase = annotation.ignoreCase();
            allowBlank = annotation.allowBlank();
            allowed = Arrays.stream(annotation.value()).map(this::key).collect(Collectors.toUnmodifiableSet());
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || allowBlank && value.isBlank() || allowed.contains(key(value));
        }

        private String key(String s) {
            return ignoreCase ? s.toLowerCase(Locale.ROOT) : s;
        }
    }
}
