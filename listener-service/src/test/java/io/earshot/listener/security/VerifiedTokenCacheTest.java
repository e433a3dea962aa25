package io.earshot.listener.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.earshot.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * The services verify a bearer token once and keep it until it expires (platform's CachingJwtParser): the parser
 * Quarkus authenticates with is the caching one, and what it keeps never lets another token through.
 */
@QuarkusTest
class VerifiedTokenCacheTest {
    @Inject
    JWTParser parser;

    @Test
    void aTokenIsVerifiedOnceAndThenTakenFromTheCache() throws Exception {
        String token = TestTokens.token("service");
        assertThat(parser.parse(token)).isSameAs(parser.parse(token));
        assertThat(parser.parse(token).getGroups()).containsExactly("service");
    }

    @Test
    void aCachedTokenDoesNotLetItsTamperedOrExpiredSiblingsThrough() throws Exception {
        String token = TestTokens.token("service");
        parser.parse(token);
        String[] parts = token.split("\\.");
        String tampered = parts[0] + "." + TestTokens.tampered("service").split("\\.")[1] + "." + parts[2];

        assertThatThrownBy(() -> parser.parse(tampered)).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> parser.parse(TestTokens.expired("service"))).isInstanceOf(ParseException.class);
    }

    @Test
    void overHttpTheSameTokenKeepsItsRoleAndATamperedOneIsStill401() {
        String token = TestTokens.token("agent");
        for (int i = 0; i < 3; i++) {
            given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                    .body("{}").post("/api/v1/mentions").then()
                    .statusCode(403);
        }
        String[] parts = token.split("\\.");
        String asAdmin = parts[0] + "." + TestTokens.tampered("agent").split("\\.")[1] + "." + parts[2];
        given().header("Authorization", "Bearer " + asAdmin).contentType(ContentType.JSON)
                .body("{}").post("/api/v1/mentions").then()
                .statusCode(401);
    }
}
