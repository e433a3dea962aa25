package io.earshot.escalation.crisis;

import io.earshot.contracts.Ids;
import io.earshot.contracts.events.Author;
import io.earshot.contracts.events.Mention;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.contracts.text.SimHash;
import io.earshot.escalation.windows.WindowStore;
import io.earshot.platform.redis.RedisSettings;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

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

    /** A cluster a mention joined, as it stands after the join. */
    public record Cluster(UUID id, String brand, String key, String fingerprint, int accounts, int mentions,
            double score,
            int newAccounts, int lowFollowerAccounts, int withLinks, Instant firstSeen, Instant lastSeen,
            String sampleText) {}

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

    public CoordinationDetector(WindowStore windows, RedisSettings redisSettings,
            CoordinationSettings settings) {
        this.windows = windows;
        this.prefix = redisSettings.keyPrefix() + "cr:co:";
        this.window = settings.window();
        this.minAccounts = settings.minAccounts();
        this.minScore = settings.minScore();
        this.newAccountAge = settings.newAccountAge();
        this.lowFollowers = settings.lowFollowers();
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

    /** A mention's join, ready for {@link WindowStore#recordAll}, with what {@link #verdict} needs to name the cluster. */
    public record Prepared(WindowStore.Join join, long fingerprint, List<String> clusterKeys, long slot, Instant at,
            String text) {}

    /**
     * The mention's join to its near-duplicate clusters of this time slot (recorded with the windows, in the same
     * call), or null when it has no fingerprint or no author. The call that flags a cluster moves its members counted
     * as organic before out of the organic windows (once each).
     */
    public Prepared prepare(ScoredMention scored) {
        Mention m = scored.mention();
        long fp = fingerprint(m);
        if (fp == 0L || m.author() == null || m.author().id() == null) {
            return null;
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
            redisKeys.add(base + ":flag");
        }
        long minute = at.getEpochSecond() / 60;
        String entry = m.id() + "|" + minute + "|" + (WindowStore.negative(scored) ? 1 : 0) + "|"
                + String.join(",", windows.streams(scored));
        String text = m.text() == null ? "" : m.text().length() > 500 ? m.text().substring(0, 500) : m.text();
        List<String> args = List.of(String.valueOf(weight(m)), entry, newAccount(m) ? "1" : "0",
                lowFollowers(m) ? "1" : "0", hasLink(m) ? "1" : "0", text, String.valueOf(at.getEpochSecond()),
                String.valueOf(window.multipliedBy(3).toSeconds()), String.valueOf(minAccounts),
                String.valueOf(minScore * 10));
        return new Prepared(new WindowStore.Join(redisKeys, args), fp, keys, slot, at, text);
    }

    /** What the recording concluded about a prepared mention: coordinated (and in which cluster) or organic. */
    public Verdict verdict(ScoredMention scored, Prepared prepared, WindowStore.Outcome o) {
        if (prepared == null || !o.coordinated() || o.band() < 1) {
            return Verdict.ORGANIC;
        }
        Mention m = scored.mention();
        String key = prepared.clusterKeys().get(o.band() - 1);
        Instant first = Instant.ofEpochSecond(o.firstSecond());
        Instant at = prepared.at();
        Cluster cluster = new Cluster(Ids.v5(Ids.NAMESPACE, "coordination\u0000" + m.brand() + "\u0000" + prepared
                .slot() + "\u0000" + key),
                m.brand(), key, SimHash.hex(prepared.fingerprint()), o.accounts(), o.members(), o.weightTenths() / 10.0,
                o.newAccounts(), o.lowFollowerAccounts(), o.withLinks(), first, at.isAfter(first) ? at : first, prepared
                        .text());
        return new Verdict(true, cluster, o.newlyFlagged());
    }
}
