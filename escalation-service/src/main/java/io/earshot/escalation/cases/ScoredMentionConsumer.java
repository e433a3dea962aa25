package io.earshot.escalation.cases;

import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.codec.InvalidEventException;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.escalation.conversations.ConversationIntake;
import io.earshot.escalation.rules.RuleEngine;
import io.earshot.escalation.rules.RuleStore;
import io.earshot.escalation.webhooks.WebhookDispatcher;
import io.earshot.platform.messaging.ConsumerPolicy;
import io.earshot.platform.messaging.Messages;
import io.earshot.platform.privacy.SubjectKeys;
import io.earshot.platform.privacy.Tombstones;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
    private final CaseIntake cases;
    private final WebhookDispatcher webhooks;
    private final Vertx vertx;
    private final int attempts;
    private final Duration backoff;
    private final Pool pool;
    private final SubjectKeys keys;

    public ScoredMentionConsumer(RuleStore rules, CaseEvents events, CaseIntake cases, WebhookDispatcher webhooks,
            SubjectKeys keys, Pool pool, Vertx vertx,
            ConsumerPolicy policy) {
        this.rules = rules;
        this.keys = keys;
        this.pool = pool;
        this.events = events;
        this.cases = cases;
        this.webhooks = webhooks;
        this.vertx = vertx;
        this.attempts = policy.attempts();
        this.backoff = policy.backoff();
    }

    /**
     * The Kafka channel delivers batches ({@code batch=true}): the rules decide for each event, and the batch is
     * recorded and its cases opened or joined in one transaction ({@link CaseIntake#handleAll}), then acknowledged.
     * An unreadable event is dead-lettered alone with its reason; a batch that still fails after the retries is
     * taken one event at a time ({@link Messages#processBatch}).
     */
    @Incoming("mentions-scored")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return Messages.processBatch(batch, batch.getRecords(), vertx, attempts, backoff, ScoredMentionConsumer::decode,
                this::processAll, this::consumeOne);
    }

    Uni<Void> consumeOne(Message<String> message) {
        return Messages.process(message, vertx, attempts, backoff, () -> process(message));
    }

    /** The batch path (a single record goes through it too, as a batch of one). */
    Uni<Void> processAll(List<Messages.Decoded<ScoredMention>> all) {
        // Sealed records are opened (those whose key is destroyed are left out), then mentions of a subject erased
        // after they were fetched are dropped (crypto-shredding and erasure tombstones, docs/privacy.md).
        return keys.openScored(all).flatMap(opened -> Tombstones.keep(pool, opened, d -> d.event().mention()))
                .flatMap(batch -> batch.isEmpty()
                        ? Uni.createFrom().item(false)
                        : rules.active().flatMap(active -> {
                            List<CaseIntake.Arrival> arrivals = new ArrayList<>(batch.size());
                            for (Messages.Decoded<ScoredMention> d : batch) {
                                arrivals.add(new CaseIntake.Arrival(d.event(), ConversationIntake.isTurn(d.event())
                                        ? Optional.empty()
                                        : RuleEngine.decide(d.event(), active), Messages.traceId(d.record()),
                                        d.payload()));
                            }
                            return cases.handleAll(arrivals);
                        })).invoke(any -> {
                            if (any) {
                                events.kick();
                                webhooks.kick(); // a conversation hand-off's webhook goes out now, not at the next tick
                            }
                        }).replaceWithVoid();
    }

    private static ScoredMention decode(String payload) {
        ScoredMention scored = EventCodec.decode(payload, ScoredMention.class);
        if (scored.mention() == null || scored.mention().id() == null || scored.scores() == null) {
            throw new InvalidEventException("ScoredMention lacks its mention or scores");
        }
        return scored;
    }

    Uni<Void> process(Message<String> message) {
        return processAll(List.of(new Messages.Decoded<>(message, decode(message.getPayload()))));
    }
}
