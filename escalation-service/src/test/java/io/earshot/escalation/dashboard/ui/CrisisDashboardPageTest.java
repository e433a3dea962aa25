package io.earshot.escalation.dashboard.ui;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.earshot.contracts.events.CrisisAlert;
import io.earshot.escalation.crisis.CoordinationDetector;
import io.earshot.escalation.crisis.CoordinationStore;
import io.earshot.escalation.crisis.CrisisStore;
import io.earshot.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The dashboard page over HTTP: sign-in redirect, roles, the rendered state (escaped), bad filters. */
@QuarkusTest
class CrisisDashboardPageTest {
    static final String COOKIE = "earshot_session";

    @Inject
    CrisisStore crises;

    @Inject
    CoordinationStore clusters;

    @Test
    void withoutASessionThePageLeadsToTheSignInAndBack() {
        given().redirects().follow(false).queryParam("brand", "acme").get("/ui/crisis")
                .then().statusCode(303)
                .header("Location", containsString("/ui/login?next=%2Fui%2Fcrisis%3Fbrand%3Dacme"));
        given().redirects().follow(false).cookie(COOKIE, TestTokens.expired("comms")).get("/ui/crisis")
                .then().statusCode(303).header("Location", containsString("/ui/login"));
    }

    @Test
    void onlyCommsLeadAndAdminMayOpenItOthersGetA403Page() {
        for (String role : List.of("agent", "analyst", "service")) {
            given().cookie(COOKIE, TestTokens.token(role)).get("/ui/crisis")
                    .then().statusCode(403).contentType(containsString("text/html"))
                    .body(not(containsString("id=\"alerts\"")));
        }
        for (String role : List.of("comms", "lead", "admin")) {
            given().cookie(COOKIE, TestTokens.token(role)).get("/ui/crisis")
                    .then().statusCode(200).contentType(containsString("text/html"))
                    .header("Content-Security-Policy", containsString("default-src 'self'"))
                    .header("Cache-Control", containsString("no-store"))
                    .body(containsString("<label for=\"brand\">Brand</label>"))
                    .body(containsString("src=\"/ui/crisis/crisis.js\""));
        }
        // The page's own assets are served, with the same headers.
        given().get("/ui/crisis/crisis.js").then().statusCode(200)
                .header("X-Content-Type-Options", equalTo("nosniff")).body(containsString("EventSource"));
        given().get("/ui/crisis/crisis.css").then().statusCode(200).body(containsString("--sev-high-bg"));
    }

    @Test
    void theOpenAlertsWithTheirBaselineAndTheClustersAreRenderedEscaped() throws Throwable {
        String brand = "p" + UUID.randomUUID().toString().substring(0, 8);
        Instant at = Instant.now().plus(Duration.ofDays(5)).truncatedTo(ChronoUnit.MINUTES);
        CrisisAlert open = new CrisisAlert(CrisisAlert.SCHEMA_VERSION, UUID.randomUUID(), brand, "billing",
                Duration.ofMinutes(5), 64, 12.5, 0.812, 11.3, CrisisAlert.Severity.HIGH, List.of(),
                CrisisAlert.State.OPEN,
                at, null, null, null, null, null, null, null);
        VertxContextSupport.subscribeAndAwait(() -> crises.apply(open));
        String evil = "Boycott <script>alert('x')</script> now";
        CoordinationDetector.Cluster cluster = new CoordinationDetector.Cluster(UUID.randomUUID(), brand, "k:" + brand,
                "00ff00ff00ff00ff", 9, 12, 13.5, 9, 8, 7, at.minusSeconds(300), at, evil);
        VertxContextSupport.subscribeAndAwait(() -> clusters.record(cluster, UUID.randomUUID()));

        String html = given().cookie(COOKIE, TestTokens.token("comms")).queryParam("brand", brand).get("/ui/crisis")
                .then().statusCode(200).extract().asString();
        assertThat(html).contains("data-id=\"" + open.id() + "\"", ">HIGH<", brand + "/billing", "64 in 5 min",
                "12.5 expected", "81.2 %", "11.3");
        assertThat(html).contains("data-id=\"" + cluster.id() + "\"", "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
                .doesNotContain("<script>alert");
        assertThat(html).contains("<option value=\"" + brand + "\" selected>");
        assertThat(html).doesNotContain("No open alerts.\n").contains("id=\"no-alerts\" class=\"notice\" hidden");

        // A topic filter keeps that topic's alerts only.
        String other = given().cookie(COOKIE, TestTokens.token("lead")).queryParam("brand", brand)
                .queryParam("topic", "shipping").get("/ui/crisis").then().statusCode(200).extract().asString();
        assertThat(other).doesNotContain("data-id=\"" + open.id() + "\"").contains("value=\"shipping\"");
    }

    @Test
    void aBadFilterIsA400PageNamingTheField() {
        given().cookie(COOKIE, TestTokens.token("comms")).queryParam("brand", "x".repeat(65)).get("/ui/crisis")
                .then().statusCode(400).contentType(containsString("text/html")).body(containsString("brand: must be"));
        given().cookie(COOKIE, TestTokens.token("comms")).queryParam("topic", "a/b").get("/ui/crisis")
                .then().statusCode(400).body(containsString("topic: must be"));
    }

    @Test
    void theStreamsChartedFollowTheFilter() {
        List<String> active = List.of("acme", "acme/billing", "acme/app", "zeta", "zeta/billing");
        assertThat(CrisisDashboardPage.filter("", "", active).streams()).containsExactly("acme", "zeta");
        assertThat(CrisisDashboardPage.filter("acme", "", active).streams()).containsExactly("acme", "acme/app",
                "acme/billing");
        assertThat(CrisisDashboardPage.filter("acme", "", active).topics()).containsExactly("app", "billing");
        assertThat(CrisisDashboardPage.filter("", "billing", active).streams()).containsExactly("acme/billing",
                "zeta/billing");
        assertThat(CrisisDashboardPage.filter("acme", "billing", active).streams()).containsExactly("acme/billing");
        // A brand without mentions yet is still offered and charted (its first minutes arrive live).
        CrisisDashboardPage.Filter fresh = CrisisDashboardPage.filter("new", "", active);
        assertThat(fresh.streams()).containsExactly("new");
        assertThat(fresh.brands()).contains("new", "acme", "zeta");
    }
}
