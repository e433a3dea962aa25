package io.earshot.listener.ingest;

import io.earshot.contracts.Topics;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.Mention;
import io.earshot.contracts.events.NearDuplicate;
import io.earshot.contracts.text.SimHash;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The mentions table and its outbox rows on the ingest hot path, on the reactive PostgreSQL client, in the caller's
 * transaction: which of a batch's ids are stored already (one {@code = ANY} read), and the batch's insert (one
 * statement for the mentions and their outbox rows).
 */
@ApplicationScoped
public class MentionStore {
    private static final String EXISTING = "select id from mentions where id = any($1)";
    /**
     * One statement for a batch: the mentions (each once per source + externalId, in batch order) and, only for those
     * that were new, their outbox rows in the same order, so one author's events are relayed in sequence.
     */
    private static final String INSERT = """
            with input as (
                select * from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                    $7::timestamptz[], $8::boolean[], $9::text[], $10::bigint[], $11::uuid[], $12::text[], $16::text[],
                    $17::text[])
                with ordinality as t(id, source, external_id, brand, author_id, author_handle, created_at, pii_redacted,
                    payload, fingerprint, cluster_id, kafka_key, conversation_id, published, ord)),
            inserted as (
                insert into mentions (id, source, external_id, brand, author_id, author_handle, created_at, pii_redacted,
                    trace_id, payload, fingerprint, cluster_id, conversation_id)
                select id, source, external_id, brand, author_id, author_handle, created_at, pii_redacted, $13, payload,
                    fingerprint, cluster_id, conversation_id from input order by ord
                on conflict (source, external_id) do nothing
                returning id),
            queued as (
                insert into outbox (topic, kafka_key, payload, traceparent)
                select $14, i.kafka_key, i.published, $15 from input i join inserted using (id) order by i.ord)
            select id from inserted""";

    /** The subset of {@code ids} already stored. */
    public Uni<Set<UUID>> existing(SqlConnection connection, UUID[] ids) {
        if (ids.length == 0) {
            return Uni.createFrom().item(Set.of());
        }
        return connection.preparedQuery(EXISTING).execute(Tuple.tuple().addArrayOfUUID(ids)).map(MentionStore::ids);
    }

    /**
     * Inserts the mentions and queues the new ones in the outbox; returns the ids that were new. The mentions are
     * stored in clear; what the outbox publishes is sealed under the author's data key from {@code authorKeys} (by
     * subject hash; crypto-shredding, docs/privacy.md), in clear when it holds none.
     */
    public Uni<Set<UUID>> insert(SqlConnection connection, List<Mention> mentions, Map<String, byte[]> authorKeys,
            String traceId, String traceparent) {
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
        String[] conversations = new String[n];
        String[] published = new String[n];
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
            byte[] key = authorKeys.get(m.subjectHash());
            published[i] = key == null ? payloads[i] : EventCodec.encode(m.seal(key));
            NearDuplicate nd = m.nearDuplicate();
            fingerprints[i] = nd == null ? null : SimHash.parseHex(nd.fingerprint());
            clusters[i] = nd == null ? null : nd.clusterId();
            keys[i] = m.kafkaKey();
            conversations[i] = m.conversation() == null ? null : m.conversation().id();
        }
        Tuple params = Tuple.tuple().addArrayOfUUID(ids).addArrayOfString(sources).addArrayOfString(externalIds)
                .addArrayOfString(brands).addArrayOfString(authorIds).addArrayOfString(handles)
                .addArrayOfOffsetDateTime(createdAt).addArrayOfBoolean(redacted).addArrayOfString(payloads)
                .addArrayOfLong(fingerprints).addArrayOfUUID(clusters).addArrayOfString(keys).addString(traceId)
                .addString(Topics.MENTIONS_RAW).addString(traceparent).addArrayOfString(conversations)
                .addArrayOfString(published);
        return connection.preparedQuery(INSERT).execute(params).map(MentionStore::ids);
    }

    private static Set<UUID> ids(Iterable<Row> rows) {
        Set<UUID> out = new HashSet<>();
        for (Row r : rows) {
            out.add(r.getUUID("id"));
        }
        return out;
    }
}
