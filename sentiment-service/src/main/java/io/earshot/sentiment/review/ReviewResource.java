package io.earshot.sentiment.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.DistressKind;
import io.earshot.contracts.events.SentimentLabel;
import io.earshot.platform.http.Page;
import io.earshot.platform.http.PageCursor;
import io.earshot.platform.security.Roles;
import io.earshot.platform.security.Scopes;
import io.earshot.platform.validation.Brand;
import io.earshot.platform.validation.EnumName;
import io.earshot.platform.validation.IsoInstant;
import io.earshot.platform.validation.OneOf;
import io.earshot.platform.validation.UuidText;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
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

    /** The analyst's label: {@code label} required; the others optional. */
    public record LabelRequest(
            @NotNull(message = LABELS) @OneOf(value = {
                    "positive", "neutral", "negative", "mixed"}, ignoreCase = false, message = LABELS) String label,
            Boolean sarcastic, @EnumName(DistressKind.class) String distressKind,
            @Size(max = 2000, message = "must be at most {max} characters") String note){
        static final String LABELS = "must be one of [positive, neutral, negative, mixed]";
    }

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
    public Uni<Page<ReviewItem>> list(
            @QueryParam("status") @OneOf(value = {"pending", "reviewed",
                    "all"}, allowBlank = true, message = "must be pending, reviewed or all") String status,
            @QueryParam("brand") @Brand String brand, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        String s = status == null || status.isBlank() ? "pending" : status.toLowerCase(Locale.ROOT);
        String filter = switch (s) {
            case "reviewed" -> ReviewStore.REVIEWED;
            case "all" -> null;
            default -> ReviewStore.PENDING;
        };
        return store.list(scopes.current(), filter, brand(brand), PageCursor.decode(cursor), PageCursor.limit(limit, 50,
                200));
    }

    @GET
    @Path("{mentionId}")
    @RolesAllowed(Roles.ANALYST)
    @Operation(summary = "One review item: why it was queued, what the scorer said, the analyst's label once given")
    public Uni<ReviewItem> get(@PathParam("mentionId") @UuidText String mentionId) {
        return store.get(scopes.current(), UUID.fromString(mentionId));
    }

    @PUT
    @Path("{mentionId}/label")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ANALYST)
    @Operation(summary = "Give (or change) the analyst's label of a queued mention")
    public Uni<ReviewItem> label(@PathParam("mentionId") @UuidText String mentionId,
            @NotNull(message = "must be an object with a label") @Valid LabelRequest body) {
        SentimentLabel label = SentimentLabel.valueOf(body.label());
        return store.label(scopes.current(), UUID.fromString(mentionId), new ReviewStore.Correction(label, body
                .sarcastic(), body.distressKind() == null ? null : DistressKind.valueOf(body.distressKind()), body
                        .note()), identity.getPrincipal().getName());
    }

    @GET
    @Path("export")
    @Produces(JSONL)
    @RolesAllowed(Roles.ANALYST)
    @Operation(summary = "The labelled set as JSON Lines (one reviewed mention per line: text, scorer's and analyst's "
            + "labels), oldest review first; from/to bound the review time (ISO-8601), at most 50000 lines")
    public Uni<Response> export(@QueryParam("brand") @Brand String brand, @QueryParam("from") @IsoInstant String from,
            @QueryParam("to") @IsoInstant String to) {
        return store.reviewed(scopes.current(), brand(brand), IsoInstant.Validator.instant(from), IsoInstant.Validator
                .instant(to), MAX_EXPORT)
                .map(
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
                                    .header("Content-Disposition", "attachment; filename=\"earshot-labelled.jsonl\"")
                                    .build();
                        });
    }

    @GET
    @Path("agreement")
    @RolesAllowed(Roles.ANALYST)
    @Operation(summary = "Agreement of the scorer with the analysts: overall (rate, Cohen's kappa), per label "
            + "(precision, recall) and per period (bucket=day or week) of the mentions' scoring time")
    public Uni<Agreement> agreement(@QueryParam("brand") @Brand String brand,
            @QueryParam("bucket") @OneOf(value = {"day",
                    "week"}, allowBlank = true, message = "must be day or week") String bucket,
            @QueryParam("from") @IsoInstant String from, @QueryParam("to") @IsoInstant String to) {
        String b = bucket == null || bucket.isBlank() ? "day" : bucket.toLowerCase(Locale.ROOT);
        return store.tallies(scopes.current(), brand(brand), b, IsoInstant.Validator.instant(from), IsoInstant.Validator
                .instant(to)).map(
                        t -> Agreement.of(b, t));
    }

    /** The brand filter: null for none, a 404 when outside the caller's scope. */
    private String brand(String brand) {
        if (brand == null || brand.isBlank()) {
            return null;
        }
        return scopes.requireBrand(brand);
    }
}
