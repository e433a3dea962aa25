package io.earshot.sentiment.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.DistressKind;
import io.earshot.contracts.events.SentimentLabel;
import io.earshot.platform.http.Page;
import io.earshot.platform.http.PageCursor;
import io.earshot.platform.http.Problem;
import io.earshot.platform.http.ProblemException;
import io.earshot.platform.security.Roles;
import io.earshot.platform.security.Scopes;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The analyst review queue of low-confidence, high-impact scores (issue #12 point 2). Analysts only, and only the items
 * of the brands of their scope (docs/security.md "Brand and queue scopes"): others are 404 and left out of lists,
 * exports and agreement figures.
 */
@Path("/api/v1/reviews")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "reviews")
public class ReviewResource {
    static final String JSONL = "application/x-ndjson";
    static final int MAX_EXPORT = 50_000;
    private static final List<SentimentLabel> HUMAN_LABELS = List.of(SentimentLabel.positive, SentimentLabel.neutral,
            SentimentLabel.negative, SentimentLabel.mixed);

    /** The analyst's label: {@code label} required; the others optional. */
    public record LabelRequest(String label, Boolean sarcastic, String distressKind, String note) {}

    private final ReviewStore store;
    private final SecurityIdentity identity;
    private final Scopes scopes;

    public ReviewResource(ReviewStore store, SecurityIdentity identity, Scopes scopes) {
        this.store = store;
        this.identity = identity;
        this.scopes = scopes;
    }

    @GET
    @RolesAllowed(Roles.ANALYST)
    @Operation(summary = "Review items, newest first: status=pending (default), reviewed or all; optionally one brand")
    public Uni<Page<ReviewItem>> list(@QueryParam("status") String status, @QueryParam("brand") String brand,
            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        String s = status == null || status.isBlank() ? "pending" : status.toLowerCase(Locale.ROOT);
        String filter = switch (s) {
            case "pending" -> ReviewStore.PENDING;
            case "reviewed" -> ReviewStore.REVIEWED;
            case "all" -> null;
            default -> throw ProblemException.badRequest("status", "must be pending, reviewed or all");
        };
        return store.list(scopes.current(), filter, brand(brand), PageCursor.decode(cursor), PageCursor.limit(limit, 50,
                200));
    }

    @GET
    @Path("{mentionId}")
    @RolesAllowed(Roles.ANALYST)
    @Operation(summary = "One review item: why it was queued, what the scorer said, the analyst's label once given")
    public Uni<ReviewItem> get(@PathParam("mentionId") String mentionId) {
        return store.get(scopes.current(), uuid(mentionId));
    }

    @PUT
    @Path("{mentionId}/label")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ANALYST)
    @Operation(summary = "Give (or change) the analyst's label of a queued mention")
    public Uni<ReviewItem> label(@PathParam("mentionId") String mentionId, LabelRequest body) {
        UUID id = uuid(mentionId);
        List<Problem.FieldError> errors = new ArrayList<>();
        SentimentLabel label = null;
        DistressKind kind = null;
        if (body == null) {
            errors.add(new Problem.FieldError("body", "must be an object with a label"));
        } else {
            label = HUMAN_LABELS.stream().filter(l -> l.name().equals(body.label())).findFirst().orElse(null);
            if (label == null) {
                errors.add(new Problem.FieldError("label", "must be one of " + HUMAN_LABELS));
            }
            if (body.distressKind() != null) {
                try {
                    kind = DistressKind.valueOf(body.distressKind());
                } catch (IllegalArgumentException e) {
                    errors.add(new Problem.FieldError("distressKind", "must be one of " + List.of(DistressKind
                            .values())));
                }
            }
            if (body.note() != null && body.note().length() > 2000) {
                errors.add(new Problem.FieldError("note", "at most 2000 characters"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.of(400, "Bad Request", "invalid label: " + errors.get(0).field() + " "
                    + errors.get(0).message()).withErrors(errors));
        }
        return store.label(scopes.current(), id, new ReviewStore.Correction(label, body.sarcastic(), kind, body.note()),
                identity.getPrincipal().getName());
    }

    @GET
    @Path("export")
    @Produces(JSONL)
    @RolesAllowed(Roles.ANALYST)
    @Operation(summary = "The labelled set as JSON Lines (one reviewed mention per line: text, scorer's and analyst's "
            + "labels), oldest review first; from/to bound the review time (ISO-8601), at most 50000 lines")
    public Uni<Response> export(@QueryParam("brand") String brand, @QueryParam("from") String from,
            @QueryParam("to") String to) {
        return store.reviewed(scopes.current(), brand(brand), instant("from", from), instant("to", to), MAX_EXPORT).map(
                items -> {
                    StringBuilder out = new StringBuilder();
                    for (ReviewItem i : items) {
                        Map<String, Object> line = new LinkedHashMap<>();
                        line.put("mentionId", i.mentionId());
                        line.put("brand", i.brand());
                        line.put("source", i.source());
                        line.put("text", i.text());
                        line.put("label", i.review().label());
                        line.put("sarcastic", i.review().sarcastic());
                        line.put("distressKind", i.review().distressKind());
                        line.put("scorer", i.scorer());
                        line.put("confidence", i.confidence());
                        line.put("reasons", i.reasons());
                        line.put("reviewer", i.review().reviewer());
                        line.put("reviewedAt", i.review().reviewedAt());
                        try {
                            out.append(EventCodec.mapper().writeValueAsString(line)).append('\n');
                        } catch (JsonProcessingException e) {
                            throw new IllegalStateException("cannot encode an export line", e);
                        }
                    }
                    return Response.ok(out.toString(), JSONL)
                            .header("Content-Disposition", "attachment; filename=\"earshot-labelled.jsonl\"").build();
                });
    }

    @GET
    @Path("agreement")
    @RolesAllowed(Roles.ANALYST)
    @Operation(summary = "Agreement of the scorer with the analysts: overall (rate, Cohen's kappa), per label "
            + "(precision, recall) and per period (bucket=day or week) of the mentions' scoring time")
    public Uni<Agreement> agreement(@QueryParam("brand") String brand, @QueryParam("bucket") String bucket,
            @QueryParam("from") String from, @QueryParam("to") String to) {
        String b = bucket == null || bucket.isBlank() ? "day" : bucket.toLowerCase(Locale.ROOT);
        if (!b.equals("day") && !b.equals("week")) {
            throw ProblemException.badRequest("bucket", "must be day or week");
        }
        return store.tallies(scopes.current(), brand(brand), b, instant("from", from), instant("to", to)).map(
                t -> Agreement.of(b, t));
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("mentionId", "must be a UUID");
        }
    }

    private static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(field, "must be an ISO-8601 instant such as 2026-12-01T00:00:00Z");
        }
    }

    /** The brand filter: null for none, a 404 when outside the caller's scope. */
    private String brand(String brand) {
        if (brand == null || brand.isBlank()) {
            return null;
        }
        if (brand.length() > 64) {
            throw ProblemException.badRequest("brand", "must be at most 64 characters");
        }
        return scopes.requireBrand(brand);
    }
}
