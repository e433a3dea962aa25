package io.earshot.map.ui;

import io.earshot.map.maps.MapResource;
import io.earshot.map.review.CandidateStatus;
import io.earshot.map.review.CandidateStore;
import io.earshot.map.review.CandidateView;
import io.earshot.map.review.ReviewResource;
import io.earshot.map.review.ReviewService;
import io.earshot.map.scope.MapScope;
import io.earshot.map.scope.MapScope.Owned;
import io.earshot.platform.http.PageCursor;
import io.earshot.platform.http.ProblemException;
import io.earshot.platform.security.Roles;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The review queue page: PENDING candidates with validate (optionally with an edited text or theme) and reject (with
 * a reason). The decisions go through {@link ReviewService}, the same service as {@code POST
 * /api/v1/candidates/{id}/validate|reject}; a refused one (no theme, no reason, reviewed already) shows the queue
 * again with the service's message.
 */
@Path("/ui/review")
@Produces(MediaType.TEXT_HTML)
public class ReviewPages {
    static final int PAGE_SIZE = 25;

    private final CandidateStore store;
    private final ReviewService review;
    private final MapScope scope;

    public ReviewPages(CandidateStore store, ReviewService review, MapScope scope) {
        this.store = store;
        this.review = review;
        this.scope = scope;
    }

    @CheckedTemplate(basePath = "map")
    static class Templates {
        static native TemplateInstance review(Viewer viewer, QueuePage page);
    }

    /** One pending candidate as the queue shows it. */
    public record Row(UUID id, String brand, String persona, String zone, String text, String theme, int mentions,
            int count, String received, String canvas) {
        static Row of(CandidateView c) {
            return new Row(c.id(), c.brand(), c.persona(), c.zone().name(), c.text(), c.theme(),
                    c.evidenceMentionIds().size(), c.count(), MapPages.when(c.receivedAt()),
                    Paths.canvas(c.brand(), c.persona()));
        }
    }

    /** The outcome of the last decision, shown above the queue (a status message, or an error). */
    public record Notice(boolean error, String message, String link, String linkText) {}

    public record QueuePage(String brand, String persona, List<Row> rows, String next, Notice notice) {
        public String nextHref() {
            return next == null ? null : Paths.query("/ui/review", "brand", brand, "persona", persona, "cursor", next);
        }
    }

    @GET
    @RolesAllowed({Roles.ANALYST, Roles.ADMIN})
    public Uni<Response> queue(@QueryParam("brand") String brand, @QueryParam("persona") String persona,
            @QueryParam("cursor") String cursor, @QueryParam("validated") String validated,
            @QueryParam("rejected") String rejected, @Context SecurityContext security) {
        Viewer viewer = Viewer.of(security);
        try {
            String b = filter(brand, "brand");
            String p = filter(persona, "persona");
            PageCursor after = PageCursor.decode(cursor);
            UUID done = !MapPages.blank(validated)
                    ? ReviewResource.uuid(validated, "validated")
                    : !MapPages.blank(rejected) ? ReviewResource.uuid(rejected, "rejected") : null;
            io.earshot.platform.security.Scope mine = scope.current();
            Uni<Notice> notice = done == null
                    ? Uni.createFrom().nullItem()
                    : store.find(done).map(c -> c == null
                            || !mine.brand(c.brand)
                                    ? null
                                    : c.status == CandidateStatus.VALIDATED
                                            ? new Notice(false, "Validated: \u201c" + c.text + "\u201d is on the "
                                                    + c.persona + " map of "
                                                    + c.brand + ".", Paths.query(Paths.canvas(c.brand, c.persona),
                                                            "item",
                                                            c.itemId == null ? null : c.itemId.toString()) + "#quotes",
                                                    "Open the map")
                                            : new Notice(false, "Rejected: \u201c" + c.text + "\u201d.", null, null));
            return notice.flatMap(n -> render(viewer, 200, b, p, after, n));
        } catch (ProblemException e) {
            return MapPages.problem(viewer, e);
        }
    }

    @POST
    @Path("{id}/validate")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.ANALYST)
    public Uni<Response> validate(@PathParam("id") String id, @RestForm String text, @RestForm String theme,
            @RestForm("brand") String brand, @RestForm("persona") String persona, @Context SecurityContext security) {
        Viewer viewer = Viewer.of(security);
        return decide(viewer, brand, persona, "validated", () -> {
            check(text, "text", 10_000);
            check(theme, "theme", 256);
            UUID uuid = ReviewResource.uuid(id, "id");
            return scope.require(Owned.CANDIDATE, uuid).flatMap(v -> review.validate(uuid,
                    new ReviewService.Edits(text, theme, null, null), viewer.name()));
        });
    }

    @POST
    @Path("{id}/reject")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.ANALYST)
    public Uni<Response> reject(@PathParam("id") String id, @RestForm String reason, @RestForm("brand") String brand,
            @RestForm("persona") String persona, @Context SecurityContext security) {
        Viewer viewer = Viewer.of(security);
        return decide(viewer, brand, persona, "rejected",
                () -> scope.require(Owned.CANDIDATE, ReviewResource.uuid(id, "id"))
                        .flatMap(v -> review.reject(ReviewResource.uuid(id, "id"), reason, viewer.name())));
    }

    /** Runs a decision; 303 back to the queue (same filters) naming the candidate, or the queue with the refusal. */
    private Uni<Response> decide(Viewer viewer, String brand, String persona, String outcome,
            java.util.function.Supplier<Uni<? extends CandidateView>> decision) {
        String b;
        String p;
        try {
            b = filter(brand, "brand");
            p = filter(persona, "persona");
        } catch (ProblemException e) {
            return MapPages.problem(viewer, e);
        }
        return Uni.createFrom().<CandidateView>deferred(decision)
                .map(c -> Response.seeOther(URI.create(Paths.query("/ui/review", "brand", b, "persona", p, outcome,
                        c.id().toString()))).build())
                .onFailure(ProblemException.class).recoverWithUni(e -> render(viewer,
                        e.problem().status(), b, p, null, new Notice(true, MapPages.message(e.problem()), null, null)));
    }

    private Uni<Response> render(Viewer viewer, int status, String brand, String persona, PageCursor after,
            Notice notice) {
        return store.list(scope.current(), CandidateStatus.PENDING, brand, persona, PAGE_SIZE, after)
                .map(page -> new QueuePage(brand, persona, page.items().stream().map(Row::of).toList(),
                        page.nextCursor(), notice))
                .flatMap(page -> MapPages.html(status, Templates.review(viewer, page)));
    }

    /** An optional brand or persona filter of the queue: null when blank, 400 when too long. */
    private String filter(String value, String field) {
        if (MapPages.blank(value)) {
            return null;
        }
        return field.equals("brand") ? scope.brand(value) : MapResource.persona(value);
    }

    /** The analyst's optional edit: blank keeps the candidate's value (as the API's null does). */
    private static void check(String value, String field, int max) {
        if (value != null && value.length() > max) {
            throw ProblemException.badRequest(field, "must be at most " + max + " characters");
        }
    }
}
