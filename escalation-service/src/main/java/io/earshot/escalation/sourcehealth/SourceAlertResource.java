package io.earshot.escalation.sourcehealth;

import io.earshot.platform.http.Page;
import io.earshot.platform.http.PageCursor;
import io.earshot.platform.security.Roles;
import io.earshot.platform.validation.Brand;
import io.earshot.platform.validation.OneOf;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Source-silent alerts, next to the crisis alerts (/api/v1/crises) on the comms dashboard. */
@Path("/api/v1/crises/source-alerts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "crisis")
public class SourceAlertResource {
    private final SourceAlertStore store;

    private final io.earshot.escalation.scope.ScopeFilter scope;

    public SourceAlertResource(SourceAlertStore store, io.earshot.escalation.scope.ScopeFilter scope) {
        this.store = store;
        this.scope = scope;
    }

    @GET
    @RolesAllowed({Roles.COMMS, Roles.LEAD, Roles.ADMIN})
    @Operation(summary = "Source-silent alerts (a polled source quiet beyond its normal gaps, or failing), newest first; "
            + "state=open for the sources still silent. While one is open its brand's windows are low-coverage")
    public Uni<Page<SourceAlertStore.SourceAlert>> list(@QueryParam("brand") @Brand String brand,
            @QueryParam("state") @OneOf(value = {"open", "all"}, message = "must be open or all") String state,
            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        boolean openOnly = false;
        if (state != null) {
            openOnly = state.toLowerCase(Locale.ROOT).equals("open");
        }
        return store.list(scope.current(), scope.brand(brand == null || brand.isBlank() ? null : brand), openOnly,
                PageCursor.decode(cursor),
                PageCursor.limit(limit, 50, 200));
    }
}
