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
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * An ISO-8601 instant given as text ({@code from=2026-12-01T00:00:00Z} in a query). Null and blank are valid (no
 * bound); {@link Validator#instant} reads a valid one.
 */
@Documented
@Constraint(validatedBy = IsoInstant.Validator.class)
@Target({FIELD, PARAMETER, RECORD_COMPONENT, TYPE_USE})
@Retention(RUNTIME)
public @interface IsoInstant {
    String message() default "must be an ISO-8601 instant such as 2026-12-01T00:00:00Z";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Validator implements ConstraintValidator<IsoInstant, String> {
        /** The instant of a value this constraint accepted; null for null or blank. */
        public static Instant instant(String value) {
            return value == null || value.isBlank() ? null : Instant.parse(value);
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            try {
                instant(value);
                return true;
            } catch (DateTimeParseException e) {
                return false;
            }
        }
    }
}
