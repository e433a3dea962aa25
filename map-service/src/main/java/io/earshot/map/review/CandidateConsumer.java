package io.earshot.map.review;

import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.codec.InvalidEventException;
import io.earshot.contracts.events.InsightCandidate;
import io.earshot.platform.messaging.ConsumerPolicy;
import io.earshot.platform.messaging.Messages;
import io.earshot.platform.privacy.SubjectKeys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes {@code insights.candidates}: each valid candidate is stored once as PENDING (its id is deterministic, so a
 * redelivery changes nothing), then the record is acknowledged. A record that can never be accepted (malformed JSON,
 * unknown schema major version, missing fields) is nacked at once and lands in {@code insights.candidates.dlq} with
 * the reason in the {@code dead-letter-reason} header; a storage failure is retried with backoff first.
 */
@ApplicationScoped
public class CandidateConsumer {
    private static final Logger LOG = Logger.getLogger(CandidateConsumer.class);
    static final int MAX_BRAND = 64;
    static final int MAX_PERSONA = 128;
    static final int MAX_THEME = 256;
    static final int MAX_TEXT = 10_000;
    static final int MAX_EVIDENCE = 10_000;

    private final CandidateStore store;
    private final Vertx vertx;
    private final int attempts;
    private final Duration backoff;
    private final SubjectKeys keys;
    private final Counter stored;
    private final Counter duplicates;
    private final Counter rejected;
    private final Counter failed;

    public CandidateConsumer(CandidateStore store, SubjectKeys keys, Vertx vertx, MeterRegistry registry,
            ConsumerPolicy policy) {
        this.store = store;
        this.keys = keys;
        this.vertx = vertx;
        this.attempts = Math.max(1, policy.attempts());
        this.backoff = policy.backoff();
        this.stored = counter(registry, "stored");
        this.duplicates = counter(registry, "duplicate");
        this.rejected = counter(registry, "rejected");
        this.failed = counter(registry, "failed");
    }

    /**
     * The Kafka channel delivers batches ({@code batch=true}): a poll's valid candidates are stored in one transaction
     * ({@link CandidateStore#insertAll}); an invalid one is dead-lettered alone with its reason, and a batch that keeps
     * failing is taken one record at a time ({@link Messages#processBatch}, {@link #consumeOne}).
     */
    @Incoming("insights-candidates")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return Messages.processBatch(batch, batch.getRecords(), vertx, attempts, backoff, this::read, this::storeAll,
                this::consumeOne);
    }

    /** One record: opened, stored in its own transaction, retried, then dead-lettered with the last failure. */
    Uni<Void> consumeOne(Message<String> message) {
        return Messages.process(message, vertx, attempts, backoff, () -> keys.openCandidates(List.of(
                new Messages.Decoded<>(message, read(message.getPayload())))).flatMap(opened -> opened.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : insertOne(opened.get(0))));
    }

    private Uni<Boolean> insertOne(Messages.Decoded<InsightCandidate> d) {
        InsightCandidate candidate = d.opened() ? opened(d.event()) : d.event();
        return store.insert(candidate, Messages.traceId(d.record()))
                .invoke(inserted -> (inserted ? stored : duplicates).increment())
                .onFailure().invoke(failure -> {
                    failed.increment();
                    LOG.warnf("could not store insight candidate %s: %s", candidate.id(), failure.getMessage());
                });
    }

    /**
     * A batch: sealed candidates opened first (those whose author's key is destroyed, an erased subject's text, are
     * left out: crypto-shredding, docs/privacy.md), then stored in one transaction.
     */
    private Uni<Void> storeAll(List<Messages.Decoded<InsightCandidate>> batch) {
        return keys.openCandidates(batch).flatMap(this::storeOpened);
    }

    private Uni<Void> storeOpened(List<Messages.Decoded<InsightCandidate>> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<CandidateStore.Arrival> arrivals = batch.stream()
                .map(d -> new CandidateStore.Arrival(d.opened() ? opened(d.event()) : d.event(), Messages.traceId(d
                        .record()))).toList();
        return store.insertAll(arrivals)
                .invoke(inserted -> inserted.forEach(i -> (i ? stored : duplicates).increment()))
                .onFailure().invoke(failure -> {
                    failed.increment();
                    LOG.warnf("could not store a batch of %d insight candidates: %s", arrivals.size(), failure
                            .getMessage());
                })
                .replaceWithVoid();
    }

    private InsightCandidate read(String payload) {
        try {
            return validate(EventCodec.decode(payload, InsightCandidate.class));
        } catch (InvalidEventException e) {
            rejected.increment();
            LOG.warnf("insight candidate rejected to the dead-letter topic: %s", e.getMessage());
            throw e;
        }
    }

    /** A candidate opened from its sealed form: its text is checked now (unreadable: to the dead-letter topic). */
    private InsightCandidate opened(InsightCandidate c) {
        try {
            return validate(c);
        } catch (InvalidEventException e) {
            rejected.increment();
            throw e;
        }
    }

    /**
     * Fields the decoder accepts but a stored candidate needs; the message is the dead-letter reason. A sealed
     * candidate's text is checked once opened.
     */
    static InsightCandidate validate(InsightCandidate c) {
        require(c.id() != null, "id is missing");
        require(c.brand() != null && !c.brand().isBlank(), "brand is missing");
        require(c.brand().length() <= MAX_BRAND, "brand is longer than " + MAX_BRAND + " characters");
        require(c.zone() != null, "zone is missing");
        require(c.sealed() != null || c.text() != null && !c.text().isBlank(), "text is missing");
        require(c.text() == null || c.text().length() <= MAX_TEXT, "text is longer than " + MAX_TEXT + " characters");
        require(c.persona() == null || c.persona().length() <= MAX_PERSONA, "persona is longer than " + MAX_PERSONA
                + " characters");
        require(c.theme() == null || c.theme().length() <= MAX_THEME, "theme is longer than " + MAX_THEME
                + " characters");
        require(c.evidenceMentionIds().size() <= MAX_EVIDENCE, "more than " + MAX_EVIDENCE + " evidenceMentionIds");
        require(c.evidenceMentionIds().stream().allMatch(Objects::nonNull), "evidenceMentionIds holds a null");
        require(c.count() >= 0, "count is negative");
        for (String field : new String[]{c.brand(), c.persona(), c.text(), c.theme()}) {
            require(field == null || field.indexOf('\u0000') < 0, "text fields must not contain NUL characters");
        }
        require(c.firstSeen() == null || c.lastSeen() == null || !c.lastSeen().isBefore(c.firstSeen()),
                "lastSeen is before firstSeen");
        return c;
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new InvalidEventException("invalid InsightCandidate: " + problem);
        }
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder("earshot.candidates.received")
                .description("Insight candidates consumed from insights.candidates, by outcome")
                .tag("outcome", outcome)
                .register(registry);
    }
}
