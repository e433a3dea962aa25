import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The demo's live crisis: prints, as one JSON array for POST /api/v1/mentions, a brand's quiet history of the last
 * 34 minutes (two mentions a minute by two regulars) and then a spike of 150 angry mentions in the minute after next,
 * each by its own customer with its own words (organic, so the coordination check does not set it apart). The crisis
 * detector learns from 30 minutes and judges a minute once it has closed, so the comms dashboard (/ui/crisis) shows the
 * crisis open about three minutes after the demo starts, with its baseline, z and drivers. Ids carry the spike's
 * minute: every demo run brings a new spike. Usage: java infra/demo/CrisisFeed.java [BRAND]
 */
public class CrisisFeed {
    static final int HISTORY_MINUTES = 34;
    static final int SPIKE = 150;
    static final String[] SOURCES = { "mastodon", "reddit", "bluesky" };
    static final String[] WORDS = ("outage down again refund charged twice app crashed support ignored hours waiting "
            + "cancelled order lost parcel login fails error useless broken billing overcharged nobody answers chat "
            + "disconnected router internet dead still no fix promised callback never came furious").split(" ");
    static final String[] OPENERS = { "Seriously", "Unbelievable", "Again?!", "Day two and", "Fed up:", "So angry,",
        "Worst week,", "Honestly", "Come on", "Still waiting," };

    public static void main(String[] args) {
        String brand = args.length > 0 ? args[0] : "initech";
        Instant spikeMinute = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(2));
        String run = Long.toString(spikeMinute.getEpochSecond() / 60);
        Random r = new Random(spikeMinute.getEpochSecond());
        List<String> out = new ArrayList<>();
        for (int m = HISTORY_MINUTES; m >= 1; m--) {
            for (int i = 0; i < 2; i++) {
                Instant at = spikeMinute.minus(Duration.ofMinutes(m)).plusSeconds(10 + 25L * i);
                String text = "Question for @" + brand + ": " + words(r, 8) + " (" + r.nextInt(100_000) + ")";
                out.add(mention(brand, "demo-crisis-" + run + "-h" + m + "-" + i, "demo-regular-" + i, i % 3, text, at));
            }
        }
        for (int i = 0; i < SPIKE; i++) {
            Instant at = spikeMinute.plusMillis(50_000L * i / SPIKE);
            String text = OPENERS[r.nextInt(OPENERS.length)] + " @" + brand + " " + words(r, 9) + " #" + brand + "down "
                    + r.nextInt(1_000_000);
            out.add(mention(brand, "demo-crisis-" + run + "-s" + i, "demo-customer-" + run + "-" + i, i % 3, text, at));
        }
        System.out.println("[" + String.join(",\n", out) + "]");
    }

    static String words(Random r, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(i == 0 ? "" : " ").append(WORDS[r.nextInt(WORDS.length)]);
        }
        return s.toString();
    }

    static String mention(String brand, String id, String author, int source, String text, Instant at) {
        String src = SOURCES[source];
        return "{\"source\":\"" + src + "\",\"externalId\":\"" + id + "\",\"url\":\"https://social.example/demo/" + id
                + "\",\"brand\":\"" + brand + "\",\"author\":{\"id\":\"" + author + "\",\"handle\":\"@" + author
                + "\",\"displayName\":\"Demo " + author + "\",\"followers\":" + (40 + Math.floorMod(author.hashCode(), 900))
                + ",\"verified\":false},\"text\":\"" + text + "\",\"lang\":\"en\",\"createdAt\":\"" + at
                + "\",\"thread\":{\"rootId\":\"" + id + "\",\"parentId\":null}}";
    }
}
