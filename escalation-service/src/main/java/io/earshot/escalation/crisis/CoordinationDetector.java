package io.earshot.escalation.crisis;

import io.earshot.contracts.Ids;
import io.earshot.contracts.events.Author;
import io.earshot.contracts.events.Mention;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.contracts.text.SimHash;
import io.earshot.escalation.windows.WindowStore;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Suspected coordinated inauthentic behaviour: near-duplicate texts from many distinct accounts in a short window.
 *
 * <p>A mention's SimHash fingerprint (the listener's {@code nearDuplicate.fingerprint}, or computed here from the
 * text) is indexed per brand and time slot ({@code window}) under its four 16-bit bands (two fingerprints within 3
 * bits share a band) or, when the listener named one, under its cluster id. Each index entry keeps the distinct
 * accounts with a suspicion weight: 1, plus {@code 0.5} each for an account younger than {@code newAccountAge}, fewer
 * than {@code lowFollowers} followers, and a link in the text (the same link, since the texts are near-duplicates).
 * A cluster is suspected coordination once it holds {@code minAccounts} accounts and their weights reach
 * {@code minScore}: from then on its mentions are recorded as coordinated, and the ones counted before are moved out
 * of the organic signal once. One author repeating themselves is not coordination (that shows as an outlier).
 */
@ApplicationScoped
public class CoordinationDetector {
    private static final Pattern LINK = Pattern.compile("https?://", Pattern.CASE_INSENSITIVE);

    private static final String JOIN = """
            local out = {}
            for i = 1, #KEYS / 3 do
              local ak, mk, sk = KEYS[i * 3 - 2], KEYS[i * 3 - 1], KEYS[i * 3]
              if redis.call('HSET', ak, ARGV[1], ARGV[2]) == 1 then
                redis.call('HINCRBY', sk, 'new', ARGV[4])
                redis.call('HINCRBY', sk, 'low', ARGV[5])
                redis.call('HINCRBY', sk, 'link', ARGV[6])
              end
              redis.call('RPUSH', mk, ARGV[3])
              redis.call('HSETNX', sk, 'text', ARGV[8])
              redis.call('HSETNX', sk, 'first', ARGV[9])
              redis.call('HSET', sk, 'last', ARGV[9])
              for _, k in ipairs({ak, mk, sk}) do redis.call('EXPIRE', k, ARGV[7]) end
              local score = 0
              for _, w in ipairs(redis.call('HVALS', ak)) do score = score + tonumber(w) end
              local s = redis.call('HMGET', sk, 'new', 'low', 'link', 'first')
              out[i] = {redis.call('HLEN', ak), tostring(score), redis.call('LLEN', mk), s[1] or '0', s[2] or '0', s[3] or '0', s[4]}
            end
            return out
            """;

    /** A cluster a mention joined, as it stands after the join. */
    public record Cluster(UUID id, String brand, String key, String fingerprint, int accounts, int mentions, double score,
            int newAccounts, int lowFollowerAccounts, int withLinks, Instant firstSeen, Instant lastSeen, String sampleText) {
    }

    /** What the detector concluded about one mention. */
    public record Verdict(boolean coordinated, Cluster cluster, boolean newlyFlagged) {
        static final Verdict ORGANIC = new Verdict(false, null, false);
    }

    private final WindowStore windows;
    private final String prefix;
    private final Duration window;
    private final int minAccounts;
    private final double minScore;
    private final Duration newAccountAge;
    private final long lowFollowers;

    public CoordinationDetector(WindowStore windows, @ConfigProperty(name = "earshot.redis.key-prefix") String prefix,
            @ConfigProperty(name = "earshot.coordination.window") Duration window,
            @ConfigProperty(name = "earshot.coordination.min-accounts") int minAccounts,
            @ConfigProperty(name = "earshot.coordination.min-score") double minScore,
            @ConfigProperty(name = "earshot.coordination.new-account-age") Duration newAccountAge,
            @ConfigProperty(name = "earshot.coordination.low-followers") long lowFollowers) {
        this.windows = windows;
        this.prefix = prefix + "cr:co:";
        this.window = window;
        this.minAccounts = minAccounts;
        this.minScore = minScore;
        this.newAccountAge = newAccountAge;
        this.lowFollowers = lowFollowers;
    }

    /** The mention's fingerprint: the listener's when it sent one, else computed from the text (0: none). */
    static long fingerprint(Mention m) {
        if (m.nearDuplicate() != null && m.nearDuplicate().fingerprint() != null) {
            try {
                return SimHash.parseHex(m.nearDuplicate().fingerprint());
            } catch (NumberFormatException e) {
                // fall through: a fingerprint we cannot read is recomputed
            }
        }
        return SimHash.fingerprint(m.text());
    }

    /** The index keys of a mention: the listener's cluster id, or the fingerprint's four bands. */
    static List<String> clusterKeys(Mention m, long fingerprint) {
        if (m.nearDuplicate() != null && m.nearDuplicate().clusterId() != null) {
            return List.of("c" + m.nearDuplicate().clusterId());
        }
        List<String> keys = new ArrayList<>(4);
        for (int band : SimHash.bands(fingerprint)) {
            keys.add("b" + Integer.toHexString(band));
        }
        return keys;
    }

    /** The suspicion weight of the mention's author, in tenths (1.0 to 2.5). */
    int weight(Mention m) {
        return 10 + 5 * (newAccount(m) ? 1 : 0) + 5 * (lowFollowers(m) ? 1 : 0) + 5 * (hasLink(m) ? 1 : 0);
    }

    boolean newAccount(Mention m) {
        Author a = m.author();
        Instant at = m.createdAt() != null ? m.createdAt() : m.fetchedAt();
        return a != null && a.createdAt() != null && at != null && a.createdAt().isAfter(at.minus(newAccountAge));
    }

    boolean lowFollowers(Mention m) {
        return m.author() != null && m.author().followers() != null && m.author().followers() < lowFollowers;
    }

    static boolean hasLink(Mention m) {
        return m.text() != null && LINK.matcher(m.text()).find();
    }

    /**
     * Joins the mention to its near-duplicate cluster of this time slot and says whether it is coordinated. When the
     * cluster has just crossed the threshold, the members counted as organic before are moved out of the organic
     * windows (once each).
     */
    public Uni<Verdict> assess(ScoredMention scored) {
        Mention m = scored.mention();
        long fp = fingerprint(m);
        if (fp == 0L || m.author() == null || m.author().id() == null) {
            return Uni.createFrom().item(Verdict.ORGANIC);
        }
        Instant at = WindowStore.eventTime(scored);
        long slot = at.getEpochSecond() / window.toSeconds();
        List<String> keys = clusterKeys(m, fp);
        List<String> redisKeys = new ArrayList<>();
        for (String k : keys) {
            String base = prefix + m.brand() + ":" + slot + ":" + k;
            redisKeys.add(base + ":a");
            redisKeys.add(base + ":m");
            redisKeys.add(base + ":s");
        }
        long minute = at.getEpochSecond() / 60;
        String entry = m.id() + "|" + minute + "|" + (WindowStore.negative(scored) ? 1 : 0) + "|"
                + String.join(",", windows.streams(scored));
        String text = m.text() == null ? "" : m.text().length() > 500 ? m.text().substring(0, 500) : m.text();
        List<String> args = List.of(m.source() + ":" + m.author().id(), String.valueOf(weight(m)), entry,
                newAccount(m) ? "1" : "0", lowFollowers(m) ? "1" : "0", hasLink(m) ? "1" : "0",
                String.valueOf(window.multipliedBy(3).toSeconds()), text, String.valueOf(at.getEpochSecond()));
        return windows.eval(JOIN, redisKeys, args).flatMap(r -> {
            int best = 0;
            for (int i = 1; i < r.size(); i++) {
                if (r.get(i).get(0).toInteger() > r.get(best).get(0).toInteger()) {
                    best = i;
                }
            }
            Response b = r.get(best);
            int accounts = b.get(0).toInteger();
            double score = Double.parseDouble(b.get(1).toString()) / 10.0;
            if (accounts < minAccounts || score < minScore) {
                return Uni.createFrom().item(Verdict.ORGANIC);
            }
            String key = keys.get(best);
            String base = prefix + m.brand() + ":" + slot + ":" + key;
            Instant first = Instant.ofEpochSecond(b.get(6).toLong());
            Cluster cluster = new Cluster(Ids.v5(Ids.NAMESPACE, "coordination\u0000" + m.brand() + "\u0000" + slot + "\u0000" + key),
                    m.brand(), key, SimHash.hex(fp), accounts, b.get(2).toInteger(), score, b.get(3).toInteger(),
                    b.get(4).toInteger(), b.get(5).toInteger(), first, at.isAfter(first) ? at : first, text);
            return windows.batch(List.of(Request.cmd(Command.SET).arg(base + ":flag").arg("1").arg("NX").arg("EX")
                    .arg(window.multipliedBy(3).toSeconds()))).flatMap(set -> {
                        boolean newly = set.get(0) != null;
                        Uni<Void> moved = newly ? excludeEarlier(base + ":m", m.id()) : Uni.createFrom().voidItem();
                        return moved.replaceWith(new Verdict(true, cluster, newly));
                    });
        });
    }

    /** Moves every member but {@code self} out of the organic windows (each once). */
    private Uni<Void> excludeEarlier(String membersKey, UUID self) {
        return windows.batch(List.of(Request.cmd(Command.LRANGE).arg(membersKey).arg(0).arg(-1)))
                .flatMap(r -> {
                    List<String[]> members = new ArrayList<>();
                    r.get(0).forEach(v -> members.add(v.toString().split("\\|", 4)));
                    return Multi.createFrom().iterable(members)
                            .filter(e -> e.length == 4 && !e[0].equals(self.toString()))
                            .onItem().transformToUniAndConcatenate(e -> windows.exclude(UUID.fromString(e[0]),
                                    Long.parseLong(e[1]), "1".equals(e[2]), List.of(e[3].split(","))))
                            .collect().asList().replaceWithVoid();
                });
    }
}
