package io.earshot.escalation.conversations;

import io.earshot.escalation.cases.CaseEntity;
import io.earshot.escalation.cases.CaseEvents;
import io.earshot.escalation.cases.CaseWork;
import io.earshot.escalation.webhooks.WebhookDispatcher;
import io.earshot.platform.http.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.UUID;

/**
 * An agent hands a conversation back to the bot (the API's {@code POST /api/v1/conversations/{id}/return-to-bot} and
 * the console's button): in one transaction the conversation is locked before the case (the intake's order), the
 * hand-off ends with {@code returned_to_bot} (the {@code conversation.handoff.ended} webhook is queued) and the case is
 * resolved ANSWERED with the same holder rules as any resolve (its own end of the hand-off is then a no-op). A 409 when
 * the case holds no conversation with a human. The API {@link #kick}s the case events' relay and the webhook
 * dispatcher as its other changes do; the console's form post relays the case event, and the webhook goes out at the
 * dispatcher's next tick, as for the console's resolve.
 */
@ApplicationScoped
public class ReturnToBot {
    private final CaseWork cases;
    private final ConversationEnds ends;
    private final CaseEvents events;
    private final WebhookDispatcher webhooks;
    private final Clock clock;

    public ReturnToBot(CaseWork cases, ConversationEnds ends, CaseEvents events, WebhookDispatcher webhooks,
            Clock clock) {
        this.cases = cases;
        this.ends = ends;
        this.events = events;
        this.webhooks = webhooks;
        this.clock = clock;
    }

    @WithTransaction
    public Uni<CaseEntity> returnToBot(UUID caseId, String actor, boolean lead) {
        return Panache.getSession().flatMap(session -> ends.lock(session, caseId)
                .chain(() -> ends.end(session, caseId, "RETURNED", "returned_to_bot", actor, clock.instant())))
                .chain(ended -> {
                    if (!ended) {
                        throw ProblemException.conflict("case " + caseId + " holds no conversation with a human");
                    }
                    return cases.resolve(caseId, actor, lead, "ANSWERED");
                });
    }

    /** Relays the case event and sends the webhook now rather than at the next tick. */
    public void kick() {
        events.kick();
        webhooks.kick();
    }
}
