package io.earshot.listener.ingest;

import io.earshot.contracts.Ids;
import io.earshot.contracts.events.Author;
import io.earshot.contracts.events.ConversationRef;
import io.earshot.contracts.events.Mention;
import io.earshot.contracts.events.Pii;
import io.earshot.contracts.events.ThreadRef;
import io.earshot.listener.neardup.NearDuplicateIndex;
import io.earshot.listener.outbox.OutboxRelay;
import io.earshot.listener.pii.PiiRedactor;
import io.earshot.listener.privacy.OptOutStore;
import io.earshot.platform.privacy.SubjectKeys;
import io.earshot.platform.vertx.SafeContext;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Accepts mentions: drops those of authors who opted out, redacts personal data, stores each once (durable unique key
 * on source + externalId) and writes it to the outbox in the same transaction, so that a stored mention is always
 * published eventually, even when Kafka is down at the time.
 *
 * <p>A batch (a single mention is a batch of one) is one transaction on the reactive PostgreSQL client with a fixed
 * number of statements whatever its size (docs/pipeline.md): the brands' near-duplicate locks, the opt-out read, the
 * read of the ids already stored and the near-duplicate candidates go out together (pipelined on the connection, one
 * round trip); then one insert of the mentions and their outbox rows, and one write of the near-duplicate index.
 */
@ApplicationScoped
public class IngestService {
    private final PiiRedactor redactor;
    private final DedupCache dedup;
    private final OutboxRelay relay;
    private final NearDuplicateIndex nearDuplicates;
    private final OptOutStore optOuts;
    private final MentionStore mentions;
    private final SubjectKeys keys;
    private final boolean seal;
    private final Pool pool;
    private final Clock clock;

    public IngestService(PiiRedactor redactor, DedupCache dedup, OutboxRelay relay, NearDuplicateIndex nearDuplicates,
            OptOutStore optOuts, MentionStore mentions, SubjectKeys keys, Pool pool,
            @ConfigProperty(name = "earshot.privacy.seal-mentions") boolean seal) {
        this.optOuts = optOuts;
        this.keys = keys;
        this.seal = seal;
        this.redactor = redactor;
        this.dedup = dedup;
        this.relay = relay;
        this.nearDuplicates = nearDuplicates;
        this.mentions = mentions;
        this.pool = pool;
        this.clock = Clock.systemUTC();
    }

    /** Sealing mentions needs the key-encryption key that seals their authors' data keys: refuse to start without. */
    void checkSealing(@Observes StartupEvent start) {
        if (seal && !keys.configured()) {
            throw new IllegalStateException("earshot.privacy.seal-mentions is on but EARSHOT_SECRETS_KEY is empty: the "
                    + "authors' data keys cannot be sealed (set the key, or EARSHOT_SEAL_MENTIONS=false to publish "
                    + "mentions in clear)");
        }
    }

    /** Store the inputs; {@code traceId}/{@code traceparent} tie the published events to the caller's trace. */
    public Uni<IngestResult> ingest(List<MentionInput> inputs, String traceId, String traceparent) {
        return ingest(inputs, null, traceId, traceparent);
    }

    /**
     * As {@link #ingest(List, String, String)}, recording for each input the query terms it matched
     * ({@code matchedTerms.get(i)} belongs to {@code inputs.get(i)}); null or an empty list records the brand, as the
     * push API does.
     */
    public Uni<IngestResult> ingest(List<MentionInput> inputs, List<List<String>> matchedTerms, String traceId,
            String traceparent) {
        // Redaction is the CPU-heavy part (phone numbers: a batch of 200 held an event loop for seconds under load,
        // stalling every request and relay callback on it): it runs on a worker thread, the event loop does the I/O.
        return prepareAndStore(() -> prepare(inputs, matchedTerms), traceId, traceparent);
    }

    /**
     * The turns of a live conversation: mentions like any other (redacted, stored once, published through the outbox),
     * each marked with its {@link ConversationRef} ({@code refs.get(i)} belongs to {@code inputs.get(i)}).
     */
    public Uni<IngestResult> ingestTurns(List<MentionInput> inputs, List<ConversationRef> refs, String traceId,
            String traceparent) {
        return prepareAndStore(() -> {
            List<Mention> prepared = prepare(inputs, null);
            List<Mention> turns = new ArrayList<>(prepared.size());
            for (int i = 0; i < prepared.size(); i++) {
                turns.add(prepared.get(i).withConversation(refs.get(i)));
            }
            return turns;
        }, traceId, traceparent);
    }

    private Uni<IngestResult> prepareAndStore(java.util.function.Supplier<List<Mention>> prepare, String traceId,
            String traceparent) {
        io.vertx.core.Context caller = Vertx.currentContext();
        return onCaller(caller, Uni.createFrom().item(prepare)
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(prepared -> store(prepared, traceId, traceparent)));
    }

    /**
     * The result is delivered on the caller's Vert.x context, as when the whole path ran there: callers continue with
     * Hibernate Reactive (the source poller records its poll), which needs its own context, not the PostgreSQL or
     * Redis client's event loop where the batch ended.
     */
    private static <T> Uni<T> onCaller(io.vertx.core.Context caller, Uni<T> work) {
        return caller == null ? work : work.emitOn(SafeContext.on(caller));
    }

    /**
     * The mentions the inputs become, redacted (CPU work, no I/O): callers with many inputs and a thread of their own
     * (bulk imports) call this there, then {@link #ingestPrepared}, so the event loop only does the I/O.
     */
    public List<Mention> prepare(List<MentionInput> inputs, List<List<String>> matchedTerms) {
        Instant now = clock.instant();
        List<Mention> out = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            List<String> terms = matchedTerms == null || i >= matchedTerms.size() ? null : matchedTerms.get(i);
            out.add(toMention(inputs.get(i), terms, now));
        }
        return out;
    }

    /** What a batch's transaction did: the ids it stored and the ids dropped because their author opted out. */
    private record Stored(Set<UUID> stored, Set<UUID> optedOut) {}

    /**
     * Stores mentions made by {@link #prepare}: opted-out authors dropped, dedup, near-duplicates, mention + outbox rows
     * in one transaction.
     */
    public Uni<IngestResult> ingestPrepared(List<Mention> all, String traceId, String traceparent) {
        return onCaller(Vertx.currentContext(), store(all, traceId, traceparent));
    }

    private Uni<IngestResult> store(List<Mention> all, String traceId, String traceparent) {
        List<UUID> allIds = all.stream().map(Mention::id).toList();
        Map<UUID, Mention> unique = new LinkedHashMap<>();
        all.forEach(m -> unique.putIfAbsent(m.id(), m));
        List<Mention> distinct = new ArrayList<>(unique.values());
        if (distinct.isEmpty()) {
            return Uni.createFrom().item(new IngestResult(allIds, 0, 0, 0));
        }
        return dedup.known(new ArrayList<>(unique.keySet()))
                .flatMap(suggested -> suggested.size() == distinct.size()
                        ? knownAlready(distinct, traceId, traceparent)
                        : pool.withTransaction(c -> store(c, distinct, traceId, traceparent)))
                .flatMap(result -> dedup.remember(result.stored()).replaceWith(result))
                .invoke(result -> {
                    if (!result.stored().isEmpty()) {
                        relay.kick();
                    }
                })
                .map(result -> {
                    int optedOut = (int) all.stream().filter(m -> result.optedOut().contains(m.id())).count();
                    int stored = result.stored().size();
                    return new IngestResult(allIds, stored, all.size() - optedOut - stored, optedOut);
                });
    }

    /**
     * Redis only suggests duplicates: when it knows the whole batch, one pipelined read of the opt-outs and of the
     * stored ids confirms it without taking any lock, so a stale cache (a restored or recreated database, say) can
     * never make the listener drop a mention; if anything is missing, the batch takes the full way.
     */
    private Uni<Stored> knownAlready(List<Mention> distinct, String traceId, String traceparent) {
        UUID[] ids = distinct.stream().map(Mention::id).toArray(UUID[]::new);
        return pool.withConnection(c -> Uni.combine().all()
                .unis(optOuts.optedOut(c, distinct), mentions.existing(c, ids)).asTuple())
                .flatMap(read -> {
                    boolean allThere = distinct.stream()
                            .allMatch(m -> read.getItem1().contains(m.id()) || read.getItem2().contains(m.id()));
                    return allThere
                            ? Uni.createFrom().item(new Stored(Set.of(), read.getItem1()))
                            : pool.withTransaction(c -> store(c, distinct, traceId, traceparent));
                });
    }

    /**
     * The batch's transaction. The brands' near-duplicate locks are taken first, so that each mention sees the ones
     * stored before it (in this batch or a concurrent one) and a burst of copies forms one cluster; the reads that
     * follow (opt-outs, ids stored already, near-duplicate candidates) are sent with it, pipelined, and run after it on
     * the server, so mentions a concurrent batch stored are left out and the clusters count only what this batch stores.
     */
    private Uni<Stored> store(SqlConnection c, List<Mention> distinct, String traceId, String traceparent) {
        UUID[] ids = distinct.stream().map(Mention::id).toArray(UUID[]::new);
        // Conversation turns stay out of the near-duplicate index: they are one-to-one messages to a brand's bot, where
        // the same words in many chats ("agent please", the bot's own fallback) are common phrasing, not a campaign;
        // and a turn must not wait for the brand's lock behind every other chat's turn (docs/conversations.md).
        List<Mention> indexed = distinct.stream().filter(m -> m.conversation() == null).toList();
        return Uni.combine().all().unis(
                indexed.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : nearDuplicates.lockBrands(c, indexed.stream().map(Mention::brand).toList()),
                optOuts.optedOut(c, distinct),
                mentions.existing(c, ids),
                nearDuplicates.candidates(c, indexed)).asTuple()
                .flatMap(read -> {
                    Set<UUID> optedOut = read.getItem2();
                    Set<UUID> existing = read.getItem3();
                    List<Mention> fresh = distinct.stream()
                            .filter(m -> !optedOut.contains(m.id()) && !existing.contains(m.id())).toList();
                    if (fresh.isEmpty()) {
                        return Uni.createFrom().item(new Stored(Set.of(), optedOut));
                    }
                    List<Mention> annotated = annotate(fresh, read.getItem4());
                    // The authors' data keys exist before their mentions are committed, and the outbox publishes
                    // the mentions sealed under them (crypto-shredding, docs/privacy.md).
                    Uni<Map<String, byte[]>> authorKeys = keys.configured()
                            ? keys.ensure(annotated)
                            : Uni.createFrom().item(Map.of());
                    return authorKeys.chain(found -> mentions.insert(c, annotated, seal ? found : Map.of(), traceId,
                            traceparent))
                            .flatMap(inserted -> nearDuplicates
                                    .record(c, annotated.stream().filter(m -> inserted.contains(m.id())).toList())
                                    .replaceWith(new Stored(inserted, optedOut)));
                });
    }

    /** The fresh mentions in order, those that are not conversation turns with their near-duplicate information. */
    private List<Mention> annotate(List<Mention> fresh, NearDuplicateIndex.Candidates candidates) {
        List<Mention> indexed = fresh.stream().filter(m -> m.conversation() == null).toList();
        if (indexed.size() == fresh.size()) {
            return nearDuplicates.annotate(fresh, candidates);
        }
        Iterator<Mention> annotated = nearDuplicates.annotate(indexed, candidates).iterator();
        return fresh.stream().map(m -> m.conversation() == null ? annotated.next() : m).toList();
    }

    Mention toMention(MentionInput in, Instant now) {
        return toMention(in, null, now);
    }

    Mention toMention(MentionInput in, List<String> matchedTerms, Instant now) {
        PiiRedactor.Result text = redactor.redact(in.text());
        PiiRedactor.Result displayName = redactor.redact(in.author().displayName());
        List<String> kinds = new ArrayList<>(text.kinds());
        displayName.kinds().stream().filter(k -> !kinds.contains(k)).forEach(kinds::add);
        MentionInput.AuthorInput a = in.author();
        Author author = new Author(a.id(), a.handle(), displayName.text(), a.followers(),
                Boolean.TRUE.equals(a.verified()), a.createdAt());
        ThreadRef thread = in.thread() == null
                ? ThreadRef.NONE
                : new ThreadRef(in.thread().rootId(), in.thread().parentId());
        return new Mention(Mention.SCHEMA_VERSION, Ids.mentionId(in.source(), in.externalId()), in.source(),
                in.externalId(), in.url(), in.brand().toLowerCase(java.util.Locale.ROOT),
                matchedTerms == null || matchedTerms.isEmpty()
                        ? List.of(in.brand().toLowerCase(java.util.Locale.ROOT))
                        : matchedTerms,
                author, text.text(), in.lang() == null ? null : in.lang().toLowerCase(java.util.Locale.ROOT),
                in.createdAt(), now, thread, new Pii(!kinds.isEmpty(), kinds));
    }
}
