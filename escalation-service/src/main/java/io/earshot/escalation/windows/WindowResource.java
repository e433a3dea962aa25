package io.earshot.escalation.windows;

import io.earshot.escalation.crisis.CrisisClock;
import io.earshot.escalation.sourcehealth.SourceAlertStore;
import io.earshot.platform.http.ProblemException;
import io.earshot.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/windows")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "crisis")
public class WindowResource {
    /**
     * Minute windows of a stream, oldest first, ending with the current minute; {@code lowCoverage} lists the starts of
     * the minutes during which a source of the brand was silent (not judged by crisis detection: a drop there is
     * missing data, not fewer mentions), and {@code coverageGaps} the source-silent spans behind them.
     */
    public record Windows(String brand, String topic, List<Bucket> minutes, List<java.time.Instant> lowCoverage,
            List<SourceAlertStore.Gap> coverageGaps) {}

    /** Hour windows of a stream, oldest first, ending with the current hour. */
    public record HourWindows(String brand, String topic, List<Bucket> hours) {}

    private final WindowStore store;
    private final CrisisClock clock;
    private final SourceAlertStore sourceAlerts;
    private final io.earshot.escalation.scope.ScopeFilter scope;

    public WindowResource(WindowStore store, CrisisClock clock, SourceAlertStore sourceAlerts,
            io.earshot.escalation.scope.ScopeFilter scope) {
        this.scope = scope;
        this.store = store;
        this.clock = clock;
        this.sourceAlerts = sourceAlerts;
    }

    @GET
    @RolesAllowed({Roles.COMMS, Roles.LEAD, Roles.ADMIN})
    @Operation(summary = "Per-minute windows of a brand or brand x topic (by mention time): volume, negatives, "
            + "coordinated (excluded) mentions, organic negative share, mean compound, top emotions, sources; oldest first")
    public Uni<Windows> get(
            @QueryParam("brand") @NotBlank(message = "is required") @Pattern(regexp = "[^/]{0,64}", message = "must be at most 64 characters, without '/'") String brand,
            @QueryParam("topic") @Size(max = 64, message = "must be at most {max} characters") String topic,
            @QueryParam("minutes") String minutes) {
        String stream = stream(brand, topic);
        scope.brand(brand);
        int span = span("minutes", minutes, 60, (int) Math.min(store.minuteRetention().toMinutes(), 24 * 60));
        long now = clock.instant().getEpochSecond() / 60;
        java.time.Instant from = java.time.Instant.ofEpochSecond((now - span + 1) * 60);
        return store.minutes(stream, now - span + 1, now).flatMap(b -> sourceAlerts.coverage(from).map(coverage -> {
            List<java.time.Instant> low = b.stream().map(Bucket::start).filter(m -> coverage.low(brand, m)).toList();
            return new Windows(brand, blank(topic), b, low, coverage.of(brand));
        }));
    }

    @GET
    @Path("hours")
    @RolesAllowed({Roles.COMMS, Roles.LEAD, Roles.ADMIN})
    @Operation(summary = "Per-hour windows of a brand or brand x topic (by mention time), oldest first")
    public Uni<HourWindows> hours(
            @QueryParam("brand") @NotBlank(message = "is required") @Pattern(regexp = "[^/]{0,64}", message = "must be at most 64 characters, without '/'") String brand,
            @QueryParam("topic") @Size(max = 64, message = "must be at most {max} characters") String topic,
            @QueryParam("hours") String hours) {
        String stream = stream(brand, topic);
        scope.brand(brand);
        int span = span("hours", hours, 24, 8 * 24);
        long now = clock.instant().getEpochSecond() / 3600;
        return store.hours(stream, now - span + 1, now).map(b -> new HourWindows(brand, blank(topic), b));
    }

    static String stream(String brand, String topic) {
        return WindowStore.stream(brand, blank(topic));
    }

    private static String blank(String topic) {
        return topic == null || topic.isBlank() ? null : topic;
    }

    private static int span(String field, String value, int defaultSpan, int max) {
        if (value == null || value.isBlank()) {
            return defaultSpan;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            parsed = -1;
        }
        if (parsed < 1 || parsed > max) {
            throw ProblemException.badRequest(field, "must be a whole number from 1 to " + max);
        }
        return parsed;
    }
}
