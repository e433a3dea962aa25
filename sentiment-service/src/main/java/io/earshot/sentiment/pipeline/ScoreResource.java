package io.earshot.sentiment.pipeline;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.contracts.events.Scores;
import io.earshot.platform.http.ProblemException;
import io.earshot.platform.security.Roles;
import io.earshot.platform.security.Scope;
import io.earshot.platform.security.Scopes;
import io.earshot.sentiment.review.ReviewItem;
import io.earshot.sentiment.review.ReviewStore;
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
    /** A stored score and, when it was queued for review, the review item (with the analyst's label once given). */
    public record ScoreView(@JsonUnwrapped ScoredMention scored, ReviewItem review) {}

    public record TextInput(@NotBlank @Size(max = 10_000) String text, @Size(max = 16) String lang) {}

    private final MentionScorer scorer;
    private final ReviewStore reviews;
    private final Scopes scopes;

    public ScoreResource(MentionScorer scorer, ReviewStore reviews, Scopes scopes) {
        this.scorer = scorer;
        this.reviews = reviews;
        this.scopes = scopes;
    }

    @GET
    @Path("{mentionId}")
    @WithSession
    @RolesAllowed({Roles.ANALYST, Roles.SERVICE, Roles.AGENT, Roles.LEAD, Roles.COMMS, Roles.ADMIN})
    @Operation(summary = "The stored score of a mention (404 outside the caller's brands), with the mention, the explanation of every score, its confidence "
            + "and, when it was queued for analyst review, the review (with the analyst's label once given)")
    public Uni<ScoreView> get(@PathParam("mentionId") UUID mentionId) {
        Scope scope = scopes.current();
        return Panache.getSession()
                .flatMap(s -> s.createNativeQuery("select payload, brand from scores where mention_id = ?1",
                        Object[].class)
                        .setParameter(1, mentionId)
                        .getResultList()
                        .flatMap(rows -> {
                            if (rows.isEmpty() || !scope.brand((String) rows.get(0)[1])) {
                                throw ProblemException.notFound("score of mention " + mentionId);
                            }
                            ScoredMention scored = EventCodec.decode((String) rows.get(0)[0], ScoredMention.class);
                            return reviews.find(s, mentionId).map(review -> new ScoreView(scored, review));
                        }));
    }

    @POST
    @Path("preview")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ANALYST, Roles.SERVICE, Roles.ADMIN})
    @Operation(summary = "Score a text without storing it: what the scorer says and why")
    public Scores preview(@NotNull @Valid TextInput input) {
        return scorer.score(input.text(), input.lang());
    }
}
