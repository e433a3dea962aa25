package io.earshot.platform;

import static io.earshot.testing.SecurityMatrix.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.earshot.platform.matrixfixture.FixtureResource;
import io.earshot.testing.SecurityMatrix;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The guard of {@link SecurityMatrix}: it finds every resource method, and a missing or stale row fails it. */
class SecurityMatrixGuardTest {
    static final String PACKAGE = "io.earshot.platform.matrixfixture";
    static final List<SecurityMatrix.Row> ALL = List.of(
            api("GET", "/api/v1/things", "agent"),
            api("GET", "/api/v1/things/abc", "agent"),
            api("GET", "/api/v1/things/export?from=2026-01-01", "agent"),
            api("POST", "/api/v1/things/abc/archive", "lead"),
            api("DELETE", "/api/v1/things/42", "admin"));

    @Test
    void findsEveryResourceMethodWithItsFullPath() {
        assertThat(SecurityMatrix.endpoints(PACKAGE, FixtureResource.class)).extracting(e -> e.method() + " " + e
                .template())
                .containsExactlyInAnyOrder("GET /api/v1/things", "GET /api/v1/things/{id}", "GET /api/v1/things/export",
                        "POST /api/v1/things/{id}/archive", "DELETE /api/v1/things/{id: [0-9]+}");
    }

    @Test
    void aTableWithARowPerEndpointPasses() {
        new SecurityMatrix(ALL).assertCovers(PACKAGE, FixtureResource.class);
    }

    @Test
    void anEndpointWithoutARowFailsAndIsNamed() {
        // The literal path export is matched by its own row, never by {id}'s: dropping it leaves export uncovered.
        List<SecurityMatrix.Row> rows = new ArrayList<>(ALL);
        rows.remove(2);
        assertThatThrownBy(() -> new SecurityMatrix(rows).assertCovers(PACKAGE, FixtureResource.class))
                .isInstanceOf(AssertionError.class).hasMessageContaining(
                        "GET /api/v1/things/export (FixtureResource.export)");
    }

    @Test
    void aRowWithoutAnEndpointFailsToo() {
        List<SecurityMatrix.Row> rows = new ArrayList<>(ALL);
        rows.add(api("DELETE", "/api/v1/things/not-a-number", "admin"));
        assertThatThrownBy(() -> new SecurityMatrix(rows).assertCovers(PACKAGE, FixtureResource.class))
                .isInstanceOf(AssertionError.class).hasMessageContaining(
                        "rows without an endpoint: [DELETE /api/v1/things/not-a-number]");
    }

    @Test
    void unknownRolesAreRefused() {
        assertThatThrownBy(() -> api("GET", "/x", "superuser")).isInstanceOf(IllegalArgumentException.class);
    }
}
