package io.earshot.listener.ingest;

import io.earshot.contracts.Ids;
import io.earshot.contracts.Topics;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.Author;
import io.earshot.contracts.events.Mention;
import io.earshot.contracts.events.Pii;
import io.earshot.contracts.events.ThreadRef;
import io.earshot.listener.neardup.NearDuplicateIndex;
import io.earshot.listener.outbox.OutboxRelay;
import io.earshot.listener.pii.PiiRedactor;
import io.earshot.listener.privacy.OptOutStore;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Accepts mentions: drops those of authors who opted out, redacts personal data, stores each once (durable unique key on source + externalId) and writes
 * it to the outbox in the same transaction, so that a stored mention is always published eventually, even when Kafka
 * is down at the time.
 */
@ApplicationScoped
public class IngestService {
    /** One round trip: the mention (once per source + externalId) and, only if it was new, its outbox row. */
    private static final String INSERT_MENTION = """
            with inserted as (
                insert into mentions (id, source, external_id, brand, author_id, author_handle, created_at, pii_redacted, trace_id, payload)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                on conflict (source, external_id) do nothing
                returning id)
            insert into outbox (topic, kafka_key, payload, traceparent) select ?11, ?12, ?10, ?13 from inserted""";

    private final PiiRedactor redactor;
    private final DedupCache dedup;
    private final OutboxRelay relay;
    private final NearDuplicateIndex nearDuplicates;
    private final OptOutStore optOuts;
    private final Clock clock;

    public IngestService(PiiRedactor redactor, DedupCache dedup, OutboxRelay relay, NearDuplicateIndex nearDuplicates,
            OptOutStore optOuts) {
        this.optOuts = optOuts;
        this.redactor = redactor;
        this.dedup = dedup;
        this.relay = relay;
        this.nearDuplicates = nearDuplicates;
        this.clock = Clock.systemUTC();
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
        return ingestPrepared(prepare(inputs, matchedTerms), traceId, traceparent);
    }

    /**
     * The mentions the inputs become, redacted (CPU work, no I/O): callers with many inputs and a thread of their own
     * (bulk imports) call this there, then {@link #ingestPrepared}, so the event loop only does the I/O.
     */
    public List<Mention> prepare(List<MentionInput> inputs, List<List<String>> matchedTerms) {
        Instant now = clock.instant();
        List<Mention> mentions = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            List<String> terms = matchedTerms == null || i >= matchedTerms.size() ? null : matchedTerms.get(i);
            mentions.add(toMention(inputs.get(i), terms, now));
        }
        return mentions;
    }

    /**
     * Stores mentions made by {@link #prepare}: opted-out authors dropped, dedup, near-duplicates, mention + outbox rows
     * in one transaction.
     */
    public Uni<IngestResult> ingestPrepared(List<Mention> all, String traceId, String traceparent) {
        List<UUID> ids = all.stream().map(Mention::id).toList();
        return optOuts.optedOut(all).flatMap(blocked -> blocked.isEmpty() ? ingestAllowed(all, ids, 0, traceId, traceparent)
                : ingestAllowed(all.stream().filter(m -> !blocked.contains(m.id())).toList(), ids,
                        (int) all.stream().filter(m -> blocked.contains(m.id())).count(), traceId, traceparent));
    }

    private Uni<IngestResult> ingestAllowed(List<Mention> mentions, List<UUID> allIds, int optedOut, String traceId,
            String traceparent) {
        List<UUID> ids = mentions.stream().map(Mention::id).toList();
        return dedup.known(ids)
                .flatMap(this::confirmStored)
                .flatMap(known -> store(mentions.stream().filter(m -> !known.contains(m.id())).toList(), traceId, traceparent))
                .flatMap(stored -> dedup.remember(stored).replaceWith(stored))
                .invoke(stored -> {
                    if (!stored.isEmpty()) {
                        relay.kick();
                    }
                })
                .map(stored -> new IngestResult(allIds, stored.size(), ids.size() - stored.size(), optedOut));
    }

    /**
     * Redis only suggests duplicates: one batched read confirms which of them the database really holds, so a stale
     * cache (a restored or recreated database, say) can never make the listener drop a mention.
     */
    @WithSession
    Uni<Set<UUID>> confirmStored(Set<UUID> suggested) {
        if (suggested.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return Panache.getSession().flatMap(session -> session
                .createNativeQuery("select id from mentions where id = any(?1)", UUID.class)
                .setParameter(1, suggested.toArray(new UUID[0]))
                .getResultList())
                .map(Set::copyOf);
    }

    /**
     * Inserts the new mentions one after the other in one transaction. The brands' near-duplicate locks are taken
     * first, so that each mention sees the ones stored before it (in this batch or a concurrent one) and a burst of
     * copies forms one cluster.
     */
    @WithTransaction
    Uni<Set<UUID>> store(List<Mention> fresh, String traceId, String traceparent) {
        Set<UUID> stored = new HashSet<>();
        Set<UUID> seenInBatch = new HashSet<>();
        if (fresh.isEmpty()) {
            return Uni.createFrom().item(stored);
        }
        return Panache.getSession().flatMap(session -> nearDuplicates
                .lockBrands(session, fresh.stream().map(Mention::brand).toList())
                .flatMap(locked -> Multi.createFrom().iterable(fresh)
                        .filter(m -> seenInBatch.add(m.id()))
                        .onItem().transformToUniAndConcatenate(m -> nearDuplicates.annotate(session, m)
                                .flatMap(annotated -> insert(session, annotated, traceId, traceparent)
                                        .flatMap(inserted -> inserted
                                                ? nearDuplicates.record(session, annotated).invoke(() -> stored.add(m.id()))
                                                : Uni.createFrom().voidItem())))
                        .collect().last()))
                .replaceWith(stored);
    }

    private Uni<Boolean> insert(Mutiny.Session session, Mention m, String traceId, String traceparent) {
        String payload = EventCodec.encode(m);
        return session.createNativeQuery(INSERT_MENTION)
                .setParameter(1, m.id())
                .setParameter(2, m.source())
                .setParameter(3, m.externalId())
                .setParameter(4, m.brand())
                .setParameter(5, m.author().id())
                .setParameter(6, m.author().handle())
                .setParameter(7, m.createdAt().atOffset(ZoneOffset.UTC))
                .setParameter(8, m.pii().redacted())
                .setParameter(9, traceId)
                .setParameter(10, payload)
                .setParameter(11, Topics.MENTIONS_RAW)
                .setParameter(12, m.kafkaKey())
                .setParameter(13, traceparent)
                .executeUpdate()
                .map(rows -> rows > 0);
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
        ThreadRef thread = in.thread() == null ? ThreadRef.NONE : new ThreadRef(in.thread().rootId(), in.thread().parentId());
        return new Mention(Mention.SCHEMA_VERSION, Ids.mentionId(in.source(), in.externalId()), in.source(),
                in.externalId(), in.url(), in.brand().toLowerCase(java.util.Locale.ROOT),
                matchedTerms == null || matchedTerms.isEmpty() ? List.of(in.brand().toLowerCase(java.util.Locale.ROOT)) : matchedTerms,
                author, text.text(), in.lang() == null ? null : in.lang().toLowerCase(java.util.Locale.ROOT),
                in.createdAt(), now, thread, new Pii(!kinds.isEmpty(), kinds));
    }
}
