package io.earshot.escalation.windows;

import io.earshot.contracts.events.Emotions;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.platform.redis.RedisSettings;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Sliding-window statistics per stream in Redis, by mention time ({@code createdAt}). A stream is a brand, or a brand
 * x topic ({@code brand/topic}). Per stream and minute a hash {@code cr:m:<stream>:<epoch-minute>} (volume, negatives,
 * coordinated and their negatives, sum of compounds, sums of emotions, mentions per source), a sorted set of authors
 * and a list of sample mention ids; per stream and hour a hash {@code cr:h:<stream>:<epoch-hour>} of the same sums.
 * A sorted set {@code cr:streams} holds every stream by its latest minute (what the crisis monitor walks), a hash
 * {@code cr:first} its earliest minute (the earliest by mention time, not the first to arrive: a back-filled history
 * arriving after a spike must still count as the stream's past).
 *
 * <p>A batch of mentions is recorded by one Lua script call (one round trip, atomic, {@link #RECORD}), which also
 * joins each mention to its coordination clusters: a {@code SET NX} marker guards redeliveries, so a mention is counted
 * once. Coordinated mentions count in {@code volume} and {@code coordinated} only: the organic
 * signal is {@code volume - coordinated}. Redis is disposable: losing it costs the recent windows, never a case.
 */
@ApplicationScoped
public class WindowStore {
    /** A stream key: a brand, or a brand and topic. */
    public static String stream(String brand, String topic) {
        return topic == null || topic.isEmpty() ? brand : brand + "/" + topic;
    }

    /**
     * Records a whole batch in one call (one round trip, atomic), mention after mention in the batch's order. For each:
     * when it has a near-duplicate fingerprint, it joins its coordination clusters (the detector's keys, four per
     * band: accounts, members, stats, flag) and is coordinated once the biggest of them reaches the thresholds; the
     * call that flags a cluster first moves its members counted as organic before out of the organic signal (each
     * once: a {@code coord:} marker). Then, unless its {@code seen:} marker says it was counted already, it is counted
     * in the minute and hour of each of its streams. Returns per mention {counted, coordinated, newly flagged, best
     * band, and that band's accounts, weight (tenths), members, new accounts, low-follower accounts, links, first}.
     */
    private static final String RECORD = """
            local mttl, httl, prefix = ARGV[1], ARGV[2], ARGV[3]
            local emotions = {'anger', 'joy', 'confusion', 'sadness', 'fear', 'gratitude'}
            local function exclude(e)
              local id, minute, neg, streams = string.match(e, '^([^|]*)|([^|]*)|([^|]*)|(.*)$')
              if not id or not redis.call('SET', prefix .. 'coord:' .. id, '1', 'NX', 'EX', httl) then return end
              local hour = tostring(math.floor(tonumber(minute) / 60))
              for s in string.gmatch(streams, '[^,]+') do
                for _, key in ipairs({prefix .. 'm:' .. s .. ':' .. minute, prefix .. 'h:' .. s .. ':' .. hour}) do
                  if redis.call('EXISTS', key) == 1 then
                    redis.call('HINCRBY', key, 'coordinated', 1)
                    if neg == '1' then redis.call('HINCRBY', key, 'coordinatedNegative', 1) end
                  end
                end
              end
            end
            local out = {}
            local a, k = 5, 3
            for i = 1, tonumber(ARGV[4]) do
              local id, minute, neg, coord = ARGV[a], tonumber(ARGV[a + 1]), ARGV[a + 2] == '1', ARGV[a + 3] == '1'
              local author, source, compound = ARGV[a + 4], ARGV[a + 5], ARGV[a + 6]
              local emo = {ARGV[a + 7], ARGV[a + 8], ARGV[a + 9], ARGV[a + 10], ARGV[a + 11], ARGV[a + 12]}
              local nstreams, nbands = tonumber(ARGV[a + 13]), tonumber(ARGV[a + 14])
              local names = {}
              for j = 1, nstreams do names[j] = ARGV[a + 14 + j] end
              a = a + 15 + nstreams
              local seen, coordKey = KEYS[k], KEYS[k + 1]
              k = k + 2
              local result = {0, 0, 0, 0}
              if nbands > 0 then
                local weight, entry, new, low, link, text, at = ARGV[a], ARGV[a + 1], ARGV[a + 2], ARGV[a + 3], ARGV[a + 4],
                  ARGV[a + 5], ARGV[a + 6]
                local cttl, minAccounts, minScore = ARGV[a + 7], tonumber(ARGV[a + 8]), tonumber(ARGV[a + 9])
                a = a + 10
                local best, stats, flag, members
                for b = 1, nbands do
                  local ak, mk, sk, fk = KEYS[k], KEYS[k + 1], KEYS[k + 2], KEYS[k + 3]
                  k = k + 4
                  if redis.call('HSET', ak, author, weight) == 1 then
                    redis.call('HINCRBY', sk, 'new', new)
                    redis.call('HINCRBY', sk, 'low', low)
                    redis.call('HINCRBY', sk, 'link', link)
                  end
                  redis.call('RPUSH', mk, entry)
                  redis.call('HSETNX', sk, 'text', text)
                  redis.call('HSETNX', sk, 'first', at)
                  redis.call('HSET', sk, 'last', at)
                  for _, key in ipairs({ak, mk, sk}) do redis.call('EXPIRE', key, cttl) end
                  local score = 0
                  for _, w in ipairs(redis.call('HVALS', ak)) do score = score + tonumber(w) end
                  local st = redis.call('HMGET', sk, 'new', 'low', 'link', 'first')
                  local row = {redis.call('HLEN', ak), score, redis.call('LLEN', mk), st[1] or '0', st[2] or '0', st[3] or '0',
                    st[4] or at}
                  if not best or row[1] > stats[1] then best, stats, flag, members = b, row, fk, mk end
                end
                local newly = 0
                if stats[1] >= minAccounts and stats[2] >= minScore then
                  coord = true
                  if redis.call('SET', flag, '1', 'NX', 'EX', cttl) then
                    newly = 1
                    for _, e in ipairs(redis.call('LRANGE', members, 0, -1)) do
                      if string.sub(e, 1, #id + 1) ~= id .. '|' then exclude(e) end
                    end
                  end
                end
                result = {0, 0, newly, best, stats[1], tostring(stats[2]), stats[3], stats[4], stats[5], stats[6], stats[7]}
              end
              if redis.call('SET', seen, '1', 'NX', 'EX', httl) then
                result[1] = 1
                if coord then redis.call('SET', coordKey, '1', 'EX', httl) end
                for j = 1, nstreams do
                  local name = names[j]
                  local base = k + (j - 1) * 4
                  local mk, hk, ak, sk = KEYS[base], KEYS[base + 1], KEYS[base + 2], KEYS[base + 3]
                  for _, key in ipairs({mk, hk}) do
                    redis.call('HINCRBY', key, 'volume', 1)
                    if neg then redis.call('HINCRBY', key, 'negative', 1) end
                    if coord then
                      redis.call('HINCRBY', key, 'coordinated', 1)
                      if neg then redis.call('HINCRBY', key, 'coordinatedNegative', 1) end
                    else
                      redis.call('HINCRBYFLOAT', key, 'compound', compound)
                      for e = 1, 6 do
                        if emo[e] ~= '0' then redis.call('HINCRBYFLOAT', key, 'e:' .. emotions[e], emo[e]) end
                      end
                      redis.call('HINCRBY', key, 's:' .. source, 1)
                    end
                  end
                  redis.call('EXPIRE', mk, mttl)
                  redis.call('EXPIRE', hk, httl)
                  if not coord then
                    redis.call('ZINCRBY', ak, 1, author)
                    redis.call('EXPIRE', ak, mttl)
                    redis.call('LPUSH', sk, id)
                    redis.call('LTRIM', sk, 0, 9)
                    redis.call('EXPIRE', sk, mttl)
                  end
                  local last = redis.call('ZSCORE', KEYS[1], name)
                  if not last or tonumber(last) < minute then redis.call('ZADD', KEYS[1], minute, name) end
                  local first = redis.call('HGET', KEYS[2], name)
                  if not first or tonumber(first) > minute then redis.call('HSET', KEYS[2], name, minute) end
                end
              end
              k = k + 4 * nstreams
              result[2] = coord and 1 or 0
              out[i] = result
            end
            return out
            """;

    /**
     * A mention's coordination join, made by the coordination detector: four keys per band (accounts, members, stats,
     * flag) and its arguments (weight, member entry, new account, few followers, link, text, event second, clusters'
     * time to live, least accounts, least weight in tenths).
     */
    public record Join(List<String> keys, List<String> args) {
        public Join {
            if (keys.size() % 4 != 0 || args.size() != 10) {
                throw new IllegalArgumentException("a join has four keys per band and ten arguments");
            }
        }
    }

    /** A mention of a batch to record; {@code coordinated} forces it aside, {@code join} (or null) joins its clusters. */
    public record Item(ScoredMention scored, boolean coordinated, Join join) {}

    /** What recording one mention did; the cluster figures are those of its biggest cluster (band > 0 only). */
    public record Outcome(boolean counted, boolean coordinated, boolean newlyFlagged, int band, int accounts,
            double weightTenths, int members, int newAccounts, int lowFollowerAccounts, int withLinks,
            long firstSecond) {}

    private final ReactiveRedisDataSource redis;
    private final String prefix;
    private final Duration minuteRetention;
    private final Duration hourRetention;
    private final int maxTopics;

    public WindowStore(ReactiveRedisDataSource redis, RedisSettings redisSettings,
            WindowSettings settings) {
        this.redis = redis;
        this.prefix = redisSettings.keyPrefix() + "cr:";
        this.minuteRetention = settings.retention();
        this.hourRetention = settings.hourRetention();
        this.maxTopics = settings.maxTopics();
    }

    public Duration minuteRetention() {
        return minuteRetention;
    }

    /** The mention's event time (createdAt; scoredAt when the source gave none). */
    public static Instant eventTime(ScoredMention scored) {
        return scored.mention().createdAt() != null ? scored.mention().createdAt() : scored.scoredAt();
    }

    public static boolean negative(ScoredMention scored) {
        return scored.scores().sentiment() <= -0.05;
    }

    /** The streams a mention counts in: its brand and, for each of its first topics, brand x topic. */
    public List<String> streams(ScoredMention scored) {
        LinkedHashSet<String> streams = new LinkedHashSet<>();
        streams.add(scored.mention().brand());
        scored.scores().topics().stream().filter(t -> t != null && !t.isBlank()).limit(maxTopics)
                .forEach(t -> streams.add(stream(scored.mention().brand(), t)));
        return List.copyOf(streams);
    }

    /** Counts a mention once in all its streams; {@code coordinated} puts it aside from the organic signal. */
    public Uni<Boolean> record(ScoredMention scored, boolean coordinated) {
        return recordAll(List.of(new Item(scored, coordinated, null))).map(r -> r.get(0).counted());
    }

    /** Records a batch in one call of {@link #RECORD} (one round trip); the outcomes in the batch's order. */
    public Uni<List<Outcome>> recordAll(List<Item> items) {
        if (items.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<String> keys = new ArrayList<>();
        keys.add(prefix + "streams");
        keys.add(prefix + "first");
        List<String> args = new ArrayList<>(List.of(String.valueOf(minuteRetention.toSeconds()),
                String.valueOf(hourRetention.toSeconds()), prefix, String.valueOf(items.size())));
        for (Item item : items) {
            ScoredMention scored = item.scored();
            long minute = eventTime(scored).getEpochSecond() / 60;
            List<String> streams = streams(scored);
            keys.add(prefix + "seen:" + scored.mention().id());
            keys.add(prefix + "coord:" + scored.mention().id());
            Emotions e = scored.scores().emotions();
            String author = scored.mention().author() == null
                    ? "?"
                    : scored.mention().source() + ":" + scored.mention().author().id();
            args.addAll(List.of(scored.mention().id().toString(), String.valueOf(minute), negative(scored) ? "1" : "0",
                    item.coordinated() ? "1" : "0", author, scored.mention().source(), num(scored.scores().sentiment()),
                    num(e.anger()), num(e.joy()), num(e.confusion()), num(e.sadness()), num(e.fear()), num(e
                            .gratitude()),
                    String.valueOf(streams.size()), String.valueOf(item.join() == null
                            ? 0
                            : item.join().keys().size() / 4)));
            args.addAll(streams);
            if (item.join() != null) {
                keys.addAll(item.join().keys());
                args.addAll(item.join().args());
            }
            for (String s : streams) {
                keys.add(minuteKey(s, minute));
                keys.add(hourKey(s, minute / 60));
                keys.add(prefix + "ma:" + s + ":" + minute);
                keys.add(prefix + "ms:" + s + ":" + minute);
            }
        }
        return eval(RECORD, keys, args).map(r -> {
            List<Outcome> out = new ArrayList<>(r.size());
            for (Response o : r) {
                boolean band = o.size() > 4;
                out.add(new Outcome(o.get(0).toInteger() == 1, o.get(1).toInteger() == 1, o.get(2).toInteger() == 1,
                        o.get(3).toInteger(), band ? o.get(4).toInteger() : 0,
                        band ? Double.parseDouble(o.get(5).toString()) : 0, band ? o.get(6).toInteger() : 0,
                        band ? Integer.parseInt(o.get(7).toString()) : 0, band
                                ? Integer.parseInt(o.get(8).toString())
                                : 0,
                        band ? Integer.parseInt(o.get(9).toString()) : 0, band
                                ? Long.parseLong(o.get(10).toString())
                                : 0));
            }
            return out;
        });
    }

    /** Streams active at or after {@code sinceMinute}, with their first minute. */
    public Uni<Map<String, Long>> activeStreams(long sinceMinute) {
        return batch(List.of(
                Request.cmd(Command.ZREMRANGEBYSCORE).arg(prefix + "streams").arg("-inf").arg("(" + (sinceMinute
                        - minuteRetention.toMinutes())),
                Request.cmd(Command.ZRANGEBYSCORE).arg(prefix + "streams").arg(sinceMinute).arg("+inf")))
                .flatMap(r -> {
                    List<String> names = new ArrayList<>();
                    r.get(1).forEach(n -> names.add(n.toString()));
                    if (names.isEmpty()) {
                        return Uni.createFrom().item(Map.<String, Long>of());
                    }
                    Request hmget = Request.cmd(Command.HMGET).arg(prefix + "first");
                    names.forEach(hmget::arg);
                    return batch(List.of(hmget)).map(f -> {
                        Map<String, Long> out = new HashMap<>();
                        for (int i = 0; i < names.size(); i++) {
                            Response v = f.get(0).get(i);
                            out.put(names.get(i), v == null ? Long.MAX_VALUE : v.toLong());
                        }
                        return out;
                    });
                });
    }

    /** Stores what the detector expected of a closed minute (read back into {@link Bucket#expected()}). */
    public Uni<Void> annotate(String stream, long minute, Band band) {
        String key = minuteKey(stream, minute);
        return batch(List.of(Request.cmd(Command.HSET).arg(key).arg("b:v").arg(num(band.volume())).arg("b:vl")
                .arg(num(band.volumeLow())).arg("b:vh").arg(num(band.volumeHigh())).arg("b:s").arg(num(band
                        .negativeShare()))
                .arg("b:sl").arg(num(band.negativeShareLow())).arg("b:sh").arg(num(band.negativeShareHigh())),
                Request.cmd(Command.EXPIRE).arg(key).arg(minuteRetention.toSeconds()))).replaceWithVoid();
    }

    /** Minute buckets of a stream from {@code from} to {@code to} (epoch minutes, inclusive), oldest first. */
    public Uni<List<Bucket>> minutes(String stream, long from, long to) {
        return buckets(stream, from, to, 60, this::minuteKey);
    }

    /** Hour buckets of a stream from {@code from} to {@code to} (epoch hours, inclusive), oldest first. */
    public Uni<List<Bucket>> hours(String stream, long from, long to) {
        return buckets(stream, from, to, 3600, this::hourKey);
    }

    /** Sample mention ids of a minute, newest first. */
    public Uni<List<UUID>> samples(String stream, long minute) {
        return batch(List.of(Request.cmd(Command.LRANGE).arg(prefix + "ms:" + stream + ":" + minute).arg(0).arg(9)))
                .map(r -> {
                    List<UUID> ids = new ArrayList<>();
                    r.get(0).forEach(v -> ids.add(UUID.fromString(v.toString())));
                    return ids;
                });
    }

    /** Organic mentions per author over the minutes {@code from..to}, summed. */
    public Uni<Map<String, Long>> authors(String stream, long from, long to) {
        List<Request> reads = new ArrayList<>();
        for (long m = from; m <= to; m++) {
            reads.add(Request.cmd(Command.ZRANGE).arg(prefix + "ma:" + stream + ":" + m).arg(0).arg(-1).arg(
                    "WITHSCORES"));
        }
        return batch(reads).map(r -> {
            Map<String, Long> counts = new HashMap<>();
            for (Response z : r) {
                // RESP2 gives a flat [member, score, ...] array, RESP3 an array of [member, score] pairs.
                List<String> flat = new ArrayList<>();
                z.forEach(item -> {
                    if (item.type() == io.vertx.redis.client.ResponseType.MULTI) {
                        item.forEach(x -> flat.add(x.toString()));
                    } else {
                        flat.add(item.toString());
                    }
                });
                for (int i = 0; i + 1 < flat.size(); i += 2) {
                    counts.merge(flat.get(i), (long) Double.parseDouble(flat.get(i + 1)), Long::sum);
                }
            }
            return counts;
        });
    }

    private Uni<List<Bucket>> buckets(String stream, long from, long to, long seconds, KeyFn key) {
        if (to < from) {
            return Uni.createFrom().item(List.of());
        }
        List<Request> reads = new ArrayList<>();
        for (long t = from; t <= to; t++) {
            reads.add(Request.cmd(Command.HGETALL).arg(key.of(stream, t)));
        }
        return batch(reads).map(r -> {
            List<Bucket> out = new ArrayList<>(r.size());
            for (int i = 0; i < r.size(); i++) {
                Map<String, String> h = new HashMap<>();
                Response resp = r.get(i);
                for (String k : resp.getKeys()) {
                    h.put(k, resp.get(k).toString());
                }
                out.add(Bucket.of(Instant.ofEpochSecond((from + i) * seconds), h));
            }
            return out;
        });
    }

    private interface KeyFn {
        String of(String stream, long t);
    }

    private String minuteKey(String stream, long minute) {
        return prefix + "m:" + stream + ":" + minute;
    }

    private String hourKey(String stream, long hour) {
        return prefix + "h:" + stream + ":" + hour;
    }

    /** Sends the requests in one pipeline (one write, one read) and returns their responses in order. */
    public Uni<List<Response>> batch(List<Request> requests) {
        return requests.isEmpty() ? Uni.createFrom().item(List.of()) : redis.getRedis().batch(requests);
    }

    /** Runs a Lua script (EVAL) with its keys and arguments. */
    public Uni<Response> eval(String script, List<String> keys, List<String> args) {
        Request r = Request.cmd(Command.EVAL).arg(script).arg(keys.size());
        keys.forEach(r::arg);
        args.forEach(r::arg);
        return batch(List.of(r)).map(l -> l.get(0));
    }

    private static String num(double v) {
        return v == 0 ? "0" : String.valueOf(Math.round(v * 10000) / 10000.0);
    }
}
