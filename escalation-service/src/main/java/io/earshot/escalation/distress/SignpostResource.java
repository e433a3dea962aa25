package io.earshot.escalation.distress;

import io.earshot.contracts.events.DistressKind;
import io.earshot.platform.http.ProblemException;
import io.earshot.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/signposts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "distress")
public class SignpostResource {
    private static final List<String> KINDS = Arrays.stream(DistressKind.values()).filter(k -> k != DistressKind.none)
            .map(Enum::name).toList();

    private final Signposts signposts;

    public SignpostResource(Signposts signposts) {
        this.signposts = signposts;
    }

    @GET
    @RolesAllowed({Roles.AGENT, Roles.LEAD, Roles.COMMS})
    @Operation(summary = "Help resources for distress cases, optionally for one kind and region (ISO 3166 alpha-2);"
            + " the region's own first, then those for everywhere")
    public List<Signposts.Resource> list(@QueryParam("kind") String kind,
            @QueryParam("region") @Pattern(regexp = "[A-Za-z]{2}", message = "must be an ISO 3166 alpha-2 country code") String region) {
        if (kind != null && !KINDS.contains(kind.toLowerCase(Locale.ROOT))) {
            throw ProblemException.badRequest("kind", "must be one of " + KINDS);
        }
        return signposts.find(kind, region);
    }
}
