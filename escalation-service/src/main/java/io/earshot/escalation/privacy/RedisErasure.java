package io.earshot.escalation.privacy;

import io.earshot.escalation.windows.WindowStore;
import io.earshot.platform.privacy.Subjects;
import io.earshot.platform.redis.RedisSettings;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Removes a subject from escalation's Redis state (windows and coordination detection, all under
 * {@code <prefix>cr:}): the author ({@code source:authorId}) leaves every author ranking (sorted sets) and
 * coordination account set (hashes); the subject's mentions leave the sample and member lists; a coordination
 * cluster whose sample text came from one of them gets "[erased]" instead. Keys are found with SCAN, a page at a
 * time, so Redis is never blocked. Redis is disposable state: a failure here is logged and retried with the request.
 */
@ApplicationScoped
public class RedisErasure {
    private static final Logger LOG = Logger.getLogger(RedisErasure.class);
    private static final int PAGE = 500;

    private final WindowStore redis;
    private final String pattern;

    public RedisErasure(WindowStore redis, RedisSettings redisSettings) {
        this.redis = redis;
        this.pattern = redisSettings.keyPrefix().replaceAll("([*?\\[\\]\\\\])", "\\\\$1") + "cr:*";
    }

    public Uni<Void> erase(Set<String> authors, Set<UUID> mentions) {
        if (authors.isEmpty() && mentions.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String> ids = mentions.stream().map(UUID::toString).toList();
        return page("0", authors, ids).invoke(n -> LOG.debugf("erasure: %d Redis keys cleaned", n)).replaceWithVoid();
    }

    private Uni<Integer> page(String cursor, Set<String> authors, List<String> mentions) {
        return redis.batch(List.of(Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(pattern).arg("COUNT").arg(
                PAGE)))
                .flatMap(r -> {
                    String next = r.get(0).get(0).toString();
                    List<String> keys = new ArrayList<>();
                    r.get(0).get(1).forEach(k -> keys.add(k.toString()));
                    return clean(keys, authors, mentions)
                            .flatMap(n -> "0".equals(next)
                                    ? Uni.createFrom().item(n)
                                    : page(next, authors, mentions).map(m -> m + n));
                });
    }

    private Uni<Integer> clean(List<String> keys, Collection<String> authors, List<String> mentions) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        List<Request> types = keys.stream().map(k -> Request.cmd(Command.TYPE).arg(k)).toList();
        return redis.batch(types).flatMap(t -> {
            List<Request> work = new ArrayList<>();
            List<String> lists = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                String key = keys.get(i);
                String type = t.get(i).toString();
                if ("zset".equals(type) && !authors.isEmpty()) {
                    Request zrem = Request.cmd(Command.ZREM).arg(key);
                    authors.forEach(zrem::arg);
                    work.add(zrem);
                } else if ("hash".equals(type) && !authors.isEmpty()) {
                    Request hdel = Request.cmd(Command.HDEL).arg(key);
                    authors.forEach(hdel::arg);
                    work.add(hdel);
                } else if ("list".equals(type) && !mentions.isEmpty()) {
                    lists.add(key);
                }
            }
            return redis.batch(work).flatMap(done -> cleanLists(lists, mentions)).map(n -> work.size() + n);
        });
    }

    /**
     * Sample lists hold mention ids; coordination member lists hold {@code id|minute|negative|streams}, and their
     * cluster's first member supplied the sample text ({@code <base>:s} field {@code text}).
     */
    private Uni<Integer> cleanLists(List<String> lists, List<String> mentions) {
        if (lists.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return redis.batch(lists.stream().map(k -> Request.cmd(Command.LRANGE).arg(k).arg(0).arg(-1)).toList())
                .flatMap(contents -> {
                    List<Request> work = new ArrayList<>();
                    for (int i = 0; i < lists.size(); i++) {
                        String key = lists.get(i);
                        Response values = contents.get(i);
                        int index = 0;
                        for (Response v : values) {
                            String value = v.toString();
                            String id = value.contains("|") ? value.substring(0, value.indexOf('|')) : value;
                            if (mentions.contains(id)) {
                                work.add(Request.cmd(Command.LREM).arg(key).arg(0).arg(value));
                                if (index == 0 && key.endsWith(":m")) {
                                    work.add(Request.cmd(Command.HSET).arg(key.substring(0, key.length() - 2) + ":s")
                                            .arg("text").arg(Subjects.ERASED));
                                }
                            }
                            index++;
                        }
                    }
                    return redis.batch(work).map(r -> work.size());
                });
    }
}
