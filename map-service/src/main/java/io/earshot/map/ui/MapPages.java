package io.earshot.map.ui;

import io.earshot.map.maps.MapResource;
import io.earshot.map.maps.MapStore;
import io.earshot.map.maps.MapViews.EvidenceView;
import io.earshot.map.maps.MapViews.ItemView;
import io.earshot.map.maps.MapViews.MapView;
import io.earshot.map.personas.PersonaStore;
import io.earshot.map.review.ReviewResource;
import io.earshot.map.scope.MapScope;
import io.earshot.map.versions.MapDiff;
import io.earshot.map.versions.VersionResource;
import io.earshot.map.versions.VersionStore;
import io.earshot.map.versions.VersionStore.VersionSummary;
import io.earshot.platform.http.Problem;
import io.earshot.platform.http.ProblemException;
import io.earshot.platform.security.Roles;
import io.earshot.platform.security.Scope;
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
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The empathy map pages: the list of maps and the canvas of one (live or a version, optionally compared with an
 * earlier version, with one item's quotes open). Everything is read through the stores the REST API uses; the one
 * write, a snapshot, goes through {@link VersionStore#snapshot} like {@code POST .../versions}.
 */
@Path("/ui/maps")
@Produces(MediaType.TEXT_HTML)
public class MapPages {
    static final int VERSIONS_SHOWN = 200;
    static final int QUOTES_SHOWN = 50;
    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(
            ZoneOffset.UTC);

    private final MapStore maps;
    private final VersionStore versions;
    private final PersonaStore personas;

    private final MapScope scope;

    public MapPages(MapStore maps, VersionStore versions, PersonaStore personas, MapScope scope) {
        this.scope = scope;
        this.maps = maps;
        this.versions = versions;
        this.personas = personas;
    }

    @CheckedTemplate(basePath = "map")
    static class Templates {
        static native TemplateInstance index(Viewer viewer, List<MapLink> maps);

        static native TemplateInstance canvas(Viewer viewer, CanvasPage page);

        static native TemplateInstance error(Viewer viewer, int status, String title, String detail);
    }

    public record MapLink(String brand, String persona, String href) {}

    public record VersionOption(int version, String label, boolean shown, boolean compared) {}

    public record Quote(String quote, String seenAt, UUID mentionId) {}

    /**
     * The open item: its wording and quotes, and where the wording comes from ({@code statementKind} inferred or
     * observed, who validated it and when; null for items without provenance).
     */
    public record Selected(UUID id, String text, String theme, int evidenceCount, List<Quote> quotes, boolean more,
            String statementKind, String validatedBy, String validatedAt) {}

    /** The canvas with its version picker state and the open item, and the links that keep that state. */
    public record CanvasPage(Canvas canvas, List<VersionOption> versions, Integer version, Integer compare,
            String shownLabel, Selected selected, String base) {

        public String itemHref(UUID item) {
            return Paths.query(base, "version", str(version), "compare", str(compare), "item", item.toString())
                    + "#quotes";
        }

        public String closeHref() {
            return Paths.query(base, "version", str(version), "compare", str(compare));
        }

        public String snapshotAction() {
            return base + "/versions";
        }

        public boolean live() {
            return version == null;
        }

        private static String str(Integer n) {
            return n == null ? null : n.toString();
        }
    }

    @GET
    @RolesAllowed({Roles.ANALYST, Roles.ADMIN, Roles.COMMS})
    public Uni<Response> index(@Context SecurityContext security) {
        Viewer viewer = Viewer.of(security);
        Scope mine = scope.current();
        return versions.mapsWithItems().flatMap(withItems -> personas.list(mine, null, MapResource.MAX_LIMIT, null).map(
                page -> {
                    TreeSet<List<String>> all = new TreeSet<>(Comparator.<List<String>, String>comparing(l -> l.get(0))
                            .thenComparing(l -> l.get(1)));
                    withItems.stream().filter(l -> mine.brand(l.get(0))).forEach(all::add);
                    page.items().forEach(p -> all.add(List.of(p.brand(), p.name())));
                    return all.stream().map(l -> new MapLink(l.get(0), l.get(1), Paths.canvas(l.get(0), l.get(1))))
                            .toList();
                })).flatMap(links -> html(200, Templates.index(viewer, links)));
    }

    @GET
    @Path("{brand}/{persona}")
    @RolesAllowed({Roles.ANALYST, Roles.ADMIN, Roles.COMMS})
    public Uni<Response> canvas(@PathParam("brand") String brand, @PathParam("persona") String persona,
            @QueryParam("version") String version, @QueryParam("compare") String compare,
            @QueryParam("item") String item, @Context SecurityContext security) {
        Viewer viewer = Viewer.of(security);
        try {
            String b = scope.brand(brand);
            String p = MapResource.persona(persona);
            Integer shownSeq = blank(version) ? null : VersionResource.seq(version, "version");
            Integer compareSeq = blank(compare) ? null : VersionResource.seq(compare, "compare");
            UUID itemId = blank(item) ? null : ReviewResource.uuid(item, "item");
            Uni<MapView> shown = shownSeq == null ? maps.map(b, p, false) : versions.version(b, p, shownSeq);
            return shown.flatMap(map -> (compareSeq == null
                    ? Uni.createFrom().<MapView>nullItem()
                    : versions.version(b, p, compareSeq)).flatMap(earlier -> {
                        MapDiff diff = earlier == null ? null : MapDiff.of(earlier, map);
                        String label = shownSeq == null ? "the live map" : "version " + shownSeq;
                        Canvas canvas = Canvas.of(map, diff, label);
                        return versions.list(b, p, VERSIONS_SHOWN, null).flatMap(list -> selected(itemId, map, diff)
                                .map(sel -> new CanvasPage(canvas, options(list.items(), shownSeq, compareSeq),
                                        shownSeq, compareSeq, label, sel, Paths.canvas(b, p))));
                    }))
                    .flatMap(page -> html(200, Templates.canvas(viewer, page)))
                    .onFailure(ProblemException.class).recoverWithUni(e -> problem(viewer, e));
        } catch (ProblemException e) {
            return problem(viewer, e);
        }
    }

    /** Snapshots the live map as its next version and shows that version compared with the one before. */
    @POST
    @Path("{brand}/{persona}/versions")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.ANALYST)
    public Uni<Response> snapshot(@PathParam("brand") String brand, @PathParam("persona") String persona,
            @Context SecurityContext security) {
        Viewer viewer = Viewer.of(security);
        try {
            String b = scope.brand(brand);
            String p = MapResource.persona(persona);
            return versions.snapshot(b, p, "MANUAL", viewer.name())
                    .map(v -> Response.seeOther(URI.create(Paths.query(Paths.canvas(b, p), "version",
                            String.valueOf(v.version()), "compare", v.version() > 1
                                    ? String.valueOf(v.version() - 1)
                                    : null)))
                            .build())
                    .onFailure(ProblemException.class).recoverWithUni(e -> problem(viewer, e));
        } catch (ProblemException e) {
            return problem(viewer, e);
        }
    }

    /** The open item's quotes: from the version itself (snapshots hold every quote) or the live evidence. */
    private Uni<Selected> selected(UUID itemId, MapView map, MapDiff diff) {
        if (itemId == null) {
            return Uni.createFrom().nullItem();
        }
        ItemView found = Stream.concat(map.items().stream(), diff == null ? Stream.empty() : diff.removed().stream())
                .filter(i -> i.id().equals(itemId)).findFirst()
                .orElseThrow(() -> ProblemException.notFound("item " + itemId + " on this map"));
        if (found.evidence() != null) {
            List<EvidenceView> all = found.evidence();
            return Uni.createFrom().item(selected(found, all.stream().limit(QUOTES_SHOWN).toList(), all
                    .size() > QUOTES_SHOWN));
        }
        return maps.evidence(itemId, QUOTES_SHOWN, null)
                .map(page -> selected(found, page.items(), page.nextCursor() != null));
    }

    private static Selected selected(ItemView item, List<EvidenceView> evidence, boolean more) {
        List<Quote> quotes = evidence.stream().filter(e -> e.quote() != null)
                .map(e -> new Quote(e.quote(), e.seenAt() == null ? "" : WHEN.format(e.seenAt()), e.mentionId()))
                .toList();
        var p = item.provenance();
        return new Selected(item.id(), item.text(), item.theme(), item.evidenceCount(), quotes, more,
                p == null ? null : p.statementKind(), p == null ? null : p.validatedBy(),
                p == null || p.validatedAt() == null ? null : WHEN.format(p.validatedAt()));
    }

    private static List<VersionOption> options(List<VersionSummary> list, Integer shown, Integer compared) {
        List<VersionOption> options = new ArrayList<>();
        for (VersionSummary v : list) {
            String label = "v" + v.version() + " \u00b7 " + WHEN.format(v.createdAt()) + " \u00b7 "
                    + v.trigger().toLowerCase(java.util.Locale.ROOT) + " \u00b7 " + v.itemCount()
                    + (v.itemCount() == 1 ? " item" : " items");
            options.add(new VersionOption(v.version(), label, Objects.equals(shown, v.version()),
                    Objects.equals(compared, v.version())));
        }
        return options;
    }

    static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    static String when(Instant t) {
        return t == null ? "" : WHEN.format(t);
    }

    static Uni<Response> problem(Viewer viewer, ProblemException e) {
        int status = e.problem().status();
        return html(status, Templates.error(viewer, status, e.problem().title(), message(e.problem())));
    }

    /** A refusal as a sentence that names the fields at fault ("reason: is required"), else the problem's detail. */
    static String message(Problem p) {
        if (p.errors() == null || p.errors().isEmpty()) {
            return p.detail();
        }
        return p.errors().stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
    }

    static Uni<Response> html(int status, TemplateInstance page) {
        return page.createUni().map(body -> Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(body).build());
    }
}
