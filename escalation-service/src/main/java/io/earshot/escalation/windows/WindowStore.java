package io.earshot.escalation.windows;

import io.earshot.contracts.events.Emotions;
import io.earshot.contracts.events.ScoredMention;
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
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sliding-window statistics per stream in Redis, by mention time ({@code createdAt}). A stream is a brand, or a brand
 * x topic ({@code brand/topic}). Per stream and minute a hash {@code cr:m:<stream>:<epoch-minute>} (volume, negatives,
 * coordinated and their negatives, sum of compounds, sums of emotions, mentions per source), a sorted set of authors
 * and a list of sample mention ids; per stream and hour a hash {@code cr:h:<stream>:<epoch-hour>} of the same sums.
 * A sorted set {@code cr:streams} holds every stream by its latest minute (what the crisis monitor walks), a hash
 * {@code cr:first} its earliest minute (the earliest by mention time, not the first to arrive: a back-filled history
 * arriving after a spike must still count as the stream's past).
 *
 * <p>Each mention is recorded by one Lua script (one round trip, atomic): a {@code SET NX} marker guards redeliveries,
 * so a mention is counted once. Coordinated mentions count in {@code volume} and {@code coordinated} only: the organic
 * signal is {@code volume - coordinated}. Redis is disposable: losing it costs the recent windows, never a case.
 */
@ApplicationScoped
public class WindowStore {
    /** A stream key: a brand, or a brand and topic. */
    public static String stream(String brand, String topic) {
        return topic == null || topic.isEmpty() ? brand : brand + "/" + topic;
    }

    private static final String RECORD = """
            if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then return 0 end
            local streams = tonumber(ARGV[2])
            local minute = tonumber(ARGV[3])
            local neg = ARGV[4] == '1'
            local coord = ARGV[5] == '1'
            local mttl, httl = ARGV[6], ARGV[7]
            local author, id, source, compound = ARGV[8], ARGV[9], ARGV[10], ARGV[11]
            local emotions = {'anger', 'joy', 'confusion', 'sadness', 'fear', 'gratitude'}
            if coord then redis.call('SET', KEYS[2], '1', 'EX', ARGV[1]) end
            for i = 0, streams - 1 do
              local name = ARGV[18 + i]
              local mk, hk, ak, sk = KEYS[5 + i * 4], KEYS[6 + i * 4], KEYS[7 + i * 4], KEYS[8 + i * 4]
              for _, k in ipairs({mk, hk}) do
                redis.call('HINCRBY', k, 'volume', 1)
                if neg then redis.call('HINCRBY', k, 'negative', 1) end
                if coord then
                  redis.call('HINCRBY', k, 'coordinated', 1)
                  if neg then redis.call('HINCRBY', k, 'coordinatedNegative', 1) end
                else
                  redis.call('HINCRBYFLOAT', k, 'compound', compound)
                  for j = 1, 6 do
                    if ARGV[11 + j] ~= '0' then redis.call('HINCRBYFLOAT', k, 'e:' .. emotions[j], ARGV[11 + j]) end
                  end
                  redis.call('HINCRBY', k, 's:' .. source, 1)
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
              local last = redis.call('ZSCORE', KEYS[3], name)
              if not last or tonumber(last) < minute then redis.call('ZADD', KEYS[3], minute, name) end
              local first = redis.call('HGET', KEYS[4], name)
              if not first or tonumber(first) > minute then redis.call('HSET', KEYS[4], name, minute) end
            end
            return 1
            """;

    /** Moves an already counted mention into "coordinated" (once: a marker guards it). */
    private static final String EXCLUDE = """
            if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then return 0 end
            for i = 2, #KEYS do
              if redis.call('EXISTS', KEYS[i]) == 1 then
                redis.call('HINCRBY', KEYS[i], 'coordinated', 1)
                if ARGV[2] == '1' then redis.call('HINCRBY', KEYS[i], 'coordinatedNegative', 1) end
              end
            end
            return 1
            """;

    private final ReactiveRedisDataSource redis;
    private final String prefix;
    private final Duration minuteRetention;
    private final Duration hourRetention;
    private final int maxTopics;

    public WindowStore(ReactiveRedisDataSource redis, @ConfigProperty(name = "earshot.redis.key-prefix") String prefix,
            @ConfigProperty(name = "earshot.windows.retention") Duration minuteRetention,
            @ConfigProperty(name = "earshot.windows.hour-retention") Duration hourRetention,
            @ConfigProperty(name = "earshot.windows.max-topics") int maxTopics) {
        this.redis = redis;
        this.prefix = prefix + "cr:";
        this.minuteRetention = minuteRetention;
        this.hourRetention = hourRetention;
        this.maxTopics = maxTopics;
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
        long minute = eventTime(scored).getEpochSecond() / 60;
        List<String> streams = streams(scored);
        List<String> keys = new ArrayList<>();
        keys.add(prefix + "seen:" + scored.mention().id());
        keys.add(prefix + "coord:" + scored.mention().id());
        keys.add(prefix + "streams");
        keys.add(prefix + "first");
        for (String s : streams) {
            keys.add(minuteKey(s, minute));
            keys.add(hourKey(s, minute / 60));
            keys.add(prefix + "ma:" + s + ":" + minute);
            keys.add(prefix + "ms:" + s + ":" + minute);
        }
        Emotions e = scored.scores().emotions();
        String author = scored.mention().author() == null ? "?" : scored.mention().source() + ":" + scored.mention().author().id();
        List<String> args = new ArrayList<>(List.of(String.valueOf(hourRetention.toSeconds()), String.valueOf(streams.size()),
                String.valueOf(minute), negative(scored) ? "1" : "0", coordinated ? "1" : "0",
                String.valueOf(minuteRetention.toSeconds()), String.valueOf(hourRetention.toSeconds()), author,
                scored.mention().id().toString(), scored.mention().source(), num(scored.scores().sentiment()),
                num(e.anger()), num(e.joy()), num(e.confusion()), num(e.sadness()), num(e.fear()), num(e.gratitude())));
        args.addAll(streams);
        return eval(RECORD, keys, args).map(r -> r.toInteger() == 1);
    }

    /** Puts a mention counted as organic aside as coordinated, in the minute and hour of every one of its streams. */
    public Uni<Boolean> exclude(UUID mentionId, long minute, boolean negative, List<String> streams) {
        List<String> keys = new ArrayList<>();
        keys.add(prefix + "coord:" + mentionId);
        for (String s : streams) {
            keys.add(minuteKey(s, minute));
            keys.add(hourKey(s, minute / 60));
        }
        return eval(EXCLUDE, keys, List.of(String.valueOf(hourRetention.toSeconds()), negative ? "1" : "0"))
                .map(r -> r.toInteger() == 1);
    }

    /** Streams active at or after {@code sinceMinute}, with their first minute. */
    public Uni<Map<String, Long>> activeStreams(long sinceMinute) {
        return batch(List.of(
                Request.cmd(Command.ZREMRANGEBYSCORE).arg(prefix + "streams").arg("-inf").arg("(" + (sinceMinute - minuteRetention.toMinutes())),
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
                .arg(num(band.volumeLow())).arg("b:vh").arg(num(band.volumeHigh())).arg("b:s").arg(num(band.negativeShare()))
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
            reads.add(Request.cmd(Command.ZRANGE).arg(prefix + "ma:" + stream + ":" + m).arg(0).arg(-1).arg("WITHSCORES"));
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
