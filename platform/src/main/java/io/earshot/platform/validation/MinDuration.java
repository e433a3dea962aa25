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
import java.time.Duration;

/** A duration of at least {@link #value} (ISO-8601, {@code "PT1M"}). Null is valid: add {@code @NotNull}. */
@Documented
@Constraint(validatedBy = MinDuration.Validator.class)
@Target({FIELD, PARAMETER, RECORD_COMPONENT, TYPE_USE})
@Retention(RUNTIME)
public @interface MinDuration {
    /** The shortest duration allowed, ISO-8601. */
    String value();

    String message() default "must be a duration of at least {value}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Validator implements ConstraintValidator<MinDuration, Duration> {
        private Duration min;

        @Override
        public void initialize(MinDuration annotation) {
            min = Duration.parse(annotation.value());
        }

        @Override
        public boolean isValid(Duration value, ConstraintValidatorContext context) {
            return value == null || value.compareTo(min) >= 0;
        }
    }
}
