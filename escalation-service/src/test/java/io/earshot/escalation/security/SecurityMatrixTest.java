package io.earshot.escalation.security;

import static io.earshot.testing.SecurityMatrix.ROLES;
import static io.earshot.testing.SecurityMatrix.api;
import static io.earshot.testing.SecurityMatrix.open;
import static io.earshot.testing.SecurityMatrix.page;

import io.earshot.escalation.cases.CaseResource;
import io.earshot.testing.SecurityMatrix;
import io.earshot.web.WebHome;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md "Roles" for the escalation service, endpoint by endpoint, its web pages included:
 * <ul>
 * <li>agents read and work cases (claim, acknowledge, note, draft and send replies, resolve, hand back, the distress
 * checklist); leads do all of that plus transfer, approve replies and edit rules, queues and SLA policies; comms read
 * cases, their distress lane and the signposts;</li>
 * <li>the crisis dashboard, its alerts, windows, source alerts and clusters are for comms, leads and admins;</li>
 * <li>webhooks (connectors) and the audit log are admin's; CRM links are kept by leads and admins, read by agents too;
 * machine clients load customer records;</li>
 * <li>{@code /ui} pages answer no session with a 303 to the sign-in page and a wrong role with the 403 page; sign-in
 * and sign-out are open; health and metrics are open, OpenAPI needs a token.</li>
 * </ul>
 */
@QuarkusTest
class SecurityMatrixTest {
    static final String ID = "00000000-0000-0000-0000-00000000c001";
    static final String ID2 = "00000000-0000-0000-0000-00000000c002";
    static final String CASE = "/api/v1/cases/" + ID;
    static final String[] EVERYONE = ROLES.toArray(String[]::new);
    static final SecurityMatrix MATRIX = new SecurityMatrix(List.of(
            api("GET", "/api/v1/cases", "agent", "lead", "comms"),
            api("GET", CASE, "agent", "lead", "comms"),
            api("POST", CASE + "/claim", "agent", "lead"),
            api("POST", CASE + "/acknowledge", "agent", "lead"),
            api("POST", CASE + "/notes", "agent", "lead").json("{}"),
            api("POST", CASE + "/hand-back", "agent", "lead"),
            api("POST", CASE + "/transfer", "lead").json("{}"),
            api("POST", CASE + "/resolve", "agent", "lead").json("{}"),
            api("GET", CASE + "/distress", "agent", "lead", "comms"),
            api("PUT", CASE + "/checklist/safety", "agent", "lead").json("{}"),
            api("POST", CASE + "/replies", "agent", "lead").json("{}"),
            api("POST", CASE + "/replies/" + ID2 + "/approve", "lead"),
            api("POST", CASE + "/replies/" + ID2 + "/sent", "agent", "lead"),
            api("POST", "/api/v1/customers", "lead", "admin", "service").json("[]"),
            api("GET", "/api/v1/customers/c-1", "agent", "lead", "admin"),
            api("POST", "/api/v1/customers/c-1/links", "lead", "admin").json("{}"),
            api("GET", "/api/v1/customers/c-1/links", "agent", "lead", "admin"),
            api("DELETE", "/api/v1/customers/c-1/links/" + ID2, "lead", "admin"),
            api("GET", "/api/v1/queues", "agent", "lead"),
            api("GET", "/api/v1/queues/general", "agent", "lead"),
            api("PUT", "/api/v1/queues/general", "lead").json("{}"),
            api("GET", "/api/v1/sla-policies", "agent", "lead"),
            api("PUT", "/api/v1/sla-policies/P1", "lead").json("{}"),
            api("POST", "/api/v1/sla-checks", "lead", "admin"),
            api("GET", "/api/v1/audit", "admin"),
            api("GET", "/api/v1/signposts", "agent", "lead", "comms"),
            api("GET", "/api/v1/conversations/c1", "agent", "lead", "comms", "service"),
            api("POST", "/api/v1/conversations/c1/return-to-bot", "agent", "lead"),
            api("GET", "/api/v1/rules", "agent", "lead"),
            api("GET", "/api/v1/rules/" + ID, "agent", "lead"),
            api("GET", "/api/v1/rules/" + ID + "/versions", "agent", "lead"),
            api("POST", "/api/v1/rules", "lead").json("{}"),
            api("PUT", "/api/v1/rules/" + ID, "lead").json("{}"),
            api("POST", "/api/v1/rules/dry-run", "lead").json("{}"),
            api("GET", "/api/v1/windows?brand=acme", "comms", "lead", "admin"),
            api("GET", "/api/v1/windows/hours?brand=acme", "comms", "lead", "admin"),
            api("GET", "/api/v1/crises", "comms", "lead", "admin"),
            api("GET", "/api/v1/crises/" + ID, "comms", "lead", "admin"),
            api("GET", "/api/v1/crises/source-alerts", "comms", "lead", "admin"),
            api("GET", "/api/v1/coordination-clusters", "comms", "lead", "admin"),
            api("GET", "/api/v1/dashboard/stream", "comms", "lead", "admin"),
            api("GET", "/api/v1/webhooks/endpoints", "admin"),
            api("POST", "/api/v1/webhooks/endpoints", "admin").json("{}"),
            api("PATCH", "/api/v1/webhooks/endpoints/" + ID, "admin").json("{}"),
            api("DELETE", "/api/v1/webhooks/endpoints/" + ID, "admin"),
            api("POST", "/api/v1/webhooks/endpoints/" + ID + "/ping", "admin"),
            api("GET", "/api/v1/webhooks/deliveries", "admin"),
            page("GET", "/ui/crisis", "comms", "lead", "admin"),
            page("GET", "/ui/console", "agent", "lead", "comms"),
            page("GET", "/ui/console/cases/" + ID, "agent", "lead", "comms"),
            page("POST", "/ui/console/cases/" + ID + "/claim", "agent", "lead"),
            page("POST", "/ui/console/cases/" + ID + "/hand-back", "agent", "lead"),
            page("POST", "/ui/console/cases/" + ID + "/resolve", "agent", "lead"),
            page("POST", "/ui/console/cases/" + ID + "/return-to-bot", "agent", "lead"),
            page("POST", "/ui/console/cases/" + ID + "/notes", "agent", "lead"),
            page("POST", "/ui/console/cases/" + ID + "/replies", "agent", "lead"),
            page("POST", "/ui/console/cases/" + ID + "/replies/" + ID2 + "/approve", "lead"),
            page("POST", "/ui/console/cases/" + ID + "/replies/" + ID2 + "/sent", "agent", "lead"),
            page("GET", "/ui", EVERYONE),
            open("GET", "/ui/login"),
            open("POST", "/ui/login").form("token=not-a-token"),
            open("POST", "/ui/logout")));

    @Test
    void everyEndpointAnswersOnlyTheRolesOfDesignMd() {
        MATRIX.check();
    }

    @Test
    void expiredTamperedForeignAndGarbageTokensAreRefusedEverywhere() {
        MATRIX.checkBadTokens("GET /api/v1/cases", "POST " + CASE + "/claim", "GET /api/v1/audit",
                "GET /api/v1/webhooks/endpoints", "GET /ui/console", "GET /q/openapi");
    }

    @Test
    void everyEndpointOfTheServiceHasARow() {
        MATRIX.assertCovers("io.earshot", CaseResource.class, WebHome.class);
    }
}
