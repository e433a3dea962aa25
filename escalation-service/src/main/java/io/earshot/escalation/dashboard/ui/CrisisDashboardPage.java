package io.earshot.escalation.dashboard.ui;

import io.earshot.contracts.events.CrisisAlert;
import io.earshot.escalation.crisis.CoordinationStore;
import io.earshot.escalation.crisis.CoordinationStore.ClusterView;
import io.earshot.escalation.crisis.CrisisClock;
import io.earshot.escalation.crisis.CrisisStore;
import io.earshot.escalation.windows.WindowStore;
import io.earshot.platform.http.ProblemException;
import io.earshot.platform.security.Roles;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The comms crisis dashboard ({@code /ui/crisis}): live volume and negative-share charts per stream with the detector's
 * band, the open alerts and the suspected coordination clusters, filtered by brand and topic. The page is rendered
 * with the current state; {@code crisis.js} then keeps it current from {@code /api/v1/windows} and the dashboard's
 * SSE stream (the same session cookie authorises both). Same roles as the dashboard API.
 */
@Path("/ui/crisis")
@Tag(name = "web pages")
public class CrisisDashboardPage {
    /** Charts at most this many streams (the rest are named, not drawn). */
    static final int MAX_CHARTS = 12;

    /** A filter choice and the streams the page charts. */
    public record Filter(String brand, String topic, List<String> brands, List<String> topics, List<String> streams,
            List<String> more) {
        public boolean filtered() {
            return !brand.isEmpty() || !topic.isEmpty();
        }
    }

    /** An open alert as the table shows it. */
    public record AlertRow(CrisisAlert alert, String stream, String negativePercent, String windowMinutes) {
        static AlertRow of(CrisisAlert a) {
            return new AlertRow(a, WindowStore.stream(a.brand(), a.topic()), percent(a.negativeShare()),
                    String.valueOf(a.window() == null ? 0 : a.window().toMinutes()));
        }
    }

    private final Template dashboard;
    private final CrisisStore crises;
    private final CoordinationStore clusters;
    private final WindowStore windows;
    private final CrisisClock clock;
    private final io.earshot.escalation.scope.ScopeFilter scope;

    public CrisisDashboardPage(@Location("crisis/dashboard") Template dashboard, CrisisStore crises,
            CoordinationStore clusters, WindowStore windows, CrisisClock clock,
            io.earshot.escalation.scope.ScopeFilter scope) {
        this.scope = scope;
        this.dashboard = dashboard;
        this.crises = crises;
        this.clusters = clusters;
        this.windows = windows;
        this.clock = clock;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @RolesAllowed({Roles.COMMS, Roles.LEAD, Roles.ADMIN})
    @Operation(summary = "The crisis dashboard page (HTML) of the caller's brands, optionally for one brand (404 outside"
            + " them) and topic")
    public Uni<TemplateInstance> page(@QueryParam("brand") String brand, @QueryParam("topic") String topic) {
        String b = clean("brand", brand);
        String t = clean("topic", topic);
        scope.brand(b.isEmpty() ? null : b);
        var mine = scope.current();
        long since = clock.instant().getEpochSecond() / 60 - 60;
        // One after the other: the two stores share the request's reactive session.
        return crises.list(mine, b.isEmpty() ? null : b, true, null, 100)
                .flatMap(open -> clusters.list(mine, b.isEmpty() ? null : b, null, 20)
                        .flatMap(found -> windows.activeStreams(since).map(active -> {
                            Filter filter = filter(b, t, active.keySet().stream()
                                    .filter(s -> mine.brand(s.indexOf('/') < 0 ? s : s.substring(0, s.indexOf('/'))))
                                    .toList());
                            List<AlertRow> alerts = open.items().stream().filter(a -> t.isEmpty() || t.equals(a
                                    .topic()))
                                    .map(AlertRow::of).toList();
                            List<ClusterView> shown = found.items();
                            return dashboard.data("filter", filter).data("alerts", alerts).data("clusters", shown);
                        })));
    }

    /** Which streams match a filter: a brand's own and its topics; without a brand, each brand (or each brand x topic). */
    static Filter filter(String brand, String topic, Collection<String> active) {
        TreeSet<String> brands = new TreeSet<>();
        TreeSet<String> topics = new TreeSet<>();
        TreeSet<String> matching = new TreeSet<>();
        for (String s : active) {
            int slash = s.indexOf('/');
            String sb = slash < 0 ? s : s.substring(0, slash);
            String st = slash < 0 ? "" : s.substring(slash + 1);
            brands.add(sb);
            if (!st.isEmpty() && (brand.isEmpty() || brand.equals(sb))) {
                topics.add(st);
            }
            if (matches(brand, topic, sb, st)) {
                matching.add(s);
            }
        }
        if (!brand.isEmpty()) {
            brands.add(brand);
            if (topic.isEmpty()) {
                matching.add(brand);
            }
        }
        List<String> all = List.copyOf(matching);
        return new Filter(brand, topic, List.copyOf(brands), List.copyOf(topics),
                all.subList(0, Math.min(MAX_CHARTS, all.size())), all.subList(Math.min(MAX_CHARTS, all.size()), all
                        .size()));
    }

    /** The rule crisis.js applies to streams that appear later: keep both in step. */
    static boolean matches(String brand, String topic, String streamBrand, String streamTopic) {
        if (!brand.isEmpty() && !brand.equals(streamBrand)) {
            return false;
        }
        if (!topic.isEmpty()) {
            return topic.equals(streamTopic);
        }
        return brand.isEmpty() ? streamTopic.isEmpty() : true;
    }

    private static String clean(String field, String value) {
        if (value == null || value.isBlank()) {
            return "";
        }
        String v = value.trim();
        if (v.length() > 64 || v.contains("/")) {
            throw ProblemException.badRequest(field, "must be at most 64 characters, without '/'");
        }
        return v;
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f %%", share * 100);
    }
}
