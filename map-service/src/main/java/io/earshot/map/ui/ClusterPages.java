package io.earshot.map.ui;

import io.earshot.map.clusters.ClusterService;
import io.earshot.map.clusters.ClusterStats;
import io.earshot.map.clusters.ClusterView;
import io.earshot.map.maps.MapResource;
import io.earshot.map.review.ReviewResource;
import io.earshot.map.scope.MapScope;
import io.earshot.map.scope.MapScope.Owned;
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
import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The cluster review page: PENDING insight clusters by impact (with the maths), each with its synthesized statement,
 * figures and representative quotes, and one form per action (validate with the statement as edited, merge into
 * another cluster, split the checked quotes off into a new cluster, reject with a reason). Decisions go through {@link ClusterService}, as the API's do.
 */
@Path("/ui/clusters")
@Produces(MediaType.TEXT_HTML)
public class ClusterPages {
    static final int PAGE_SIZE = 25;

    private final ClusterService clusters;
    private final MapScope scope;

    public ClusterPages(ClusterService clusters, MapScope scope) {
        this.clusters = clusters;
        this.scope = scope;
    }

    @CheckedTemplate(basePath = "map")
    static class Templates {
        static native TemplateInstance clusters(Viewer viewer, ClustersPage page);
    }

    /** One cluster as the page shows it. */
    public record Card(ClusterView cluster, String trend, String confidence, String sentiment, String canvas) {
        static Card of(ClusterView c) {
            var s = c.stats();
            return new Card(c, s.trend().name().toLowerCase(Locale.ROOT),
                    Math.round(s.confidence() * 100) + "%",
                    s.sentiment().entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                            .reduce((a, b) -> a + ", " + b).orElse(""),
                    Paths.canvas(c.brand(), c.persona()));
        }
    }

    public record ClustersPage(String brand, String persona, List<Card> cards, int waiting, List<Card> campaigns,
            ReviewPages.Notice notice) {}

    @GET
    @RolesAllowed({Roles.ANALYST, Roles.ADMIN})
    public Uni<Response> queue(@QueryParam("brand") String brand, @QueryParam("persona") String persona,
            @QueryParam("done") String done, @Context SecurityContext security) {
        Viewer viewer = Viewer.of(security);
        try {
            String b = filter(brand, "brand");
            String p = filter(persona, "persona");
            Uni<ReviewPages.Notice> notice = MapPages.blank(done)
                    ? Uni.createFrom().nullItem()
                    : shown(ReviewResource.uuid(done, "done")).map(c -> c == null
                            ? null
                            : new ReviewPages.Notice(false,
                                    c.status().toLowerCase(Locale.ROOT) + ": \u201c" + c.statement() + "\u201d.",
                                    c.itemId() == null
                                            ? null
                                            : Paths.query(Paths.canvas(c.brand(), c.persona()), "item",
                                                    c.itemId().toString()) + "#quotes", "Open the map"));
            return notice.flatMap(n -> render(viewer, 200, b, p, n));
        } catch (ProblemException e) {
            return MapPages.problem(viewer, e);
        }
    }

    @POST
    @Path("{id}/validate")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.ANALYST)
    public Uni<Response> validate(@PathParam("id") String id, @RestForm String statement,
            @RestForm("brand") String brand,
            @RestForm("persona") String persona, @Context SecurityContext security) {
        Viewer viewer = Viewer.of(security);
        return decide(viewer, brand, persona,
                () -> scope.require(Owned.CLUSTER, ReviewResource.uuid(id, "id"))
                        .flatMap(v -> clusters.validate(ReviewResource.uuid(id, "id"), statement, viewer.name())));
    }

    @POST
    @Path("{id}/merge")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.ANALYST)
    public Uni<Response> merge(@PathParam("id") String id, @RestForm String into, @RestForm("brand") String brand,
            @RestForm("persona") String persona, @Context SecurityContext security) {
        Viewer viewer = Viewer.of(security);
        return decide(viewer, brand, persona, () -> scope.require(Owned.CLUSTER, ReviewResource.uuid(id, "id"))
                .flatMap(v -> scope.require(Owned.CLUSTER, ReviewResource.uuid(into, "into")))
                .flatMap(v -> clusters.merge(ReviewResource.uuid(id, "id"), ReviewResource.uuid(into, "into"), viewer
                        .name())));
    }

    /** Splits the checked quotes' mentions off into a new cluster (the API's split); the queue shows both after. */
    @POST
    @Path("{id}/split")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.ANALYST)
    public Uni<Response> split(@PathParam("id") String id, @RestForm("mentionIds") List<String> mentionIds,
            @RestForm("brand") String brand, @RestForm("persona") String persona, @Context SecurityContext security) {
        Viewer viewer = Viewer.of(security);
        return decide(viewer, brand, persona, () -> {
            UUID cluster = ReviewResource.uuid(id, "id");
            return scope.require(Owned.CLUSTER, cluster).flatMap(v -> {
                if (mentionIds == null || mentionIds.isEmpty() || mentionIds.size() > ClusterStats.QUOTES) {
                    throw ProblemException.badRequest("mentionIds", "check between 1 and " + ClusterStats.QUOTES
                            + " quotes to split off");
                }
                return clusters.split(cluster, mentionIds.stream().map(m -> ReviewResource.uuid(m, "mentionIds"))
                        .toList());
            });
        });
    }

    @POST
    @Path("{id}/reject")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.ANALYST)
    public Uni<Response> reject(@PathParam("id") String id, @RestForm String reason, @RestForm("brand") String brand,
            @RestForm("persona") String persona, @Context SecurityContext security) {
        Viewer viewer = Viewer.of(security);
        return decide(viewer, brand, persona,
                () -> scope.require(Owned.CLUSTER, ReviewResource.uuid(id, "id"))
                        .flatMap(v -> clusters.reject(ReviewResource.uuid(id, "id"), reason, viewer.name())));
    }

    private Uni<Response> decide(Viewer viewer, String brand, String persona,
            Supplier<Uni<? extends ClusterView>> decision) {
        String b;
        String p;
        try {
            b = filter(brand, "brand");
            p = filter(persona, "persona");
        } catch (ProblemException e) {
            return MapPages.problem(viewer, e);
        }
        return Uni.createFrom().<ClusterView>deferred(decision)
                .map(c -> Response.seeOther(URI.create(Paths.query("/ui/clusters", "brand", b, "persona", p, "done",
                        c.id().toString()))).build())
                .onFailure(ProblemException.class).recoverWithUni(e -> render(viewer, e.problem().status(), b, p,
                        new ReviewPages.Notice(true, MapPages.message(e.problem()), null, null)));
    }

    private Uni<Response> render(Viewer viewer, int status, String brand, String persona, ReviewPages.Notice notice) {
        return clusters.queue(scope.current(), brand, persona, PAGE_SIZE)
                .map(q -> new ClustersPage(brand, persona, q.items().stream().map(Card::of).toList(), q.waiting(),
                        q.campaigns().stream().map(Card::of).toList(), notice))
                .flatMap(page -> MapPages.html(status, Templates.clusters(viewer, page)));
    }

    private String filter(String value, String field) {
        if (MapPages.blank(value)) {
            return null;
        }
        return field.equals("brand") ? scope.brand(value) : MapResource.persona(value);
    }

    /** The cluster a notice names, or null when it is outside the caller's scope (or gone). */
    private Uni<ClusterView> shown(UUID id) {
        return scope.require(Owned.CLUSTER, id).flatMap(v -> clusters.get(id))
                .onFailure(ProblemException.class).recoverWithNull();
    }
}
