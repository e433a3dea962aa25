package io.earshot.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.earshot.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URL;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

@QuarkusTest
class WebSignInTest {
    @TestHTTPResource("/")
    URL base;

    /** A client address of its own per test (the test app trusts X-Forwarded-For from loopback), so rate limits never interfere. */
    private static String someClient() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(1, 255);
    }

    private String origin() {
        return "http://" + base.getHost() + ":" + base.getPort();
    }

    private Response login(String client, String token, String next) {
        var spec = given().redirects().follow(false).header("X-Forwarded-For", client).contentType(
                "application/x-www-form-urlencoded")
                .header("Origin", origin()).formParam("token", token);
        if (next != null) {
            spec = spec.formParam("next", next);
        }
        return spec.post("/ui/login");
    }

    @Test
    void theSignInPageIsAFormWithALabelledTokenFieldAndSecurityHeaders() {
        given().get("/ui/login?next=/ui/test-page").then().statusCode(200)
                .contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("default-src 'self'"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("Content-Security-Policy", not(containsString("unsafe-inline")))
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Frame-Options", "DENY")
                .header("Cache-Control", "no-store")
                .body(containsString("<label for=\"token\">"))
                .body(containsString("id=\"token\""))
                .body(containsString("name=\"next\" value=\"/ui/test-page\""))
                .body(containsString("href=\"#main\""));
    }

    @Test
    void staticAssetsCarryTheHeadersToo() {
        given().get("/ui/assets/earshot.css").then().statusCode(200)
                .contentType(containsString("text/css"))
                .header("Content-Security-Policy", containsString("default-src 'self'"))
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY")
                .body(containsString("--fg:"));
    }

    @Test
    void aGoodTokenSetsAStrictHttpOnlyCookieForTheTokensLifetimeAndLeadsToNext() {
        Response r = login(someClient(), TestTokens.token("agent"), "/ui/test-page?x=1");
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.header("Location")).endsWith("/ui/test-page?x=1");
        String cookie = r.header("Set-Cookie");
        assertThat(cookie).startsWith(Session.COOKIE + "=ey").contains("HttpOnly").containsIgnoringCase(
                "SameSite=Strict")
                .contains("Path=/").doesNotContain("Secure");
        int maxAge = Integer.parseInt(cookie.replaceAll("(?i).*Max-Age=(\\d+).*", "$1"));
        assertThat(maxAge).isBetween(30 * 60 - 120, 30 * 60); // TestTokens live 30 minutes
        // The cookie opens the page and the API.
        String token = r.getCookie(Session.COOKIE);
        given().cookie(Session.COOKIE, token).redirects().follow(false).get("/ui/test-page").then().statusCode(200)
                .body(containsString("Signed in as <strong>test-agent</strong>"))
                .body(containsString("href=\"http://localhost:1/ui/else\""));
        given().cookie(Session.COOKIE, token).get("/api/v1/whoami").then().statusCode(200).body("user", equalTo(
                "test-agent"));
        given().cookie(Session.COOKIE, token).get("/ui/").then().statusCode(200)
                .body(containsString("<a href=\"/ui/test-page\">Test page</a>"));
    }

    @Test
    void bearerTokensStillWorkAndNoTokenIsA401Problem() {
        given().header("Authorization", TestTokens.bearer("lead")).get("/api/v1/whoami").then().statusCode(200)
                .body("user", equalTo("test-lead"));
        given().header("Authorization", TestTokens.bearer("lead")).post("/api/v1/whoami").then().statusCode(200)
                .body("changed", equalTo("yes"));
        given().get("/api/v1/whoami").then().statusCode(401).contentType("application/problem+json")
                .body("status", equalTo(401));
        given().header("Authorization", TestTokens.bearer("analyst")).get("/api/v1/whoami").then().statusCode(403)
                .contentType("application/problem+json");
        given().cookie(Session.COOKIE, TestTokens.expired("agent")).get("/api/v1/whoami").then().statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void badTokensShowTheSignInPageAgainWithTheReason() {
        String client = someClient();
        login(client, "not-a-token", null).then().statusCode(400).contentType(containsString("text/html"))
                .body(containsString("role=\"alert\"")).body(containsString("was not accepted"))
                .header("Set-Cookie", org.hamcrest.Matchers.nullValue());
        login(client, TestTokens.tampered("agent"), null).then().statusCode(400).body(containsString(
                "was not accepted"));
        String other = someClient();
        login(other, TestTokens.wrongIssuer("agent"), null).then().statusCode(400).body(containsString(
                "was not accepted"));
        login(other, "", null).then().statusCode(400).body(containsString("Paste a token"));
    }

    @Test
    void anExpiredTokenIsRefusedAsExpired() {
        login(someClient(), TestTokens.expired("agent"), null).then().statusCode(400)
                .body(containsString("This token has expired"))
                .header("Set-Cookie", org.hamcrest.Matchers.nullValue());
        // A stale cookie does not lock anyone out of the sign-in page.
        given().cookie(Session.COOKIE, TestTokens.expired("agent")).get("/ui/login").then().statusCode(200)
                .body(containsString("id=\"token\""));
    }

    @Test
    void signInNeverLeadsOffSite() {
        String token = TestTokens.token("agent");
        String[] hostile = {"https://evil.example/x", "//evil.example/x", "/\\evil.example", "\\\\evil.example",
                "javascript:alert(1)", "/ui/\r\nSet-Cookie:x=1", "http:/evil.example", " /ui/test-page",
                "ui/test-page"};
        String client = someClient();
        int n = 0;
        for (String next : hostile) {
            if (n++ % 3 == 0) {
                client = someClient();
            }
            Response r = login(client, token, next);
            assertThat(r.statusCode()).as(next).isEqualTo(303);
            assertThat(r.header("Location")).as(next).isEqualTo(base.toString().replaceAll("/$", "") + "/ui/test-page");
        }
        // The page's hidden field never carries a hostile value either (and is escaped).
        given().get("/ui/login?next=https://evil.example/\"><script>").then().statusCode(200)
                .body(not(containsString("evil.example"))).body(not(containsString("<script>")));
    }

    @Test
    void pagesLeadToSignInAndBackAndWrongRolesGetAForbiddenPage() {
        given().redirects().follow(false).get("/ui/test-page?a=b").then().statusCode(303)
                .header("Location", containsString("/ui/login?next=%2Fui%2Ftest-page%3Fa%3Db"));
        given().redirects().follow(false).cookie(Session.COOKIE, TestTokens.expired("agent")).get("/ui/test-page")
                .then().statusCode(303).header("Location", containsString("/ui/login?next="));
        given().redirects().follow(false).cookie(Session.COOKIE, TestTokens.token("comms")).get("/ui/test-page")
                .then().statusCode(403).contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("default-src 'self'"))
                .body(containsString("Not for your role"));
        given().cookie(Session.COOKIE, TestTokens.token("agent")).get("/ui/no-such-page").then().statusCode(404)
                .contentType(containsString("text/html"));
    }

    @Test
    void stateChangingRequestsWithTheCookieMustComeFromThisOrigin() {
        String token = TestTokens.token("agent");
        given().cookie(Session.COOKIE, token).post("/api/v1/whoami").then().statusCode(403)
                .contentType("application/problem+json").body("detail", containsString("Origin"));
        given().cookie(Session.COOKIE, token).header("Origin", "https://evil.example").post("/api/v1/whoami")
                .then().statusCode(403);
        given().cookie(Session.COOKIE, token).header("Origin", "null").header("Sec-Fetch-Site", "cross-site")
                .post("/api/v1/whoami").then().statusCode(403);
        given().cookie(Session.COOKIE, token).header("Referer", "https://evil.example" + "/ui/test-page")
                .post("/api/v1/whoami").then().statusCode(403);
        // Same origin: by Origin, by Referer, or by what browsers send with Referrer-Policy no-referrer.
        given().cookie(Session.COOKIE, token).header("Origin", origin()).post("/api/v1/whoami").then().statusCode(200)
                .body("changed", equalTo("yes"));
        given().cookie(Session.COOKIE, token).header("Referer", origin() + "/ui/test-page").post("/api/v1/whoami")
                .then().statusCode(200);
        given().cookie(Session.COOKIE, token).header("Origin", "null").header("Sec-Fetch-Site", "same-origin")
                .post("/api/v1/whoami").then().statusCode(200);
        // Reads are not checked.
        given().cookie(Session.COOKIE, token).get("/api/v1/whoami").then().statusCode(200);
    }

    @Test
    void signInIsRateLimitedPerClientAddress() {
        String client = someClient();
        for (int i = 0; i < 3; i++) { // burst 3 in the test profile
            login(client, "wrong-" + i, null).then().statusCode(400);
        }
        Response limited = login(client, TestTokens.token("agent"), null);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 10);
        assertThat(limited.body().asString()).contains("Too many sign-in attempts");
        assertThat(limited.header("Set-Cookie")).isNull();
        // Another address is not affected.
        login(someClient(), TestTokens.token("agent"), null).then().statusCode(303);
    }

    @Test
    void aCrossSiteSignInOrSignOutWithoutACookieIsRefused() {
        // Login CSRF: a page elsewhere posts the attacker's token to our sign-in, so the victim's browser would keep
        // the attacker's session. No session cookie is involved, so the cookie rule alone would let it through.
        String attacker = TestTokens.token("agent");
        List<java.util.function.UnaryOperator<io.restassured.specification.RequestSpecification>> crossSite = List.of(
                r -> r.header("Origin", "https://evil.example"),
                r -> r.header("Origin", "null").header("Sec-Fetch-Site", "cross-site"),
                r -> r.header("Sec-Fetch-Site", "same-site"),
                r -> r.header("Referer", "https://evil.example/page"));
        for (var how : crossSite) {
            Response r = how.apply(given().redirects().follow(false).header("X-Forwarded-For", someClient())
                    .contentType("application/x-www-form-urlencoded").formParam("token", attacker)).post("/ui/login");
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.header("Set-Cookie")).isNull();
            how.apply(given().redirects().follow(false).contentType("application/x-www-form-urlencoded"))
                    .post("/ui/logout").then().statusCode(403);
        }
        // The site's own form (what browsers send with Referrer-Policy no-referrer) and non-browser clients sign in.
        given().redirects().follow(false).header("X-Forwarded-For", someClient()).header("Origin", "null")
                .header("Sec-Fetch-Site", "same-origin").contentType("application/x-www-form-urlencoded")
                .formParam("token", attacker).post("/ui/login").then().statusCode(303);
        given().redirects().follow(false).header("X-Forwarded-For", someClient())
                .contentType("application/x-www-form-urlencoded").formParam("token", attacker).post("/ui/login")
                .then().statusCode(303);
    }

    @Test
    void signOutClearsTheCookie() {
        Response r = given().redirects().follow(false).cookie(Session.COOKIE, TestTokens.token("agent"))
                .header("Origin", origin()).post("/ui/logout");
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.header("Location")).endsWith("/ui/login");
        assertThat(r.header("Set-Cookie")).startsWith(Session.COOKIE + "=;").contains("Max-Age=0");
    }
}
