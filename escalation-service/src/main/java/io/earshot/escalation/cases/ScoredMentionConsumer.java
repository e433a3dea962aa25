package io.earshot.escalation.cases;

import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.codec.InvalidEventException;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.contracts.messaging.Messages;
import io.earshot.escalation.rules.RuleStore;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Consumes {@code mentions.scored}: stores every mention among the recent ones and opens or joins a case when a rule
 * matches (distress always does), then publishes the case event (the crisis windows have their own consumer).
 * Unreadable events go to {@code mentions.scored.dlq} with the reason; transient failures are retried.
 */
@ApplicationScoped
public class ScoredMentionConsumer {
    private final RuleStore rules;
    private final CaseEvents events;
    private final CaseService cases;
    private final Vertx vertx;
    private final int attempts;
    private final Duration backoff;

    public ScoredMentionConsumer(RuleStore rules, CaseEvents events, CaseService cases, Vertx vertx,
            @ConfigProperty(name = "earshot.consumer.attempts") int attempts,
            @ConfigProperty(name = "earshot.consumer.backoff") Duration backoff) {
        this.rules = rules;
        this.events = events;
        this.cases = cases;
        this.vertx = vertx;
        this.attempts = attempts;
        this.backoff = backoff;
    }

    @Incoming("mentions-scored")
    public Uni<Void> consume(Message<String> message) {
        return Messages.process(message, vertx, attempts, backoff, () -> process(message));
    }

    Uni<Void> process(Message<String> message) {
        ScoredMention scored = EventCodec.decode(message.getPayload(), ScoredMention.class);
        if (scored.mention() == null || scored.mention().id() == null || scored.scores() == null) {
            throw new InvalidEventException("ScoredMention lacks its mention or scores");
        }
        String traceId = Messages.traceId(message);
        return rules.decide(scored)
                .flatMap(d -> cases.handle(scored, d, traceId))
                .invoke(h -> {
                    if (h != null) {
                        events.kick();
                    }
                })
                .replaceWithVoid();
    }
}
