package io.earshot.escalation.cases;

import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.codec.InvalidEventException;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.contracts.messaging.Messages;
import io.earshot.escalation.rules.ThresholdRules;
import io.earshot.escalation.windows.WindowCounter;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Consumes {@code mentions.scored}: counts every mention in the brand's sliding windows and opens or joins a case when
 * a rule matches. Unreadable events go to {@code mentions.scored.dlq} with the reason; transient failures are retried.
 */
@ApplicationScoped
public class ScoredMentionConsumer {
    private final ThresholdRules rules;
    private final CaseService cases;
    private final WindowCounter windows;

    public ScoredMentionConsumer(ThresholdRules rules, CaseService cases, WindowCounter windows) {
        this.rules = rules;
        this.cases = cases;
        this.windows = windows;
    }

    @Incoming("mentions-scored")
    public Uni<Void> consume(Message<String> message) {
        return Messages.settle(message, Uni.createFrom().deferred(() -> process(message))
                .onFailure(f -> !(f instanceof InvalidEventException))
                .retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(5));
    }

    Uni<Void> process(Message<String> message) {
        ScoredMention scored = EventCodec.decode(message.getPayload(), ScoredMention.class);
        if (scored.mention() == null || scored.mention().id() == null || scored.scores() == null) {
            throw new InvalidEventException("ScoredMention lacks its mention or scores");
        }
        Uni<Void> decided = rules.decide(scored)
                .map(d -> cases.escalate(scored, d, Messages.traceId(message)).replaceWithVoid())
                .orElse(Uni.createFrom().voidItem());
        return decided.flatMap(v -> windows.record(scored));
    }
}
