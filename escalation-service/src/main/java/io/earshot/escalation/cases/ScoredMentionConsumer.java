package io.earshot.escalation.cases;

import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.codec.InvalidEventException;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.contracts.messaging.Messages;
import io.earshot.escalation.rules.ThresholdRules;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Consumes {@code mentions.scored}: opens or joins a case when a rule matches (the crisis windows have their own
 * consumer). Unreadable events go to {@code mentions.scored.dlq} with the reason; transient failures are retried.
 */
@ApplicationScoped
public class ScoredMentionConsumer {
    private final ThresholdRules rules;
    private final CaseService cases;
    private final Vertx vertx;
    private final int attempts;
    private final Duration backoff;

    public ScoredMentionConsumer(ThresholdRules rules, CaseService cases, Vertx vertx,
            @ConfigProperty(name = "earshot.consumer.attempts") int attempts,
            @ConfigProperty(name = "earshot.consumer.backoff") Duration backoff) {
        this.rules = rules;
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
        return rules.decide(scored)
                .map(d -> cases.escalate(scored, d, Messages.traceId(message)).replaceWithVoid())
                .orElse(Uni.createFrom().voidItem());
    }
}
