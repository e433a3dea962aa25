package io.earshot.listener.conversations;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.ConversationRef;
import io.earshot.contracts.events.Mention;
import io.earshot.listener.ingest.IngestLimiter;
import io.earshot.listener.ingest.IngestResult;
import io.earshot.listener.ingest.IngestService;
import io.earshot.listener.ingest.IngestSettings;
import io.earshot.listener.ingest.MentionInput;
import io.earshot.platform.http.JsonProblems;
import io.earshot.platform.http.Problem;
import io.earshot.platform.http.ProblemException;
import io.earshot.platform.http.ProblemMappers;
import io.earshot.platform.security.Roles;
import io.earshot.platform.security.Scope;
import io.earshot.platform.security.Scopes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

/**
 * The conversation API for bot platforms and chat widgets (docs/conversations.md): turns come in one at a time or in
 * batches and become mentions of source {@value #SOURCE} (externalId {@code <conversation>:<turn>}, thread root the
 * conversation id, author the customer) through the same ingest path as any mention: redacted, stored once,
 * published through the outbox. The escalation service assesses the conversation's trajectory, hands it off and
 * shows the state on its own {@code GET /api/v1/conversations/{id}}.
 */
@Path("/api/v1/conversations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "conversations")
public class ConversationResource {
    /** The source of every conversation turn. */
    public static final String SOURCE = "chat";

    private final IngestService ingest;
    private final IngestLimiter limiter;
    private final SecurityIdentity identity;
    private final ObjectMapper mapper;
    private final Validator validator;
    private final Pool pool;
    private final int maxBatch;
    private final Scopes scopes;

    public ConversationResource(IngestService ingest, IngestLimiter limiter, SecurityIdentity identity,
            ObjectMapper mapper,
            Validator validator, Pool pool, IngestSettings ingestSettings,
            Scopes scopes) {
        this.scopes = scopes;
        this.ingest = ingest;
        this.limiter = limiter;
        this.identity = identity;
        this.mapper = mapper;
        this.validator = validator;
        this.pool = pool;
        this.maxBatch = ingestSettings.maxBatch();
    }

    /** A stored turn as the GET shows it (text already redacted). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Turn(String turnId, ConversationRef.Speaker speaker, String text, Instant time, String channel,
            UUID mentionId, List<String> pii) {}

    /**
     * A conversation as stored: its turns in order. The assessment and hand-off state live with the escalation service
     * that decides them; {@code assessment} is where to read them (the same path on the escalation service).
     */
    public record Conversation(String id, String brand, String channel, String customerHandle, List<Turn> turns,
            String assessment) {}

    /** Escalation's view of a conversation: state, assessment with its explanation, case, suggested opening. */
    static final String ESCALATION_VIEW = "escalation:/api/v1/conversations/";

    @POST
    @Path("{id}/turns")
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseStatus(202)
    @RolesAllowed({Roles.SERVICE, Roles.ADMIN})
    @Operation(summary = "Post one turn (object) or a batch of turns (array) of a live conversation", description = "Idempotent on conversation id + turnId; rate-limited with the mention ingest (EARSHOT_INGEST_RATE_*).")
    public Uni<IngestResult> post(
            @PathParam("id") @Pattern(regexp = TurnInput.ID, message = TurnInput.ID_RULE) String id,
            JsonNode body) {
        List<TurnInput> turns = parse(body);
        // A bot platform limited to some brands cannot post turns for another one (nothing of the batch is taken).
        turns.forEach(t -> scopes.requireBrand(t.brand().toLowerCase(Locale.ROOT)));
        List<MentionInput> inputs = new ArrayList<>(turns.size());
        List<ConversationRef> refs = new ArrayList<>(turns.size());
        for (TurnInput t : turns) {
            inputs.add(mention(id, t));
            refs.add(new ConversationRef(id, t.turnId(), t.speaker(), t.channel()));
        }
        Span span = Span.current();
        String traceId = span.getSpanContext().isValid() ? span.getSpanContext().getTraceId() : null;
        Map<String, String> carrier = new HashMap<>();
        W3CTraceContextPropagator.getInstance().inject(Context.current(), carrier, Map::put);
        return limiter.take(identity.getPrincipal().getName(), inputs.size())
                .flatMap(allowed -> ingest.ingestTurns(inputs, refs, traceId, carrier.get("traceparent")));
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.SERVICE, Roles.ADMIN, Roles.AGENT, Roles.LEAD})
    @Operation(summary = "A conversation's turns (redacted) and where its assessment and hand-off state are; 404 outside "
            + "the caller's brands, 409 when several of them use the id and ?brand= names none")
    public Uni<Conversation> get(
            @PathParam("id") @Pattern(regexp = TurnInput.ID, message = TurnInput.ID_RULE) String id,
            @QueryParam("brand") String brand) {
        Scope scope = scopes.current();
        String only = brand == null || brand.isBlank() ? null : brand.toLowerCase(Locale.ROOT);
        return pool.withConnection(c -> c.preparedQuery("select payload from mentions where conversation_id = $1"
                + " and ($2::text is null or brand = $2) order by brand, created_at, received_at, external_id")
                .execute(Tuple.of(id, only)).map(rows -> conversation(id, rows, scope)));
    }

    private static Conversation conversation(String id, Iterable<Row> rows, Scope scope) {
        Map<String, List<Mention>> byBrand = new java.util.TreeMap<>();
        for (Row r : rows) {
            Mention m = EventCodec.decode(r.getString("payload"), Mention.class);
            if (m.conversation() != null && scope.brand(m.brand())) {
                byBrand.computeIfAbsent(m.brand(), b -> new ArrayList<>()).add(m);
            }
        }
        if (byBrand.isEmpty()) {
            throw ProblemException.notFound("conversation " + id);
        }
        if (byBrand.size() > 1) {
            throw ProblemException.conflict("conversation id " + id + " is used by brands " + byBrand.keySet()
                    + ": name one with ?brand=");
        }
        String brand = byBrand.keySet().iterator().next();
        List<Turn> turns = new ArrayList<>();
        Mention last = null;
        for (Mention m : byBrand.get(brand)) {
            turns.add(new Turn(m.conversation().turnId(), m.conversation().speaker(), m.text(), m.createdAt(),
                    m.conversation().channel(), m.id(), m.pii().redacted() ? m.pii().kinds() : null));
            last = m;
        }
        return new Conversation(id, brand, last.conversation().channel(), last.author().handle(), turns,
                ESCALATION_VIEW + id + "?brand=" + brand);
    }

    /** The mention a turn becomes: the customer is the author of every turn, so the conversation is one merge key. */
    static MentionInput mention(String conversation, TurnInput t) {
        String handle = t.customerHandle().trim();
        return new MentionInput(SOURCE, ConversationRef.externalId(t.brand(), conversation, t.turnId()), null, t
                .brand(),
                new MentionInput.AuthorInput(handle, handle, t.customerName(), null, false, null), t.text(), t.lang(),
                t.time(), new MentionInput.ThreadInput(conversation, null));
    }

    private List<TurnInput> parse(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode() || !(body.isArray() || body.isObject())) {
            throw ProblemException.badRequest("body", "a turn object or an array of turns is required");
        }
        boolean batch = body.isArray();
        if (batch && body.isEmpty()) {
            throw ProblemException.badRequest("body", "the batch is empty");
        }
        if (batch && body.size() > maxBatch) {
            throw ProblemException.badRequest("body", "a batch holds at most " + maxBatch + " turns, got " + body
                    .size());
        }
        List<JsonNode> nodes = new ArrayList<>();
        if (batch) {
            body.forEach(nodes::add);
        } else {
            nodes.add(body);
        }
        List<TurnInput> out = new ArrayList<>(nodes.size());
        List<Problem.FieldError> errors = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            String prefix = batch ? "[" + i + "]." : "";
            JsonNode node = nodes.get(i);
            if (!node.isObject()) {
                errors.add(new Problem.FieldError(batch ? "[" + i + "]" : "body", "must be a JSON object"));
                continue;
            }
            try {
                TurnInput t = mapper.treeToValue(node, TurnInput.class);
                int before = errors.size();
                for (ConstraintViolation<TurnInput> v : validator.validate(t)) {
                    errors.add(ProblemMappers.fieldErrorOf(v, prefix));
                }
                if (errors.size() == before) {
                    out.add(t);
                }
            } catch (UnrecognizedPropertyException e) {
                errors.add(JsonProblems.fieldError(e, prefix));
            } catch (JsonMappingException e) {
                String field = e.getPath().isEmpty() || e.getPath().get(0).getFieldName() == null
                        ? "body"
                        : e.getPath().get(0).getFieldName();
                errors.add(new Problem.FieldError(prefix + field, "has the wrong type or format"));
            } catch (JsonProcessingException e) {
                errors.add(new Problem.FieldError(batch ? "[" + i + "]" : "body", "is not valid JSON"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return out;
    }
}
