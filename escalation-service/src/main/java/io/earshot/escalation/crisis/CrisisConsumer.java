package io.earshot.escalation.crisis;

import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.codec.InvalidEventException;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.contracts.messaging.Messages;
import io.earshot.escalation.dashboard.LiveEvents;
import io.earshot.escalation.windows.WindowStore;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The crisis feature's own reader of {@code mentions.scored} (channel {@code mentions-scored-crisis}, consumer group
 * {@code escalation-crisis}): judges each mention for coordination, stores a suspected cluster, and records the
 * mention in its windows (once, whatever the redeliveries). A record is acknowledged only once all that is stored;
 * unreadable ones go to {@code mentions.scored.crisis.dlq} with the reason; Redis or PostgreSQL failures are retried.
 * Each member a suspected cluster gains goes to the dashboard's live stream as a {@code cluster} event.
 */
@ApplicationScoped
public class CrisisConsumer {
    private final CoordinationDetector coordination;
    private final CoordinationStore clusters;
    private final WindowStore windows;
    private final LiveEvents live;
    private final Vertx vertx;
    private final int attempts;
    private final Duration backoff;

    public CrisisConsumer(CoordinationDetector coordination, CoordinationStore clusters, WindowStore windows,
            LiveEvents live, Vertx vertx,
            @ConfigProperty(name = "earshot.consumer.attempts") int attempts,
            @ConfigProperty(name = "earshot.consumer.backoff") Duration backoff) {
        this.coordination = coordination;
        this.clusters = clusters;
        this.windows = windows;
        this.live = live;
        this.vertx = vertx;
        this.attempts = attempts;
        this.backoff = backoff;
    }

    /**
     * The Kafka channel delivers batches ({@code batch=true}): a poll's mentions are judged and recorded one after
     * another and acknowledged together (recording is idempotent, so a retried batch counts each mention once); an
     * unreadable one is dead-lettered alone, and a batch that keeps failing is taken one record at a time.
     */
    @Incoming("mentions-scored-crisis")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return Messages.processBatch(batch, batch.getRecords(), vertx, attempts, backoff, CrisisConsumer::decode,
                this::recordAll, this::consumeOne);
    }

    Uni<Void> consumeOne(Message<String> message) {
        return Messages.process(message, vertx, attempts, backoff, () -> process(message.getPayload()));
    }

    private Uni<Void> recordAll(List<Messages.Decoded<ScoredMention>> batch) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Messages.Decoded<ScoredMention> d : batch) {
            chain = chain.flatMap(ignored -> record(d.event()));
        }
        return chain;
    }

    private static ScoredMention decode(String payload) {
        ScoredMention scored = EventCodec.decode(payload, ScoredMention.class);
        if (scored.mention() == null || scored.mention().id() == null || scored.scores() == null
                || scored.mention().brand() == null || scored.mention().brand().isBlank()) {
            throw new InvalidEventException("ScoredMention lacks its mention, brand or scores");
        }
        if (scored.mention().brand().contains("/")) {
            throw new InvalidEventException("brand must not contain '/'");
        }
        return scored;
    }

    Uni<Void> process(String payload) {
        return record(decode(payload));
    }

    private Uni<Void> record(ScoredMention scored) {
        return coordination.assess(scored)
                .flatMap(v -> (v.coordinated() ? clusters.record(v.cluster(), scored.mention().id()) : Uni.createFrom().voidItem())
                        .flatMap(x -> windows.record(scored, v.coordinated()))
                        .flatMap(counted -> counted && v.coordinated()
                                ? live.publish("cluster", v.cluster().brand(),
                                        CoordinationStore.ClusterView.joined(v.cluster(), scored.mention().id()))
                                : Uni.createFrom().voidItem()))
                .replaceWithVoid();
    }
}
