package io.earshot.escalation.crisis;

import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.codec.InvalidEventException;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.escalation.dashboard.LiveEvents;
import io.earshot.escalation.windows.WindowStore;
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
    private final Pool pool;
    private final SubjectKeys keys;

    public CrisisConsumer(CoordinationDetector coordination, CoordinationStore clusters, WindowStore windows, Pool pool,
            SubjectKeys keys, LiveEvents live, Vertx vertx,
            ConsumerPolicy policy) {
        this.coordination = coordination;
        this.keys = keys;
        this.pool = pool;
        this.clusters = clusters;
        this.windows = windows;
        this.live = live;
        this.vertx = vertx;
        this.attempts = policy.attempts();
        this.backoff = policy.backoff();
    }

    /**
     * The Kafka channel delivers batches ({@code batch=true}): a poll's mentions are judged and recorded in one Redis
     * call ({@link WindowStore#recordAll}), their clusters upserted in one round trip, and acknowledged together
     * (recording is idempotent, so a retried batch counts each mention once); an unreadable one is dead-lettered
     * alone, and a batch that keeps failing is taken one record at a time (a batch of one, the same path).
     */
    @Incoming("mentions-scored-crisis")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return Messages.processBatch(batch, batch.getRecords(), vertx, attempts, backoff, CrisisConsumer::decode,
                this::recordAll, this::consumeOne);
    }

    Uni<Void> consumeOne(Message<String> message) {
        return Messages.process(message, vertx, attempts, backoff, () -> process(message.getPayload()));
    }

    public Uni<Void> recordAll(List<Messages.Decoded<ScoredMention>> all) {
        // Sealed records are opened (a destroyed key leaves them out), and mentions of a subject erased after they
        // were fetched are not counted again (crypto-shredding and erasure tombstones).
        return keys.openScored(all).flatMap(opened -> Tombstones.keep(pool, opened, d -> d.event().mention()))
                .flatMap(this::recordKept);
    }

    private Uni<Void> recordKept(List<Messages.Decoded<ScoredMention>> batch) {
        // A bot's turns in live conversations are not the public's voice: they are not counted.
        List<ScoredMention> mentions = batch.stream().map(Messages.Decoded::event).filter(s -> !s.mention().fromBot())
                .toList();
        List<CoordinationDetector.Prepared> prepared = new ArrayList<>(mentions.size());
        List<WindowStore.Item> items = new ArrayList<>(mentions.size());
        for (ScoredMention scored : mentions) {
            CoordinationDetector.Prepared p = coordination.prepare(scored);
            prepared.add(p);
            items.add(new WindowStore.Item(scored, false, p == null ? null : p.join()));
        }
        return windows.recordAll(items).flatMap(outcomes -> {
            List<CoordinationStore.Joined> joined = new ArrayList<>();
            List<CoordinationStore.Joined> published = new ArrayList<>();
            for (int i = 0; i < mentions.size(); i++) {
                ScoredMention scored = mentions.get(i);
                CoordinationDetector.Verdict v = coordination.verdict(scored, prepared.get(i), outcomes.get(i));
                if (v.coordinated()) {
                    CoordinationStore.Joined j = new CoordinationStore.Joined(v.cluster(), scored.mention().id());
                    joined.add(j);
                    if (outcomes.get(i).counted()) {
                        published.add(j);
                    }
                }
            }
            return clusters.recordAll(joined).chain(() -> publish(published));
        });
    }

    private Uni<Void> publish(List<CoordinationStore.Joined> joined) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (CoordinationStore.Joined j : joined) {
            chain = chain.chain(() -> live.publish("cluster", j.cluster().brand(),
                    CoordinationStore.ClusterView.joined(j.cluster(), j.mentionId())));
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
        return recordAll(List.of(new Messages.Decoded<>(null, decode(payload))));
    }
}
