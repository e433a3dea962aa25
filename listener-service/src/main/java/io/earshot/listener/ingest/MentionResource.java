package io.earshot.listener.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.Mention;
import io.earshot.platform.http.Problem;
import io.earshot.platform.http.ProblemException;
import io.earshot.platform.security.Roles;
import io.earshot.platform.security.Scope;
import io.earshot.platform.security.Scopes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

@Path("/api/v1/mentions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "mentions")
public class MentionResource {
    private final IngestService ingest;
    private final MentionReader reader;
    private final IngestLimiter limiter;
    private final SecurityIdentity identity;
    private final int maxBatch;
    private final Scopes scopes;

    public MentionResource(IngestService ingest, MentionReader reader, IngestLimiter limiter, SecurityIdentity identity,
            IngestSettings settings, Scopes scopes) {
        this.scopes = scopes;
        this.ingest = ingest;
        this.reader = reader;
        this.limiter = limiter;
        this.identity = identity;
        this.maxBatch = settings.maxBatch();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseStatus(202)
    @RolesAllowed({Roles.SERVICE, Roles.ADMIN})
    @Operation(summary = "Ingest one mention (a JSON object) or a batch (a JSON array)", description = "Idempotent on source + externalId: a repeated mention gets the same id and counts as a duplicate. "
            + "Rate-limited per client in mentions (EARSHOT_INGEST_RATE_*): 429 with Retry-After over the limit.")
    public Uni<IngestResult> ingest(JsonNode body) {
        List<MentionInput> inputs = parse(body);
        // A machine client limited to some brands cannot ingest for another one (nothing of the batch is taken).
        inputs.forEach(in -> scopes.requireBrand(in.brand().toLowerCase(Locale.ROOT)));
        Span span = Span.current();
        String traceId = span.getSpanContext().isValid() ? span.getSpanContext().getTraceId() : null;
        Map<String, String> carrier = new HashMap<>();
        W3CTraceContextPropagator.getInstance().inject(Context.current(), carrier, Map::put);
        return limiter.take(identity.getPrincipal().getName(), inputs.size())
                .flatMap(allowed -> ingest.ingest(inputs, traceId, carrier.get("traceparent")));
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.ANALYST, Roles.ADMIN, Roles.SERVICE, Roles.AGENT, Roles.LEAD, Roles.COMMS})
    @WithSession
    @Operation(summary = "A stored mention (text already redacted); 404 outside the caller's brands")
    public Uni<Mention> get(@PathParam("id") UUID id) {
        Scope scope = scopes.current();
        return MentionEntity.<MentionEntity>findById(id)
                .map(e -> e == null || !scope.brand(e.brand) ? null : e)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("mention " + id))
                .map(e -> EventCodec.decode(e.payload, Mention.class));
    }

    private List<MentionInput> parse(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw ProblemException.badRequest("body", "a mention object or an array of mentions is required");
        }
        boolean batch = body.isArray();
        List<JsonNode> nodes = new ArrayList<>();
        if (batch) {
            if (body.isEmpty()) {
                throw ProblemException.badRequest("body", "the batch is empty");
            }
            if (body.size() > maxBatch) {
                throw ProblemException.badRequest("body", "a batch holds at most " + maxBatch + " mentions, got " + body
                        .size());
            }
            body.forEach(nodes::add);
        } else if (body.isObject()) {
            nodes.add(body);
        } else {
            throw ProblemException.badRequest("body", "a mention object or an array of mentions is required");
        }
        List<MentionInput> inputs = new ArrayList<>(nodes.size());
        List<Problem.FieldError> errors = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            MentionInput input = reader.read(nodes.get(i), batch ? "[" + i + "]." : "", batch ? "[" + i + "]" : "body",
                    errors);
            if (input != null) {
                inputs.add(input);
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return inputs;
    }
}
