package io.earshot.map.personas;

import io.earshot.map.privacy.AuthorKeys;
import io.earshot.platform.http.ProblemException;
import io.earshot.platform.security.Roles;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * CRM tiers of authors, pushed by a CRM sync (a {@code service} client) or set by analysts, and matched against
 * personas' tier rules when a candidate is assigned. An erasure request deletes the subject's tier.
 */
@Path("/api/v1/author-tiers/{source}/{authorId}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "personas")
public class AuthorTierResource {
    static final int MAX_SOURCE = 64;
    static final int MAX_AUTHOR = 256;
    static final int MAX_TIER = 64;
    /** Path parameters are not read by the strict JSON reader, which refuses NUL in bodies. */
    private static final String NO_NUL = "[^\\x00]*";
    static final String SOURCE_RULE = "must be 1 to " + MAX_SOURCE + " characters";
    static final String AUTHOR_RULE = "must be 1 to " + MAX_AUTHOR + " characters";
    static final String TIER_RULE = "must be 1 to " + MAX_TIER + " characters";
    private static final String UPSERT = """
            insert into author_tiers (author_key, tier, updated_at) values (?1, ?2, ?3)
            on conflict (author_key) do update set tier = excluded.tier, updated_at = excluded.updated_at""";

    private final Clock clock;

    public AuthorTierResource(Clock clock) {
        this.clock = clock;
    }

    public record TierBody(@NotBlank(message = TIER_RULE) @Size(max = MAX_TIER, message = TIER_RULE) String tier) {}

    public record TierView(String source, String authorId, String tier, Instant updatedAt) {}

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SERVICE, Roles.ANALYST})
    @WithTransaction
    @Operation(summary = "Set an author's CRM tier (e.g. gold), used by personas' tier rules from then on")
    public Uni<TierView> put(
            @PathParam("source") @NotBlank(message = SOURCE_RULE) @Size(max = MAX_SOURCE, message = SOURCE_RULE) @Pattern(regexp = NO_NUL, message = SOURCE_RULE) String source,
            @PathParam("authorId") @NotBlank(message = AUTHOR_RULE) @Size(max = MAX_AUTHOR, message = AUTHOR_RULE) @Pattern(regexp = NO_NUL, message = AUTHOR_RULE) String authorId,
            @NotNull(message = TIER_RULE) @Valid TierBody body) {
        String key = key(source, authorId);
        String tier = body.tier();
        Instant now = clock.instant();
        return Panache.getSession().flatMap(s -> s.createNativeQuery(UPSERT).setParameter(1, key)
                .setParameter(2, tier.strip()).setParameter(3, now.atOffset(ZoneOffset.UTC)).executeUpdate())
                .map(n -> new TierView(source.strip().toLowerCase(java.util.Locale.ROOT), authorId.strip(), tier
                        .strip(), now));
    }

    @GET
    @RolesAllowed({Roles.ANALYST, Roles.ADMIN, Roles.SERVICE})
    @WithSession
    @Operation(summary = "An author's CRM tier; 404 when unknown")
    public Uni<TierView> get(
            @PathParam("source") @NotBlank(message = SOURCE_RULE) @Size(max = MAX_SOURCE, message = SOURCE_RULE) @Pattern(regexp = NO_NUL, message = SOURCE_RULE) String source,
            @PathParam("authorId") @NotBlank(message = AUTHOR_RULE) @Size(max = MAX_AUTHOR, message = AUTHOR_RULE) @Pattern(regexp = NO_NUL, message = AUTHOR_RULE) String authorId) {
        String key = key(source, authorId);
        return AuthorTierEntity.<AuthorTierEntity>findById(key).map(t -> {
            if (t == null) {
                throw ProblemException.notFound("CRM tier of " + key);
            }
            return new TierView(source.strip().toLowerCase(java.util.Locale.ROOT), authorId.strip(), t.tier,
                    t.updatedAt.toInstant());
        });
    }

    @DELETE
    @RolesAllowed({Roles.SERVICE, Roles.ANALYST})
    @WithTransaction
    @Operation(summary = "Forget an author's CRM tier; 404 when unknown")
    public Uni<Response> delete(
            @PathParam("source") @NotBlank(message = SOURCE_RULE) @Size(max = MAX_SOURCE, message = SOURCE_RULE) @Pattern(regexp = NO_NUL, message = SOURCE_RULE) String source,
            @PathParam("authorId") @NotBlank(message = AUTHOR_RULE) @Size(max = MAX_AUTHOR, message = AUTHOR_RULE) @Pattern(regexp = NO_NUL, message = AUTHOR_RULE) String authorId) {
        String key = key(source, authorId);
        return AuthorTierEntity.deleteById(key).map(deleted -> {
            if (!deleted) {
                throw ProblemException.notFound("CRM tier of " + key);
            }
            return Response.noContent().build();
        });
    }

    private static String key(String source, String authorId) {
        return AuthorKeys.author(source, authorId);
    }
}
