package io.earshot.escalation.windows;

import io.earshot.contracts.http.ProblemException;
import io.earshot.contracts.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/windows")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "crisis")
public class WindowResource {
    public record Windows(String brand, List<WindowCounter.Bucket> minutes) {
    }

    private final WindowCounter counter;

    public WindowResource(WindowCounter counter) {
        this.counter = counter;
    }

    @GET
    @RolesAllowed({ Roles.COMMS, Roles.LEAD, Roles.ADMIN })
    @Operation(summary = "Mention volume and negatives per minute for a brand (by mention time), oldest first")
    public Uni<Windows> get(@QueryParam("brand") String brand, @QueryParam("minutes") Integer minutes) {
        if (brand == null || brand.isBlank()) {
            throw ProblemException.badRequest("brand", "is required");
        }
        int span = minutes == null ? 60 : minutes;
        if (span < 1 || span > 120) {
            throw ProblemException.badRequest("minutes", "must be between 1 and 120");
        }
        return counter.recent(brand, span, Instant.now()).map(b -> new Windows(brand, b));
    }
}
