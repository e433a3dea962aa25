package io.earshot.map.review;

import io.earshot.contracts.events.Zone;
import io.earshot.map.maps.ItemStatus;
import io.earshot.map.maps.MapItemEntity;
import io.earshot.map.maps.MapStore;
import io.earshot.platform.http.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * The analysts' review of candidates. Only this (and auto-attachment to an item an analyst already validated) puts
 * anything on a map. A candidate is reviewed once: reviewing it again is a 409.
 */
@ApplicationScoped
public class ReviewService {
    static final int MAX_REASON = 2_000;

    private final MapStore maps;
    private final java.time.Clock clock;

    public ReviewService(MapStore maps, java.time.Clock clock) {
        this.maps = maps;
        this.clock = clock;
    }

    /** Edits an analyst may make while validating; null fields keep the candidate's values. */
    public record Edits(String text, String theme, Zone zone, String persona) {
        public static final Edits NONE = new Edits(null, null, null, null);
    }

    /**
     * Validates a candidate, optionally edited: it becomes a new ACTIVE item, or evidence of the ACTIVE item that
     * already has its brand, persona, zone and theme.
     */
    @WithTransaction
    public Uni<CandidateView> validate(UUID id, Edits edits, String analyst) {
        Edits e = edits == null ? Edits.NONE : edits;
        return pending(id).flatMap(c -> {
            String persona = firstNonBlank(e.persona(), c.persona, CandidateStore.DEFAULT_PERSONA);
            Zone zone = e.zone() != null ? e.zone() : c.zone;
            String theme = firstNonBlank(e.theme(), c.theme, null);
            if (theme == null) {
                throw ProblemException.badRequest("theme", "is required: the candidate has no theme");
            }
            String text = firstNonBlank(e.text(), c.text, null);
            return maps.activeItem(c.brand, persona, zone, theme)
                    .flatMap(item -> item != null
                            ? Uni.createFrom().item(item.id)
                            : maps.createItem(c.brand, persona, zone, text, theme, analyst))
                    .flatMap(itemId -> maps.attach(itemId, c.id).replaceWith(itemId))
                    .map(itemId -> close(c, CandidateStatus.VALIDATED, itemId, analyst, null));
        });
    }

    /** Validates a candidate as more evidence of an existing ACTIVE item of the same brand. */
    @WithTransaction
    public Uni<CandidateView> merge(UUID id, UUID itemId, String analyst) {
        if (itemId == null) {
            throw ProblemException.badRequest("itemId", "is required");
        }
        return pending(id).flatMap(c -> MapItemEntity.<MapItemEntity>findById(itemId).flatMap(item -> {
            if (item == null) {
                throw ProblemException.notFound("item " + itemId);
            }
            if (item.status != ItemStatus.ACTIVE) {
                throw ProblemException.conflict("item " + itemId + " was removed from the map");
            }
            if (!item.brand.equals(c.brand)) {
                throw ProblemException.badRequest("itemId", "belongs to another brand than the candidate");
            }
            return maps.attach(item.id, c.id).map(added -> close(c, CandidateStatus.VALIDATED, item.id, analyst, null));
        }));
    }

    /** Rejects a candidate; the reason is required and kept. */
    @WithTransaction
    public Uni<CandidateView> reject(UUID id, String reason, String analyst) {
        if (reason == null || reason.isBlank()) {
            throw ProblemException.badRequest("reason", "is required");
        }
        if (reason.length() > MAX_REASON) {
            throw ProblemException.badRequest("reason", "must be at most " + MAX_REASON + " characters");
        }
        return pending(id).map(c -> close(c, CandidateStatus.REJECTED, null, analyst, reason.strip()));
    }

    /** The candidate, locked for this transaction; 404 when unknown, 409 when already reviewed. */
    private static Uni<CandidateEntity> pending(UUID id) {
        return CandidateEntity.<CandidateEntity>findById(id, LockModeType.PESSIMISTIC_WRITE).map(c -> {
            if (c == null) {
                throw ProblemException.notFound("candidate " + id);
            }
            if (c.status != CandidateStatus.PENDING) {
                throw ProblemException.conflict("candidate " + id + " was already reviewed: " + c.status);
            }
            return c;
        });
    }

    private CandidateView close(CandidateEntity c, CandidateStatus status, UUID itemId, String analyst, String reason) {
        c.status = status;
        c.itemId = itemId;
        c.reviewedBy = analyst;
        c.reviewedAt = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        c.rejectReason = reason;
        return CandidateView.of(c);
    }

    private static String firstNonBlank(String a, String b, String fallback) {
        if (a != null && !a.isBlank()) {
            return a.strip();
        }
        if (b != null && !b.isBlank()) {
            return b;
        }
        return fallback;
    }
}
