package io.earshot.escalation.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import io.earshot.escalation.Fixtures;
import io.earshot.testing.TestTokens;
import io.earshot.web.Session;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import org.junit.jupiter.api.Test;

/** The console's pages over HTTP: sign-in redirects, role rules as the API's, escaping, and actions through the services. */
@QuarkusTest
class ConsolePagesTest {
    @TestHTTPResource("/")
    URL base;

    private RequestSpecification as(String role) {
        return given().redirects().follow(false).cookie(Session.COOKIE, TestTokens.token(role))
                .header("Origin", "http://" + base.getHost() + ":" + base.getPort());
    }

    @Test
    void withoutASessionTheConsoleLeadsToSignInAndBack() {
        given().redirects().follow(false).get("/ui/console?queue=general").then().statusCode(303)
                .header("Location", containsString("/ui/login?next=%2Fui%2Fconsole%3Fqueue%3Dgeneral"));
        given().redirects().follow(false).post("/ui/console/cases/" + java.util.UUID.randomUUID() + "/claim")
                .then().statusCode(303).header("Location", containsString("/ui/login"));
        given().get("/ui/login").then().statusCode(200).body(containsString("id=\"token\""));
    }

    @Test
    void rolesAreTheApisAgentsAndLeadsWorkCommsReadsOthersAreRefused() {
        String id = openCase(new Fixtures.M(Fixtures.brand()));
        for (String role : new String[]{"analyst", "admin", "service"}) {
            as(role).get("/ui/console").then().statusCode(403).contentType(containsString("text/html"))
                    .body(containsString("Not for your role"));
            as(role).get("/ui/console/cases/" + id).then().statusCode(403);
        }
        // comms reads the list and the case, without any action offered, and the server refuses the action anyway.
        as("comms").get("/ui/console").then().statusCode(200).body(containsString(id))
                .body(not(containsString("/ui/console/cases/" + id + "/claim")));
        as("comms").get("/ui/console/cases/" + id).then().statusCode(200).body(containsString("id=\"read-only\""))
                .body(not(containsString("id=\"claim\"")));
        as("comms").post("/ui/console/cases/" + id + "/claim").then().statusCode(403).body(containsString(
                "Not for your role"));
        assertThat(Fixtures.caseById(id).getString("status")).isEqualTo("OPEN");
        // agents see the claim action on the list and the case page
        as("agent").get("/ui/console").then().statusCode(200)
                .header("Content-Security-Policy", containsString("default-src 'self'"))
                .header("Cache-Control", "no-store")
                .body(containsString("/ui/console/cases/" + id + "/claim"));
        as("agent").get("/ui/console/cases/" + id).then().statusCode(200).body(containsString("id=\"claim\""));
        // a lead may approve, an agent may not
        as("agent").post("/ui/console/cases/" + id + "/replies/" + java.util.UUID.randomUUID() + "/approve")
                .then().statusCode(403);
    }

    @Test
    void actionsGoThroughTheCaseServiceAndRefusalsArePagesNotStackTraces() {
        String id = openCase(new Fixtures.M(Fixtures.brand()));
        as("agent").post("/ui/console/cases/" + id + "/claim").then().statusCode(303)
                .header("Location", containsString("/ui/console/cases/" + id + "?done=claimed"));
        assertThat(Fixtures.caseById(id).getString("assignee")).isEqualTo("test-agent");
        // someone else cannot claim it: the 409 of the service, as a page
        given().redirects().follow(false).cookie(Session.COOKIE, TestTokens.token("agent", "other"))
                .header("Origin", "http://" + base.getHost() + ":" + base.getPort())
                .post("/ui/console/cases/" + id + "/claim").then().statusCode(409).contentType(containsString(
                        "text/html"))
                .body(containsString("claimed by test-agent"));
        as("agent").contentType("application/x-www-form-urlencoded").formParam("outcome", "NOT_A_CODE")
                .post("/ui/console/cases/" + id + "/resolve").then().statusCode(400).contentType(containsString(
                        "text/html"))
                .body(containsString("choose one of"));
        as("agent").contentType("application/x-www-form-urlencoded").formParam("outcome", "answered")
                .post("/ui/console/cases/" + id + "/resolve").then().statusCode(303);
        assertThat(Fixtures.caseById(id).getString("status")).isEqualTo("RESOLVED");
        assertThat(Fixtures.caseById(id).getString("outcome")).isEqualTo("ANSWERED");
        as("agent").get("/ui/console/cases/not-a-uuid").then().statusCode(404).contentType(containsString("text/html"));
        // A form post from another site is refused before it reaches the service.
        given().redirects().follow(false).cookie(Session.COOKIE, TestTokens.token("agent")).header("Origin",
                "https://evil.example")
                .post("/ui/console/cases/" + id + "/hand-back").then().statusCode(403);
    }

    @Test
    void userTextIsEscapedEverywhere() {
        Fixtures.M m = new Fixtures.M(Fixtures.brand());
        m.author = "eve<img src=x onerror=alert(1)>";
        m.text = "awful <script>alert('mention')</script> service";
        String id = openCase(m);
        as("agent").post("/ui/console/cases/" + id + "/claim").then().statusCode(303); // notes need the holder
        as("agent").contentType("application/x-www-form-urlencoded").formParam("body", "<script>alert('note')</script>")
                .post("/ui/console/cases/" + id + "/notes").then().statusCode(303);
        String page = as("agent").get("/ui/console/cases/" + id).then().statusCode(200).extract().asString();
        assertThat(page).contains("&lt;script&gt;alert(&#39;note&#39;)&lt;/script&gt;")
                .contains("&lt;script&gt;alert(&#39;mention&#39;)&lt;/script&gt;")
                .doesNotContain("<script>alert").doesNotContain("<img src=x");
        String list = as("agent").get("/ui/console").then().statusCode(200).extract().asString();
        assertThat(list).doesNotContain("<img src=x").contains("&lt;img src=x");
    }

    static String openCase(Fixtures.M m) {
        Fixtures.publish(m);
        return Fixtures.awaitCase(m.brand);
    }
}
