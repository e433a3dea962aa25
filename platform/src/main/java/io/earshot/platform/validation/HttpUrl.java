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
import java.net.URI;
import java.net.URISyntaxException;

/**
 * An absolute http(s) URL with a host and without credentials, of at most {@link #max} characters: where Earshot
 * may send something. Whether its host is allowed (not internal) is decided when it resolves, by the outbound guard.
 * Null is valid: add {@code @NotNull}.
 */
@Documented
@Constraint(validatedBy = HttpUrl.Validator.class)
@Target({FIELD, PARAMETER, RECORD_COMPONENT, TYPE_USE})
@Retention(RUNTIME)
public @interface HttpUrl {
    int max() default 2048;

    String message() default "must be an absolute http(s) URL without credentials, of at most {max} characters";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Validator implements ConstraintValidator<HttpUrl, String> {
        private int max;

        @Override
        public void initialize(HttpUrl annotation) {
            max = annotation.max();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            if (value.isBlank() || value.length() > max) {
                return false;
            }
            try {
                URI u = new URI(value);
                return u.isAbsolute() && u.getHost() != null && ("http".equals(u.getScheme()) || "https".equals(u
                        .getScheme())) && u.getUserInfo() == null;
            } catch (URISyntaxException e) {
                return false;
            }
        }
    }
}
