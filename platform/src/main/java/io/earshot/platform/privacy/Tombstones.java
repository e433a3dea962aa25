package io.earshot.platform.privacy;

import io.earshot.contracts.events.ErasureRequest;
import io.earshot.contracts.events.Mention;
import io.earshot.platform.db.SqlValues;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Erasure tombstones: a service that erased a subject keeps the hashes of the subject's keys ({@link Subjects#keys},
 * SHA-256) with the time of the request in its {@code erased_subjects} table, and its consumers drop a mention of that
 * subject fetched at or before that time; a request that erases single mentions (deleted at their source) leaves the
 * hash of each mention's key ({@link Subjects#mention}) instead, and a copy of that mention is dropped the same way. So a mention still in flight when the erasure arrived (consumer lag, a
 * dead-letter replay, a topic read again from the start) cannot bring the erased data back; a mention fetched after
 * the request is new (an author who did not opt out may be heard again). Only hashes are kept, as in the listener's
 * opt-out list. The SQL is the same in every service: {@link #LOOKUP} for the consumers' reactive SQL client,
 * {@link #RECORD} (Hibernate Reactive's {@code ?n}) in the erasure's transaction.
 */
public final class Tombstones {
    /** The tombstones among $1 (text[] of hashes): hash, erased_before (the consumers' reactive SQL client). */
    public static final String LOOKUP = "select subject_hash, erased_before from erased_subjects where subject_hash = any($1)";
    /** Records one tombstone (?1 hash, ?2 erased_before); a later request moves it forward. */
    public static final String RECORD = """
            insert into erased_subjects (subject_hash, erased_before) values (?1, ?2)
            on conflict (subject_hash) do update set erased_before = greatest(erased_subjects.erased_before, excluded.erased_before)""";

    private Tombstones() {}

    /** The hashes of an erasure request's subject. */
    public static List<String> hashes(ErasureRequest.Subject subject) {
        return Subjects.keys(subject).stream().map(Subjects::sha256).toList();
    }

    /**
     * The tombstones a request leaves: the hashes of its subject's keys, or of each named mention's key
     * ({@link Subjects#mention}) when it erases single mentions (only those mentions are then dropped in flight).
     */
    public static List<String> hashes(ErasureRequest request) {
        return !request.mentionScoped()
                ? hashes(request.subject())
                : request.mentionIds().stream().map(id -> Subjects.sha256(Subjects.mention(id))).toList();
    }

    /**
     * Records a request's tombstones one after another in the erasure's transaction: {@code statement} runs
     * {@link #RECORD} for one hash and erased_before with the service's session, giving the rows it wrote.
     *
     * @return the rows written in all
     */
    public static Uni<Integer> record(ErasureRequest request,
            BiFunction<String, OffsetDateTime, Uni<Integer>> statement) {
        OffsetDateTime before = SqlValues.utc(erasedBefore(request));
        Uni<Integer> all = Uni.createFrom().item(0);
        for (String hash : hashes(request)) {
            all = all.chain(n -> statement.apply(hash, before).map(k -> n + k));
        }
        return all;
    }

    /** The time a request's tombstones hold until: when it was requested (now when it does not say). */
    public static Instant erasedBefore(ErasureRequest request) {
        return request.requestedAt() == null ? Instant.now() : request.requestedAt();
    }

    /** The hashes of a mention's author (source:authorId, source:@handle) and of the mention itself (mention:id). */
    public static List<String> hashes(Mention m) {
        if (m == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>(3);
        if (m.id() != null) {
            out.add(Subjects.sha256(Subjects.mention(m.id())));
        }
        if (m.author() == null) {
            return out;
        }
        String author = Subjects.author(m.source(), m.author().id());
        String handle = Subjects.handle(m.source(), m.author().handle());
        if (author != null) {
            out.add(Subjects.sha256(author));
        }
        if (handle != null) {
            out.add(Subjects.sha256(handle));
        }
        return out;
    }

    /** Every hash of the given mentions, for one {@link #LOOKUP}. */
    public static String[] hashes(Collection<Mention> mentions) {
        Set<String> all = new LinkedHashSet<>();
        mentions.forEach(m -> all.addAll(hashes(m)));
        return all.toArray(new String[0]);
    }

    /** Whether {@code m} is of an erased subject and was fetched at or before the erasure (no time: erased). */
    public static boolean erased(Mention m, Map<String, Instant> tombstones) {
        if (tombstones.isEmpty()) {
            return false;
        }
        Instant at = m.fetchedAt() != null ? m.fetchedAt() : m.createdAt();
        for (String h : hashes(m)) {
            Instant before = tombstones.get(h);
            if (before != null && (at == null || !at.isAfter(before))) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code items} without the mentions of erased subjects fetched before their erasure: one {@code lookup} (the
     * service runs {@link #LOOKUP} with its SQL client, giving hash to erased_before) for the whole batch.
     */
    public static <T> Uni<List<T>> keep(List<T> items, Function<T, Mention> mention,
            Function<String[], Uni<Map<String, Instant>>> lookup) {
        String[] hashes = hashes(items.stream().map(mention).toList());
        if (hashes.length == 0) {
            return Uni.createFrom().item(items);
        }
        return lookup.apply(hashes).map(tombstones -> keep(items, mention, tombstones));
    }

    /** {@link #keep(List, Function, Function)} with the lookup run on a service's reactive SQL client. */
    public static <T> Uni<List<T>> keep(Pool pool, List<T> items, Function<T, Mention> mention) {
        return keep(items, mention, hashes -> pool.preparedQuery(LOOKUP).execute(Tuple.of(hashes)).map(rows -> {
            Map<String, Instant> tombstones = new HashMap<>();
            for (Row r : rows) {
                tombstones.put(r.getString(0), r.getOffsetDateTime(1).toInstant());
            }
            return tombstones;
        }));
    }

    /** {@code items} without those whose mention is {@link #erased}. */
    public static <T> List<T> keep(List<T> items, Function<T, Mention> mention, Map<String, Instant> tombstones) {
        if (tombstones.isEmpty()) {
            return items;
        }
        return items.stream().filter(i -> !erased(mention.apply(i), tombstones)).toList();
    }
}
