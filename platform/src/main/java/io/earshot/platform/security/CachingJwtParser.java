package io.earshot.platform.security;

import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Wraps the services' JWT parser (the one Quarkus verifies every bearer token with): a token verified once is taken
 * from {@link VerifiedTokens} until it expires instead of being verified again. Only {@link #parse(String)}, the
 * configured verification, is cached; a parse with other settings or keys always goes to the parser.
 */
@Decorator
@Priority(10)
public abstract class CachingJwtParser implements JWTParser {
    /** Tokens kept at most: far more than an installation's service and user tokens in use at one time. */
    static final int CAPACITY = 4096;

    @Inject
    @Delegate
    @Any
    JWTParser parser;

    /**
     * The longest a verified token is taken from the cache before it is verified again: well within the verifier's
     * own JWKS refresh (smallrye.jwt.jwks.refresh-interval, 60 minutes), after which a removed key stops working.
     */
    static final Duration HOLD = Duration.ofMinutes(5);

    private final VerifiedTokens verified = new VerifiedTokens(Clock.systemUTC(), CAPACITY, HOLD);

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        JsonWebToken known = verified.get(token);
        if (known != null) {
            return known;
        }
        JsonWebToken fresh = parser.parse(token);
        verified.put(token, fresh);
        return fresh;
    }
}
