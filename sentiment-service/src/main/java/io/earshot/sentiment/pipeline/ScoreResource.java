package io.earshot.sentiment.pipeline;

import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.contracts.events.Scores;
import io.earshot.contracts.http.ProblemException;
import io.earshot.contracts.security.Roles;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/scores")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "scores")
public class ScoreResource {
    public record TextInput(@NotBlank @Size(max = 10_000) String text, @Size(max = 16) String lang) {
    }

    private final MentionScorer scorer;

    public ScoreResource(MentionScorer scorer) {
        this.scorer = scorer;
    }

    @GET
    @Path("{mentionId}")
    @WithSession
    @RolesAllowed({ Roles.ANALYST, Roles.SERVICE, Roles.AGENT, Roles.LEAD, Roles.COMMS, Roles.ADMIN })
    @Operation(summary = "The stored score of a mention, with the mention and the explanation of every score")
    public Uni<ScoredMention> get(@PathParam("mentionId") UUID mentionId) {
        return Panache.getSession()
                .flatMap(s -> s.createNativeQuery("select payload from scores where mention_id = ?1", String.class)
                        .setParameter(1, mentionId)
                        .getResultList())
                .map(rows -> {
                    if (rows.isEmpty()) {
                        throw ProblemException.notFound("score of mention " + mentionId);
                    }
                    return EventCodec.decode(rows.get(0), ScoredMention.class);
                });
    }

    @POST
    @Path("preview")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.ANALYST, Roles.SERVICE, Roles.ADMIN })
    @Operation(summary = "Score a text without storing it: what the scorer says and why")
    public Scores preview(@NotNull @Valid TextInput input) {
        return scorer.score(input.text(), input.lang());
    }
}
