package io.earshot.map.maps;

import io.earshot.contracts.events.Zone;
import io.earshot.map.maps.Contradictions.Contradiction;
import io.earshot.map.maps.MapViews.EvidenceView;
import io.earshot.map.maps.MapViews.Goal;
import io.earshot.map.maps.MapViews.ItemView;
import io.earshot.map.maps.MapViews.MapView;
import io.earshot.map.personas.PersonaStore;
import io.earshot.map.review.ReviewResource;
import io.earshot.map.scope.MapScope;
import io.earshot.map.scope.MapScope.Owned;
import io.earshot.map.versions.MapDiff;
import io.earshot.map.versions.VersionResource;
import io.earshot.map.versions.VersionStore;
import io.earshot.platform.http.Page;
import io.earshot.platform.http.PageCursor;
import io.earshot.platform.http.ProblemException;
import io.earshot.platform.security.Roles;
import io.earshot.platform.security.Scope;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Empathy maps for other systems: maps, items, evidence, contradictions, exports, and the analysts' edits. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "maps")
public class MapResource {
    public static final int MAX_LIMIT = 200;
    static final int MAX_GOAL = 2_000;
    static final String GOAL_RULE = "is required: 1 to " + MAX_GOAL + " characters";
    private static final String ZONES = Arrays.stream(Zone.values()).map(Enum::name).collect(Collectors.joining(", "));

    @Inject
    MapStore maps;
    @Inject
    VersionStore versions;
    @Inject
    PersonaStore personas;
    @Inject
    java.time.Clock clock;
    @Inject
    MapScope scope;
    @Inject
    MapSettings settings;

    public record GoalBody(@NotBlank(message = GOAL_RULE) @Size(max = MAX_GOAL, message = GOAL_RULE) String who,
            @NotBlank(message = GOAL_RULE) @Size(max = MAX_GOAL, message = GOAL_RULE) String needs) {}

    @GET
    @Path("maps/{brand}/{persona}")
    @RolesAllowed({Roles.ANALYST, Roles.ADMIN, Roles.COMMS, Roles.SERVICE})
    @Operation(summary = "A persona's empathy map: goal and ACTIVE items per zone", description = "With at=<ISO instant>, the map as it was then: the latest version taken at or before it (404 when none).")
    public Uni<MapView> map(@PathParam("brand") String brand, @PathParam("persona") String persona,
            @Parameter(description = "ISO-8601 instant, e.g. 2026-11-20T00:00:00Z") @QueryParam("at") String at) {
        String b = scope.brand(brand);
        String p = persona(persona);
        if (at != null && !at.isBlank()) {
            return versions.at(b, p, instant(at, "at"));
        }
        return maps.map(b, p, false);
    }

    @GET
    @Path("maps/{brand}/{persona}/items")
    @RolesAllowed({Roles.ANALYST, Roles.ADMIN, Roles.COMMS, Roles.SERVICE})
    @Operation(summary = "ACTIVE items of a map, newest first, optionally of one zone")
    public Uni<Page<ItemView>> items(@PathParam("brand") String brand, @PathParam("persona") String persona,
            @Parameter(description = "one of the eight zones") @QueryParam("zone") String zone,
            @Parameter(description = "page size, 1 to 200 (default 50)") @QueryParam("limit") String limit,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        return maps.items(scope.brand(brand), persona(persona), zone(zone), limit(limit), PageCursor.decode(cursor));
    }

    @GET
    @Path("items/{id}")
    @RolesAllowed({Roles.ANALYST, Roles.ADMIN, Roles.COMMS, Roles.SERVICE})
    @Operation(summary = "One map item with up to three sample quotes and its trend")
    public Uni<ItemView> item(@PathParam("id") String id) {
        UUID uuid = ReviewResource.uuid(id, "id");
        return scope.require(Owned.ITEM, uuid).flatMap(v -> maps.item(uuid))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("item " + uuid));
    }

    @GET
    @Path("items/{id}/evidence")
    @RolesAllowed({Roles.ANALYST, Roles.ADMIN, Roles.COMMS, Roles.SERVICE})
    @Operation(summary = "Evidence of an item (mention ids, redacted quotes, when seen), most recently added first")
    public Uni<Page<EvidenceView>> evidence(@PathParam("id") String id,
            @Parameter(description = "page size, 1 to 200 (default 50)") @QueryParam("limit") String limit,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        UUID uuid = ReviewResource.uuid(id, "id");
        int size = limit(limit);
        PageCursor after = PageCursor.decode(cursor);
        return scope.require(Owned.ITEM, uuid).flatMap(v -> maps.item(uuid))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("item " + uuid))
                .flatMap(item -> maps.evidence(uuid, size, after));
    }

    @DELETE
    @Path("items/{id}")
    @RolesAllowed(Roles.ANALYST)
    @WithTransaction
    @Operation(summary = "Take an item off the map (status REMOVED); its evidence stays for the record")
    public Uni<Response> remove(@PathParam("id") String id) {
        UUID uuid = ReviewResource.uuid(id, "id");
        Scope mine = scope.current();
        return MapItemEntity.<MapItemEntity>findById(uuid).map(item -> {
            if (item == null || !mine.brand(item.brand)) {
                throw ProblemException.notFound("item " + uuid);
            }
            item.status = ItemStatus.REMOVED;
            item.version++;
            item.updatedAt = clock.instant().atOffset(java.time.ZoneOffset.UTC);
            return Response.noContent().build();
        });
    }

    public record ItemBody(
            @Size(max = 10_000, message = "must be 1 to {max} characters") @Pattern(regexp = NOT_BLANK, message = "must be 1 to 10000 characters") String text,
            String zone,
            @Size(max = 256, message = "must be 1 to {max} characters") @Pattern(regexp = NOT_BLANK, message = "must be 1 to 256 characters") String theme) {}

    /** Absent (null) is fine for an edit; given, a field must have a non-space character. */
    private static final String NOT_BLANK = "(?s).*\\S.*";

    @PUT
    @Path("items/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ANALYST)
    @WithTransaction
    @Operation(summary = "Edit an ACTIVE item's text, zone or theme (absent fields are kept)", description = "409 when the item was removed, or when another ACTIVE item of the map has the new zone and theme.")
    public Uni<ItemView> edit(@PathParam("id") String id, @Valid ItemBody body) {
        UUID uuid = ReviewResource.uuid(id, "id");
        if (body == null || (body.text() == null && body.zone() == null && body.theme() == null)) {
            throw ProblemException.badRequest("text", "give at least one of text, zone and theme");
        }
        String text = body.text() == null ? null : body.text().strip();
        String theme = body.theme() == null ? null : body.theme().strip();
        Zone zone = body.zone() == null ? null : zone(body.zone());
        Scope mine = scope.current();
        return MapItemEntity.<MapItemEntity>findById(uuid).flatMap(item -> {
            if (item == null || !mine.brand(item.brand)) {
                throw ProblemException.notFound("item " + uuid);
            }
            if (item.status != ItemStatus.ACTIVE) {
                throw ProblemException.conflict("item " + uuid + " was removed from the map");
            }
            Zone newZone = zone == null ? item.zone : zone;
            String newTheme = theme == null ? item.theme : theme;
            return maps.activeItem(item.brand, item.persona, newZone, newTheme).map(other -> {
                if (other != null && !other.id.equals(item.id)) {
                    throw ProblemException.conflict("item " + other.id + " already has zone " + newZone + " and theme "
                            + newTheme + " on this map: merge into it instead");
                }
                item.text = text == null ? item.text : text;
                item.zone = newZone;
                item.theme = newTheme;
                item.version++;
                item.updatedAt = clock.instant().atOffset(java.time.ZoneOffset.UTC);
                return item;
            });
        }).call(item -> MapItemEntity.getSession().flatMap(s -> s.flush()))
                .flatMap(item -> maps.item(item.id));
    }

    @PUT
    @Path("maps/{brand}/{persona}/goal")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ANALYST)
    @Operation(summary = "Set the goal section: who the persona is and what they need to do")
    public Uni<Goal> goal(@PathParam("brand") String brand, @PathParam("persona") String persona,
            @NotNull(message = "a JSON body with who and needs is required") @Valid GoalBody body) {
        return personas.setGoal(scope.brand(brand), persona(persona), body.who(), body.needs());
    }

    @GET
    @Path("maps/{brand}/{persona}/contradictions")
    @RolesAllowed({Roles.ANALYST, Roles.ADMIN, Roles.COMMS, Roles.SERVICE})
    @Operation(summary = "SAYS/THINKS items expressing loyalty paired with DOES items on the same theme or about leaving")
    public Uni<List<Contradiction>> contradictions(@PathParam("brand") String brand,
            @PathParam("persona") String persona) {
        return maps.map(scope.brand(brand), persona(persona), false).map(m -> Contradictions.of(m.items()));
    }

    @GET
    @Path("maps/{brand}/{persona}/export")
    @Produces({"text/markdown", MediaType.APPLICATION_JSON})
    @RolesAllowed({Roles.ANALYST, Roles.ADMIN, Roles.COMMS, Roles.SERVICE})
    @Operation(summary = "The live map as Markdown or JSON (with every item's evidence)")
    public Uni<Response> export(@PathParam("brand") String brand, @PathParam("persona") String persona,
            @Parameter(description = "markdown or json (default json)") @QueryParam("format") @Pattern(regexp = "(?i)\\s*(markdown|json)?\\s*", message = "must be markdown or json") String format) {
        String f = format == null || format.isBlank() ? "json" : format.trim().toLowerCase(Locale.ROOT);
        String b = scope.brand(brand);
        String p = persona(persona);
        String file = (b + "-" + p).replaceAll("[^A-Za-z0-9._-]", "_");
        return maps.map(b, p, true).map(m -> f.equals("json")
                ? Response.ok(VersionStore.write(m), MediaType.APPLICATION_JSON)
                        .header("Content-Disposition", "attachment; filename=\"" + file + ".json\"").build()
                : Response.ok(MarkdownExport.render(m), "text/markdown; charset=UTF-8")
                        .header("Content-Disposition", "attachment; filename=\"" + file + ".md\"").build());
    }

    @GET
    @Path("maps/{brand}/{persona}/diff")
    @RolesAllowed({Roles.ANALYST, Roles.ADMIN, Roles.COMMS, Roles.SERVICE})
    @Operation(summary = "Added, removed and changed items and evidence growth between two versions")
    public Uni<MapDiff> diff(@PathParam("brand") String brand, @PathParam("persona") String persona,
            @Parameter(description = "version number", required = true) @QueryParam("from") String from,
            @Parameter(description = "version number", required = true) @QueryParam("to") String to) {
        return versions.diff(scope.brand(brand), persona(persona), VersionResource.seq(from, "from"), VersionResource
                .seq(to, "to"));
    }

    public static String brand(String brand) {
        if (brand == null || brand.isBlank() || brand.length() > 64) {
            throw ProblemException.badRequest("brand", "must be 1 to 64 characters");
        }
        return brand.trim().toLowerCase(Locale.ROOT);
    }

    public static String persona(String persona) {
        if (persona == null || persona.isBlank() || persona.length() > 128) {
            throw ProblemException.badRequest("persona", "must be 1 to 128 characters");
        }
        return persona.trim();
    }

    public static Instant instant(String value, String field) {
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(field, "must be an ISO-8601 instant such as 2026-11-20T00:00:00Z");
        }
    }

    static Zone zone(String zone) {
        if (zone == null || zone.isBlank()) {
            return null;
        }
        try {
            return Zone.valueOf(zone.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("zone", "must be one of " + ZONES);
        }
    }

    int limit(String limit) {
        return PageCursor.limit(limit, Math.min(Math.max(settings.defaultLimit(), 1), MAX_LIMIT), MAX_LIMIT);
    }
}
