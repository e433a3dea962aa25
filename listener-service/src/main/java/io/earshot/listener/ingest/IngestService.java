package io.earshot.listener.ingest;

import io.earshot.contracts.db.SqlValues;
import io.earshot.contracts.Ids;
import io.earshot.contracts.Topics;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.Author;
import io.earshot.contracts.events.Mention;
import io.earshot.contracts.events.NearDuplicate;
import io.earshot.contracts.events.Pii;
import io.earshot.contracts.events.ThreadRef;
import io.earshot.contracts.text.SimHash;
import io.earshot.listener.neardup.NearDuplicateIndex;
import io.earshot.listener.outbox.OutboxRelay;
import io.earshot.listener.pii.PiiRedactor;
import io.earshot.listener.privacy.OptOutStore;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    /**
     * One round trip for a batch: the mentions (each once per source + externalId, in batch order) and, only for those
     * that were new, their outbox rows in the same order, so one author's events are relayed in sequence.
     */
    private static final String INSERT_MENTIONS = """
            with input as (
                select * from unnest(cast(?1 as uuid[]), cast(?2 as text[]), cast(?3 as text[]), cast(?4 as text[]),
                    cast(?5 as text[]), cast(?6 as text[]), cast(cast(?7 as text[]) as timestamptz[]), cast(?8 as boolean[]),
                    cast(?9 as text[]), cast(?10 as bigint[]), cast(?11 as uuid[]), cast(?12 as text[]))
                with ordinality as t(id, source, external_id, brand, author_id, author_handle, created_at, pii_redacted,
                    payload, fingerprint, cluster_id, kafka_key, ord)),
            inserted as (
                insert into mentions (id, source, external_id, brand, author_id, author_handle, created_at, pii_redacted,
                    trace_id, payload, fingerprint, cluster_id)
                select id, source, external_id, brand, author_id, author_handle, created_at, pii_redacted, ?13, payload,
                    fingerprint, cluster_id from input order by ord
                on conflict (source, external_id) do nothing
                returning id),
            queued as (
                insert into outbox (topic, kafka_key, payload, traceparent)
                select ?14, i.kafka_key, i.payload, ?15 from input i join inserted using (id) order by i.ord)
            select id from inserted""";

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
        return Panache.getSession().flatMap(session -> confirmStored(session, suggested));
    }

    private static Uni<Set<UUID>> confirmStored(Mutiny.Session session, Set<UUID> ids) {
        return session.createNativeQuery("select id from mentions where id = any(?1)", UUID.class)
                .setParameter(1, ids.toArray(new UUID[0]))
                .getResultList()
                .map(Set::copyOf);
    }

    /**
     * Inserts the new mentions in one transaction, a few round trips per batch. The brands' near-duplicate locks are
     * taken first, so that each mention sees the ones stored before it (in this batch or a concurrent one) and a burst
     * of copies forms one cluster; under the lock, mentions a concurrent batch stored since {@link #confirmStored}
     * are left out, so the clusters count only what this batch stores.
     */
    @WithTransaction
    Uni<Set<UUID>> store(List<Mention> fresh, String traceId, String traceparent) {
        if (fresh.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        Map<UUID, Mention> unique = new LinkedHashMap<>();
        fresh.forEach(m -> unique.putIfAbsent(m.id(), m));
        return Panache.getSession().flatMap(session -> nearDuplicates
                .lockBrands(session, unique.values().stream().map(Mention::brand).toList())
                .flatMap(locked -> confirmStored(session, unique.keySet()))
                .map(known -> unique.values().stream().filter(m -> !known.contains(m.id())).toList())
                .flatMap(candidates -> candidates.isEmpty() ? Uni.createFrom().item(List.<Mention>of())
                        : nearDuplicates.annotate(session, candidates))
                .flatMap(annotated -> insert(session, annotated, traceId, traceparent)
                        .flatMap(inserted -> {
                            List<Mention> stored = annotated.stream().filter(m -> inserted.contains(m.id())).toList();
                            return nearDuplicates.record(session, stored).replaceWith(inserted);
                        })));
    }

    private Uni<Set<UUID>> insert(Mutiny.Session session, List<Mention> mentions, String traceId, String traceparent) {
        if (mentions.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        int n = mentions.size();
        UUID[] ids = new UUID[n];
        String[] sources = new String[n];
        String[] externalIds = new String[n];
        String[] brands = new String[n];
        String[] authorIds = new String[n];
        String[] handles = new String[n];
        OffsetDateTime[] createdAt = new OffsetDateTime[n];
        Boolean[] redacted = new Boolean[n];
        String[] payloads = new String[n];
        Long[] fingerprints = new Long[n];
        UUID[] clusters = new UUID[n];
        String[] keys = new String[n];
        for (int i = 0; i < n; i++) {
            Mention m = mentions.get(i);
            ids[i] = m.id();
            sources[i] = m.source();
            externalIds[i] = m.externalId();
            brands[i] = m.brand();
            authorIds[i] = m.author().id();
            handles[i] = m.author().handle();
            createdAt[i] = m.createdAt().atOffset(ZoneOffset.UTC);
            redacted[i] = m.pii().redacted();
            payloads[i] = EventCodec.encode(m);
            NearDuplicate nd = m.nearDuplicate();
            fingerprints[i] = nd == null ? null : SimHash.parseHex(nd.fingerprint());
            clusters[i] = nd == null ? null : nd.clusterId();
            keys[i] = m.kafkaKey();
        }
        return session.createNativeQuery(INSERT_MENTIONS, UUID.class)
                .setParameter(1, ids)
                .setParameter(2, sources)
                .setParameter(3, externalIds)
                .setParameter(4, brands)
                .setParameter(5, authorIds)
                .setParameter(6, handles)
                .setParameter(7, SqlValues.timestamps(createdAt))
                .setParameter(8, redacted)
                .setParameter(9, payloads)
                .setParameter(10, fingerprints)
                .setParameter(11, clusters)
                .setParameter(12, keys)
                .setParameter(13, traceId)
                .setParameter(14, Topics.MENTIONS_RAW)
                .setParameter(15, traceparent)
                .getResultList()
                .map(Set::copyOf);
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
