package io.earshot.listener.ingest;

import io.earshot.contracts.Ids;
import io.earshot.contracts.Topics;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.Author;
import io.earshot.contracts.events.Mention;
import io.earshot.contracts.events.Pii;
import io.earshot.contracts.events.ThreadRef;
import io.earshot.listener.outbox.OutboxRelay;
import io.earshot.listener.pii.PiiRedactor;
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

/**
 * Accepts mentions: redacts personal data, stores each once (durable unique key on source + externalId) and writes
 * it to the outbox in the same transaction, so that a stored mention is always published eventually, even when Kafka
 * is down at the time.
 */
@ApplicationScoped
public class IngestService {
    private static final String INSERT_MENTION = """
            insert into mentions (id, source, external_id, brand, author_id, author_handle, created_at, pii_redacted, trace_id, payload)
            values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
            on conflict (source, external_id) do nothing""";
    private static final String INSERT_OUTBOX = "insert into outbox (topic, kafka_key, payload, traceparent) values (?1, ?2, ?3, ?4)";

    private final PiiRedactor redactor;
    private final DedupCache dedup;
    private final OutboxRelay relay;
    private final Clock clock;

    public IngestService(PiiRedactor redactor, DedupCache dedup, OutboxRelay relay) {
        this.redactor = redactor;
        this.dedup = dedup;
        this.relay = relay;
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
        Instant now = clock.instant();
        List<Mention> mentions = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            List<String> terms = matchedTerms == null || i >= matchedTerms.size() ? null : matchedTerms.get(i);
            mentions.add(toMention(inputs.get(i), terms, now));
        }
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
                .map(stored -> new IngestResult(ids, stored.size(), ids.size() - stored.size()));
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

    @WithTransaction
    Uni<Set<UUID>> store(List<Mention> fresh, String traceId, String traceparent) {
        Set<UUID> stored = new HashSet<>();
        Set<UUID> seenInBatch = new HashSet<>();
        return Multi.createFrom().iterable(fresh)
                .filter(m -> seenInBatch.add(m.id()))
                .onItem().transformToUniAndConcatenate(m -> insert(m, traceId, traceparent).invoke(inserted -> {
                    if (inserted) {
                        stored.add(m.id());
                    }
                }))
                .collect().last()
                .replaceWith(stored);
    }

    private Uni<Boolean> insert(Mention m, String traceId, String traceparent) {
        String payload = EventCodec.encode(m);
        return Panache.getSession().flatMap(session -> session.createNativeQuery(INSERT_MENTION)
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
                .executeUpdate()
                .flatMap(rows -> rows == 0
                        ? Uni.createFrom().item(false)
                        : session.createNativeQuery(INSERT_OUTBOX)
                                .setParameter(1, Topics.MENTIONS_RAW)
                                .setParameter(2, m.kafkaKey())
                                .setParameter(3, payload)
                                .setParameter(4, traceparent)
                                .executeUpdate()
                                .replaceWith(true)));
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
