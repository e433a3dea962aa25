package io.earshot.map.privacy;

import io.earshot.map.privacy.SubjectErasure.ErasureView;
import io.earshot.platform.http.PageCursor;
import io.earshot.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The erasure log: what each erasure request removed (subjects only as hashes). */
@Path("/api/v1/erasures")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "privacy")
public class ErasureResource {
    private final SubjectErasure erasure;

    public ErasureResource(SubjectErasure erasure) {
        this.erasure = erasure;
    }

    @GET
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Recent erasures, newest first")
    public Uni<List<ErasureView>> recent(@QueryParam("limit") String limit) {
        return erasure.recent(PageCursor.limit(limit, 50, 200));
    }
}
