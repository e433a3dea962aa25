package io.earshot.escalation.conversations;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.escalation.scope.ScopeFilter;
import io.earshot.platform.db.SqlValues;
import io.earshot.platform.http.ProblemException;
import io.earshot.platform.security.Roles;
import io.earshot.platform.security.Scope;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * A live conversation as escalation knows it (docs/conversations.md): its state (BOT, HANDED_OFF, RETURNED, RESOLVED),
 * the latest trajectory assessment with its explanation and suggested opening, its case, and the transcript with the
 * turns that triggered the hand-off marked. An agent may hand the conversation back to the bot.
 */
@Path("/api/v1/conversations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "conversations")
public class ConversationResource {
    private static final String ID = "[A-Za-z0-9_.:-]{1,128}";

    /** One turn of the transcript; {@code triggering} marks the turns whose signals made the hand-off. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TranscriptTurn(String turnId, String speaker, String text, Instant time, Double sentiment,
            boolean triggering) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ConversationView(String id, String brand, String channel, String customerHandle, String state,
            UUID caseId, String handoffTurnId, Instant handoffAt, Instant endedAt, String endReason,
            JsonNode assessment,
            List<TranscriptTurn> transcript) {}

    private final ScopeFilter scope;
    private final ReturnToBot handback;
    private final SecurityIdentity identity;

    public ConversationResource(ScopeFilter scope, ReturnToBot handback, SecurityIdentity identity) {
        this.scope = scope;
        this.handback = handback;
        this.identity = identity;
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.AGENT, Roles.LEAD, Roles.COMMS, Roles.SERVICE})
    @WithSession
    @Operation(summary = "A conversation's hand-off state, assessment (with its explanation and suggested opening) and transcript")
    public Uni<ConversationView> get(
            @PathParam("id") @Pattern(regexp = ID, message = "must be 1-128 letters, digits, '_', '.', ':' or '-'") String id,
            @QueryParam("brand") String brand) {
        Scope s = scope.current();
        return Panache.getSession().flatMap(session -> view(session, id, brand, s));
    }

    private static final String COLUMNS = """
            select id, brand, channel, customer_handle, state, case_id, handoff_turn_id, handoff_at, ended_at,
                   end_reason, assessment from conversations\s""";

    /**
     * The view of conversation {@code id} of {@code brand} (null: the one brand in {@code s} that has it), or a 404 when
     * it is unknown or outside {@code s}; a 409 when several of the caller's brands use the id and none was named.
     */
    public static Uni<ConversationView> view(Mutiny.Session session, String id, String brand, Scope s) {
        return session.createNativeQuery(COLUMNS + "where id = ?1 order by brand", Object[].class)
                .setParameter(1, id).getResultList()
                .flatMap(all -> {
                    List<Object[]> rows = all.stream().filter(r -> s.brand((String) r[1]))
                            .filter(r -> brand == null || brand.isBlank() || brand.equalsIgnoreCase((String) r[1]))
                            .toList();
                    if (rows.isEmpty()) {
                        throw ProblemException.notFound("conversation " + id);
                    }
                    if (rows.size() > 1) {
                        throw ProblemException.conflict("conversation id " + id + " is used by brands "
                                + rows.stream().map(r -> (String) r[1]).toList() + ": name one with ?brand=");
                    }
                    return transcript(session, rows.get(0));
                });
    }

    private static Uni<ConversationView> transcript(Mutiny.Session session, Object[] r) {
        return session.createNativeQuery(
                "select payload from conversation_turns where brand = ?1 and conversation_id = ?2"
                        + " order by at, turn_id", String.class).setParameter(1, r[1]).setParameter(2, r[0])
                .getResultList()
                .map(turns -> view(r, turns));
    }

    /** The latest conversation handed off to case {@code caseId} (its brand is the case's), or null. */
    public static Uni<ConversationView> ofCase(Mutiny.Session session, UUID caseId) {
        return session.createNativeQuery(COLUMNS + "where case_id = ?1 order by handoff_at desc limit 1",
                Object[].class)
                .setParameter(1, caseId).getResultList()
                .flatMap(rows -> rows.isEmpty() ? Uni.createFrom().nullItem() : transcript(session, rows.get(0)));
    }

    private static ConversationView view(Object[] r, List<String> payloads) {
        JsonNode assessment = tree((String) r[10]);
        Set<String> triggering = new HashSet<>();
        if (assessment != null && assessment.path("handOff").asBoolean()) {
            assessment.path("triggeringTurnIds").forEach(t -> triggering.add(t.asText()));
        }
        List<TranscriptTurn> transcript = new ArrayList<>(payloads.size());
        for (String p : payloads) {
            ScoredMention s = EventCodec.decode(p, ScoredMention.class);
            boolean bot = s.mention().fromBot();
            transcript.add(new TranscriptTurn(s.mention().conversation().turnId(), bot ? "bot" : "customer",
                    s.mention().text(), s.mention().createdAt(), bot ? null : s.scores().sentiment(),
                    triggering.contains(s.mention().conversation().turnId())));
        }
        return new ConversationView((String) r[0], (String) r[1], (String) r[2], (String) r[3], (String) r[4],
                (UUID) r[5], (String) r[6], SqlValues.instant(r[7]), SqlValues.instant(r[8]), (String) r[9], assessment,
                transcript);
    }

    @POST
    @Path("{id}/return-to-bot")
    @RolesAllowed({Roles.AGENT, Roles.LEAD})
    @WithTransaction
    @Operation(summary = "Hand the conversation back to the bot: its case is resolved (ANSWERED) and the bot platform gets "
            + "conversation.handoff.ended; 409 when no human has it")
    public Uni<ConversationView> returnToBot(
            @PathParam("id") @Pattern(regexp = ID, message = "must be 1-128 letters, digits, '_', '.', ':' or '-'") String id,
            @QueryParam("brand") String brand) {
        Scope s = scope.current();
        String actor = identity.getPrincipal().getName();
        boolean lead = identity.hasRole(Roles.LEAD);
        return Panache.getSession().flatMap(session -> view(session, id, brand, s).flatMap(v -> {
            if (!"HANDED_OFF".equals(v.state()) || v.caseId() == null) {
                throw ProblemException.conflict("conversation " + id + " is not with a human (state " + v.state()
                        + ")");
            }
            return scope.requireCase(v.caseId()).chain(() -> handback.returnToBot(v.caseId(), actor, lead))
                    .chain(() -> session.flush())
                    .chain(() -> view(session, id, v.brand(), s));
        })).invoke(handback::kick);
    }

    private static JsonNode tree(String json) {
        try {
            return json == null ? null : EventCodec.mapper().readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }
}
