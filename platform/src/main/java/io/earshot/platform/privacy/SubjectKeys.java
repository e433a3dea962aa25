package io.earshot.platform.privacy;

import io.earshot.contracts.codec.SubjectSeal;
import io.earshot.contracts.events.InsightCandidate;
import io.earshot.contracts.events.Mention;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.platform.messaging.Messages;
import io.earshot.platform.secrets.SecretBox;
import io.earshot.platform.secrets.Secrets;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The subject key vault, crypto-shredding's key store (docs/privacy.md "Crypto-shredding"): one random data key per
 * author ({@link SubjectSeal}), kept in {@code vault.subject_keys} of the key database (the reactive datasource named
 * {@code keys}, {@code EARSHOT_KEYS_DB_NAME}) sealed with the operator's key-encryption key ({@link Secrets},
 * {@code EARSHOT_SECRETS_KEY}, the subject hash bound in), never in clear and never on Kafka. The listener creates the
 * keys of a batch's authors before it seals their mentions into its outbox ({@link #ensure}) and destroys a subject's
 * keys in its erasure ({@link #destroy}); every consumer opens a batch of sealed records with one read
 * ({@link #open}), through a small cache that an erasure empties ({@link #forgetCached}). A sealed record whose key
 * is gone (or was replaced: the author was erased and heard again) is an erased subject's copy: {@link #open} leaves
 * it out, as a tombstone does, and counts it ({@link #shredded}).
 */
@ApplicationScoped
public class SubjectKeys {
    private static final Logger LOG = Logger.getLogger(SubjectKeys.class);
    static final String INSERT = """
            insert into vault.subject_keys (subject_hash, handle_hash, sealed_key)
            select * from unnest($1::text[], $2::text[], $3::text[]) on conflict (subject_hash) do nothing""";
    static final String READ = "select subject_hash, sealed_key from vault.subject_keys where subject_hash = any($1)";
    static final String DESTROY = """
            delete from vault.subject_keys where subject_hash = any($1) or handle_hash = any($2)
            returning subject_hash""";
    /** Keys kept in memory at most, and for how long: a replica that did not see an erasure forgets within this. */
    static final int CACHE_SIZE = 10_000;
    static final long CACHE_NANOS = 60_000_000_000L;

    /**
     * Looked up on first use, not required at start: a Quarkus application of the shared modules without the key
     * database (the web module's own tests) must still start; every service configures it.
     */
    private final Instance<Pool> pools;
    private final SecretBox box;
    private final AtomicLong shredded = new AtomicLong();
    private final Map<String, Cached> cache = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    private record Cached(byte[] key, long until) {}

    public SubjectKeys(@ReactiveDataSource("keys") Instance<Pool> pools, Secrets secrets) {
        this.pools = pools;
        this.box = secrets.box();
    }

    /** Whether keys can be sealed and opened: the operator gave a key-encryption key ({@code EARSHOT_SECRETS_KEY}). */
    public boolean configured() {
        return box.configured();
    }

    /**
     * The data keys of these mentions' authors by subject hash, created for the authors that have none: one
     * set-based insert of fresh keys ({@code on conflict do nothing}, so a concurrent batch's key wins), then one read.
     * Not cached: a key another replica destroyed in an erasure is never used again.
     */
    public Uni<Map<String, byte[]>> ensure(Collection<Mention> mentions) {
        Map<String, String> handles = new LinkedHashMap<>();
        for (Mention m : mentions) {
            String subject = m.subjectHash();
            String author = m.author() == null ? null : Subjects.author(m.source(), m.author().id());
            String handle = author == null ? null : Subjects.handle(m.source(), m.author().handle());
            handles.merge(subject, handle == null ? "" : Subjects.sha256(handle), (a, b) -> a.isEmpty() ? b : a);
        }
        if (handles.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        int n = handles.size();
        String[] subjects = handles.keySet().toArray(new String[0]);
        String[] handleHashes = new String[n];
        String[] sealed = new String[n];
        for (int i = 0; i < n; i++) {
            String h = handles.get(subjects[i]);
            handleHashes[i] = h.isEmpty() ? null : h;
            sealed[i] = box.seal(Base64.getEncoder().encodeToString(SubjectSeal.newKey()), subjects[i]);
        }
        return pools.get().preparedQuery(INSERT).execute(Tuple.of(subjects, handleHashes, sealed))
                .chain(() -> read(subjects));
    }

    /** The keys of these subjects that exist (cached ones first, then one {@code = any($1)} read for the rest). */
    public Uni<Map<String, byte[]>> find(Collection<String> subjects) {
        Map<String, byte[]> found = new HashMap<>();
        List<String> missing = new ArrayList<>();
        long now = System.nanoTime();
        synchronized (cache) {
            for (String s : new LinkedHashSet<>(subjects)) {
                Cached c = cache.get(s);
                if (c != null && now - c.until() < 0) {
                    found.put(s, c.key());
                } else {
                    missing.add(s);
                }
            }
        }
        if (missing.isEmpty()) {
            return Uni.createFrom().item(found);
        }
        return read(missing.toArray(new String[0])).map(read -> {
            long until = System.nanoTime() + CACHE_NANOS;
            synchronized (cache) {
                read.forEach((s, k) -> cache.put(s, new Cached(k, until)));
            }
            found.putAll(read);
            return found;
        });
    }

    /**
     * Destroys the keys of an erased subject: those of its authors' subject hashes and those recorded with its handle
     * hash; every record sealed under them is unreadable from then on. Answers how many keys were destroyed.
     */
    public Uni<Integer> destroy(Collection<String> subjectHashes, Collection<String> handleHashes) {
        if (subjectHashes.isEmpty() && handleHashes.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return pools.get().preparedQuery(DESTROY).execute(Tuple.of(subjectHashes.toArray(new String[0]), handleHashes
                .toArray(new String[0]))).map(rows -> {
                    forgetCached();
                    return rows.rowCount();
                });
    }

    /** Empties the cache: called when this replica erases a subject, so its key is read again (and found gone). */
    public void forgetCached() {
        synchronized (cache) {
            cache.clear();
        }
    }

    /** How many sealed records this process left out because their key was gone (erased subjects' copies). */
    public long shredded() {
        return shredded.get();
    }

    /**
     * {@code items} in clear: each sealed one ({@code subject} gives its subject hash, null when it is in clear)
     * opened with its subject's key ({@code open}), all keys of the batch read at once; a sealed item whose key is
     * gone, or does not open it, is an erased subject's copy and is left out (counted, never dead-lettered).
     */
    public <T> Uni<List<T>> open(List<T> items, Function<T, String> subject, BiFunction<T, byte[], T> open) {
        Set<String> subjects = new LinkedHashSet<>();
        for (T item : items) {
            String s = subject.apply(item);
            if (s != null) {
                subjects.add(s);
            }
        }
        if (subjects.isEmpty()) {
            return Uni.createFrom().item(items);
        }
        return find(subjects).map(keys -> {
            List<T> out = new ArrayList<>(items.size());
            int gone = 0;
            for (T item : items) {
                String s = subject.apply(item);
                T clear = s == null ? item : openOrNull(item, keys.get(s), open);
                if (clear != null) {
                    out.add(clear);
                } else {
                    gone++;
                }
            }
            if (gone > 0) {
                shredded.addAndGet(gone);
                LOG.debugf("%d sealed record(s) of erased subjects left out: their key is destroyed", gone);
            }
            return out;
        });
    }

    /** {@link #open} for a batch of scored mentions (escalation's and map's consumers of {@code mentions.scored}). */
    public Uni<List<Messages.Decoded<ScoredMention>>> openScored(List<Messages.Decoded<ScoredMention>> batch) {
        return open(batch, d -> d.event().sealedSubject(), (d, key) -> d.opened(d.event().open(key)));
    }

    /** {@link #open} for a batch of insight candidates (map's consumer of {@code insights.candidates}). */
    public Uni<List<Messages.Decoded<InsightCandidate>>> openCandidates(
            List<Messages.Decoded<InsightCandidate>> batch) {
        return open(batch, d -> d.event().sealedSubject(), (d, key) -> d.opened(d.event().open(key)));
    }

    private static <T> T openOrNull(T item, byte[] key, BiFunction<T, byte[], T> open) {
        if (key == null) {
            return null;
        }
        try {
            return open.apply(item, key);
        } catch (IllegalArgumentException e) {
            return null; // sealed under a key since destroyed (the author was erased, then heard again)
        }
    }

    private Uni<Map<String, byte[]>> read(String[] subjects) {
        return pools.get().preparedQuery(READ).execute(Tuple.of((Object) subjects)).map(rows -> {
            Map<String, byte[]> keys = new HashMap<>();
            for (Row r : rows) {
                String s = r.getString(0);
                keys.put(s, Base64.getDecoder().decode(box.open(r.getString(1), s)));
            }
            return keys;
        });
    }
}
